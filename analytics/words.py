"""English for counts and lists: "1 event", "3 events"; "a, b and c"."""

from __future__ import annotations

from collections.abc import Sequence


def count_text(number: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 event", "3 events", "0 events".

    Args:
        number: The count (written as digits, without thousands separators).
        singular: The noun for one ("event", "shared event").
        plural: The noun for any other number; ``singular + "s"`` when None.

    Returns:
        The count and its noun.
    """
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def join_words(items: Sequence[str]) -> str:
    """Join items as English does: "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"
