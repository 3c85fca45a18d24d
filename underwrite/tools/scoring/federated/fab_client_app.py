"""The ClientApp of the generated Flower app, copied into it as ``uwfederated/client_app.py``.

A SuperNode starts one ClientApp process per message, and a SecAgg+ round has four messages of
which only one (collect masked vectors) runs the silo's model code; setup, key sharing and unmask
are handled by ``secaggplus_mod`` alone. So this module imports only Flower, and the silo's code
(pandas, scikit-learn and the product's scoring package, ~20 s to import on a loaded 2-core host)
is imported inside ``_client_fn``, which Flower calls only for a message that computes something.
Inside the FAB it is not part of the ``underwrite`` package, so importing it does not run
``underwrite.tools.scoring``'s package ``__init__`` either.
"""

from __future__ import annotations

from collections.abc import Callable

from flwr.client import Client, ClientApp
from flwr.client.mod import secaggplus_mod
from flwr.common import Context, Message, MessageType
from flwr.common.secure_aggregation.secaggplus_constants import RECORD_KEY_CONFIGS


def _client_fn(context: Context) -> Client:
    # lazy: the scoring package costs ~20 s per ClientApp process; SecAgg+ key stages never need it
    from underwrite.tools.scoring.federated.secagg_app import silo_client

    return silo_client(context)


def secagg_when_asked(
    msg: Message, ctxt: Context, call_next: Callable[[Message, Context], Message]
) -> Message:
    """``secaggplus_mod`` for the fit messages that carry SecAgg+ stages; the plain ones pass through.

    Flower's mod expects every train message to be a SecAgg+ stage; without ``--secagg`` the
    SuperLink path sends plain train messages.
    """
    plain = RECORD_KEY_CONFIGS not in msg.content.config_records
    if msg.metadata.message_type == MessageType.TRAIN and plain:
        return call_next(msg, ctxt)
    return secaggplus_mod(msg, ctxt, call_next)


app = ClientApp(client_fn=_client_fn, mods=[secagg_when_asked])
