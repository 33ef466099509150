"""Helper processes of a build: they die with the process that started them."""

from __future__ import annotations

import os
import sys

__all__ = ["die_with_parent"]


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process when the process that started it dies (Linux's
    ``PR_SET_PDEATHSIG``; elsewhere nothing): a build killed mid-way must not leave a worker
    or a child writing its outputs on, racing the next build. ``parent``: the pid of that
    process, where known; if it died before this was asked for, this process ends at once."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    if parent is not None and os.getppid() != parent:  # orphaned already: its parent is gone
        os._exit(1)
