"""A pickle under UW_HOME/models is only loaded back with a valid HMAC beside it."""

from __future__ import annotations

import pickle
from pathlib import Path

from underwrite.tools.signed_pickle import dump_signed, load_signed


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, ("raise SystemExit('attacker code ran')",))


def test_round_trip(isolated_home: Path) -> None:
    path = isolated_home / "models" / "m.pkl"
    dump_signed({"a": [1, 2]}, path)
    assert load_signed(path) == {"a": [1, 2]}


def test_replaced_pickle_is_refused_not_run(isolated_home: Path) -> None:
    path = isolated_home / "models" / "m.pkl"
    dump_signed({"a": 1}, path)
    path.write_bytes(pickle.dumps(_Boom()))  # the sidecar still holds the old HMAC
    assert load_signed(path) is None


def test_pickle_without_sidecar_is_refused(isolated_home: Path) -> None:
    path = isolated_home / "models" / "m.pkl"
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(_Boom()))
    assert load_signed(path) is None


def test_signed_file_cannot_stand_in_for_another(isolated_home: Path) -> None:
    models = isolated_home / "models"
    dump_signed({"a": 1}, models / "one.pkl")
    (models / "two.pkl").write_bytes((models / "one.pkl").read_bytes())
    (models / "two.pkl.hmac").write_bytes((models / "one.pkl.hmac").read_bytes())
    assert load_signed(models / "two.pkl") is None
