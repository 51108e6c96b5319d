"""Tests of analytics/memo.py: results kept per frame object."""

from __future__ import annotations

import gc
import weakref

import pandas as pd

from analytics.memo import per_frames


def test_the_same_frame_and_arguments_compute_once() -> None:
    """A second call with the same frame object and arguments returns the first result."""
    calls: list[tuple[int, str]] = []

    @per_frames(size=2)
    def count(frame: pd.DataFrame, column: str) -> int:
        calls.append((id(frame), column))
        return int(frame[column].sum())

    frame = pd.DataFrame({"a": [1, 2], "b": [10, 20]})
    assert count(frame, "a") == 3
    assert count(frame, "a") == 3
    assert count(frame, "b") == 30
    assert len(calls) == 2
    # An equal but different frame is another frame: computed for itself.
    assert count(frame.copy(), "a") == 3
    assert len(calls) == 3


def test_a_new_frame_that_reuses_a_freed_frames_id_is_not_mistaken_for_it() -> None:
    """Identity is checked with a weak reference, not only the id."""

    @per_frames()
    def first_value(frame: pd.DataFrame) -> int:
        return int(frame["a"].iloc[0])

    old = pd.DataFrame({"a": [1]})
    assert first_value(old) == 1
    old_id = id(old)
    del old
    gc.collect()
    for value in range(2, 200):
        new = pd.DataFrame({"a": [value]})
        assert first_value(new) == value
        if id(new) == old_id:
            break


def test_only_the_newest_results_are_kept() -> None:
    """Beyond `size` results, the oldest is computed again."""
    calls: list[int] = []

    @per_frames(size=2)
    def total(frame: pd.DataFrame, factor: int) -> int:
        calls.append(factor)
        return int(frame["a"].sum()) * factor

    frame = pd.DataFrame({"a": [1, 2]})
    assert [total(frame, f) for f in (1, 2, 3)] == [3, 6, 9]
    assert total(frame, 3) == 9 and total(frame, 2) == 6
    assert calls == [1, 2, 3]
    assert total(frame, 1) == 3
    assert calls == [1, 2, 3, 1]


def test_a_result_goes_when_its_frame_is_freed() -> None:
    """The memo lets go of a freed frame's result (its memory is not held until evicted)."""

    class Result:
        def __init__(self, value: int) -> None:
            self.value = value

    @per_frames(size=4)
    def total(frame: pd.DataFrame) -> Result:
        return Result(int(frame["a"].sum()))

    kept = pd.DataFrame({"a": [1, 2]})
    freed = pd.DataFrame({"a": [5]})
    kept_result = weakref.ref(total(kept))
    freed_result = weakref.ref(total(freed))
    del freed
    gc.collect()
    assert freed_result() is None
    assert kept_result() is total(kept)
