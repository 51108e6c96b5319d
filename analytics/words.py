"""English for counts and lists: "1 event", "3 events", "2 cities"; "a, b and c"."""

from __future__ import annotations

from collections.abc import Sequence

_VOWELS = ("a", "e", "i", "o", "u")


def plural_noun(noun: str) -> str:
    """The regular plural of a noun: "event" -> "events", "city" -> "cities", "day" -> "days"."""
    if noun.endswith("y") and noun[-2:-1] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def count_text(
    number: int, singular: str, plural: str | None = None, *, grouped: bool = False
) -> str:
    """A count with its noun in the right number: "1 event", "3 events", "0 events".

    Args:
        number: The count.
        singular: The noun for one ("event", "shared event").
        plural: The noun for any other number; ``plural_noun(singular)`` when None.
        grouped: Write the number with thousands separators ("12,345 events").

    Returns:
        The count and its noun.
    """
    noun = singular if number == 1 else (plural or plural_noun(singular))
    return f"{number:,} {noun}" if grouped else f"{number} {noun}"


def join_words(items: Sequence[str]) -> str:
    """Join items as English does: "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"
