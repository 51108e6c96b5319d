"""A file's content to draft events: refused over the size limit, then read by its kind."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from analytics.dataset.reference import Reference
from analytics.ingest import limits
from analytics.ingest.ical import extract_from_ics
from analytics.ingest.page_text import extract_from_text
from analytics.safe_text import terminal_safe


def extract(
    name: str,
    content: bytes,
    *,
    reference: Reference | None = None,
    source: str = limits.DEFAULT_SOURCE,
    existing_ids: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Extract events from a file's content, by its extension (.ics, else text).

    Args:
        name: The file name.
        content: Its bytes.
        reference: Reference data.
        source: Source of the events.
        existing_ids: Ids already in the dataset.

    Returns:
        Draft events with ``needs_review``.

    Raises:
        ValueError: An .ics file that is not iCalendar, or text that is not UTF-8.
    """
    if len(content) > limits.MAX_IMPORT_BYTES:
        raise ValueError(
            f"{terminal_safe(name, 80)} is {len(content) / (1024 * 1024):,.1f} MB; the import "
            f"limit is {limits.MAX_IMPORT_BYTES // (1024 * 1024)} MB"
        )
    if name.casefold().endswith((".ics", ".ical", ".ifb")) or content.lstrip().startswith(
        b"BEGIN:VCALENDAR"
    ):
        return extract_from_ics(
            content, reference=reference, source=source, existing_ids=existing_ids
        )
    text = content.decode("utf-8-sig")
    return extract_from_text(text, reference=reference, source=source, existing_ids=existing_ids)
