"""Work done beside the build in threads is finished, and its errors raised, when the block ends."""

from __future__ import annotations

import threading

import pytest

from dprk_ru_statements.core.background import Background


def test_every_task_has_finished_when_the_block_ends() -> None:
    done: list[int] = []
    started = threading.Event()

    def slow(number: int) -> int:
        started.wait(5)
        done.append(number)
        return number

    with Background() as background:
        futures = [background.run(lambda n=n: slow(n)) for n in range(3)]
        started.set()
    assert sorted(done) == [0, 1, 2]
    assert [future.result() for future in futures] == [0, 1, 2]


def test_an_error_in_the_background_is_raised_by_the_block() -> None:
    def broken() -> None:
        raise ValueError("disk on fire")

    with pytest.raises(ValueError, match="disk on fire"), Background() as background:
        background.run(broken)


def test_an_error_of_the_block_itself_is_not_hidden_by_background_work() -> None:
    with pytest.raises(KeyError), Background() as background:
        background.run(lambda: None)
        raise KeyError("the caller's own error")
