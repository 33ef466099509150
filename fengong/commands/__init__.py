"""The commands of ``fengong``, one module per group, loaded lazily by :mod:`fengong.cli`."""

from __future__ import annotations

import sys


def write_stdout(text: str) -> None:
    """Write to standard output as UTF-8, whatever the platform's default encoding."""
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
