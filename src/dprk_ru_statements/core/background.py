"""Work that runs beside the build's own, in threads: writing the cache and drawing the figures
overlap with writing Parquet (pyarrow, zstd and sha256 release the GIL while they work)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

T = TypeVar("T")


class Background:
    """Run functions in threads; leaving the `with` block waits for all of them and raises the
    first error one of them raised, so nothing is lost and nothing outlives the block."""

    def __init__(self, threads: int = 3):
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="dprk-ru-statements")
        self._futures: list[Future[object]] = []

    def run(self, function: Callable[[], T]) -> Future[T]:
        future = self._pool.submit(function)
        self._futures.append(future)  # type: ignore[arg-type]
        return future

    def __enter__(self) -> Background:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._pool.shutdown(wait=True)
        if kind is None:
            for future in self._futures:
                future.result()  # an error in the background is the caller's error
