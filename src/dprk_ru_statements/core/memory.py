"""Give freed memory back to the operating system between the build's large steps.

Worker results arrive as many buffers of a few hundred kilobytes; once freed, glibc keeps them in
its heap for reuse, so a build's resident memory would only grow. `malloc_trim` returns the free
pages; elsewhere (macOS, musl) this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_free_memory() -> None:
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
