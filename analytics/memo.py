"""Remember what is computed from the loaded frames, which never change once loaded."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")


def per_frames(size: int = 4) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Serve a function's result again for the same frame objects and other arguments.

    For functions of the dataset's frames (all events), whose results every rerun of a page
    would otherwise compute again; also for a rerun's filtered frame that several parts of one
    page read (its results go when the frame is freed). A frame is recognised by identity,
    checked with a weak reference (a new frame that reuses a freed one's id is not mistaken
    for it), and a result is dropped when one of its frames is freed; the other arguments
    must be hashable. The frames must not be changed in place afterwards, which the app
    never does.

    Args:
        size: How many results are kept (the oldest is dropped first).

    Returns:
        The decorator.
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        memo: dict[tuple[Any, ...], tuple[tuple[Any, ...], R]] = {}

        def forget(key: tuple[Any, ...], gone: weakref.ref[pd.DataFrame]) -> None:
            # A frame of this result was freed: the result can never be served again.
            known = memo.get(key)
            if known is not None and any(ref is gone for ref in known[0]):
                memo.pop(key, None)

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            values = (*args, *(item for pair in sorted(kwargs.items()) for item in pair))
            key = tuple(_key(value) for value in values)
            frames = [v for v in values if isinstance(v, pd.DataFrame)]
            known = memo.get(key)
            if known is not None and all(
                ref() is frame for ref, frame in zip(known[0], frames, strict=True)
            ):
                return known[1]
            result = function(*args, **kwargs)
            # Oldest first; a result may also have gone with its frame meanwhile.
            for oldest in list(memo)[: max(len(memo) - size + 1, 0)]:
                memo.pop(oldest, None)
            refs = tuple(weakref.ref(frame, functools.partial(forget, key)) for frame in frames)
            memo[key] = (refs, result)
            return result

        return wrapper

    return decorate


def _key(value: Any) -> Any:
    """A hashable stand-in for an argument: a frame's identity, a list as a tuple."""
    if isinstance(value, pd.DataFrame):
        return ("frame", id(value))
    if isinstance(value, list):
        return tuple(value)
    return value
