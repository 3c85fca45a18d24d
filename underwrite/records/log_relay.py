"""``python -m underwrite.records.log_relay FILE``: copy stdin to FILE with identifiers masked.

The embedded llama.cpp server writes its own output (it is not Python logging); its stdout is piped
through this relay so nothing it echoes (a prompt, a request body) reaches the log unmasked. The
relay is its own process, so the server outlives whichever process started it, as before.
"""

from __future__ import annotations

import sys

from underwrite.records.pii import mask_text


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    with open(args[0], "ab", buffering=0) as out:
        for raw in sys.stdin.buffer:
            line = raw.decode("utf-8", errors="replace")
            out.write(mask_text(line).encode("utf-8"))


if __name__ == "__main__":
    main()
