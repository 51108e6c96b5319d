"""Draft events from the IISG website's Events page text: one per title and paragraph."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from analytics import schema
from analytics.dataset.reference import Reference, load_reference
from analytics.dates_text import event_dates
from analytics.ingest import limits
from analytics.ingest.draft import Draft, describe
from analytics.ingest.ids import TakenIds, make_id
from analytics.ingest.text import bounded, split_blocks


def _summary(text: str) -> str:
    return " ".join(text.split())


def extract_from_text(
    text: str,
    *,
    reference: Reference | None = None,
    source: str = limits.DEFAULT_SOURCE,
    existing_ids: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Extract one draft event per title + paragraph block of the Events page text.

    Args:
        text: The page text (title line, blank line, paragraph; repeated).
        reference: Reference data; the bundled data/ when None.
        source: The `source` of every event.
        existing_ids: Ids already in the dataset (new ids avoid them).

    Returns:
        Draft events in the dataset's schema, each with ``needs_review``.
    """
    reference = reference or load_reference()
    taken = TakenIds(existing_ids)
    events = []
    blocks = split_blocks(text)
    if len(blocks) > limits.MAX_IMPORT_EVENTS:
        raise ValueError(
            f"the text holds {len(blocks):,} events; import at most {limits.MAX_IMPORT_EVENTS:,} at a "
            "time (split the text)"
        )
    for title, full_paragraph in blocks:
        draft = Draft()
        title = title[: limits.MAX_TITLE_CHARS]
        paragraph = bounded(full_paragraph)
        if paragraph != full_paragraph:
            draft.values.setdefault(schema.CAVEATS, []).append(limits.CUT_PARAGRAPH_CAVEAT)
        draft.values[schema.TITLE] = title
        chosen, unsure = event_dates(paragraph)
        if chosen is None:
            chosen, unsure = event_dates(title)
        if chosen is None:
            draft.unsure(schema.START_DATE)
        else:
            draft.values[schema.START_DATE] = chosen.start
            if chosen.end:
                draft.values[schema.END_DATE] = chosen.end
            if unsure:
                draft.unsure(schema.START_DATE)
                draft.unsure(schema.END_DATE)
        describe(draft, title, paragraph, reference)
        draft.values[schema.SUMMARY] = _summary(paragraph)
        draft.values[schema.SOURCE] = source
        draft.values = {schema.ID: make_id(draft.values, taken), **draft.values}
        events.append(draft.result())
    return events
