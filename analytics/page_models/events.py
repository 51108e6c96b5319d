"""The Events page's model: the table of matching events, its downloads, the rows it lists."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import pandas as pd

from analytics import caveats, display, exports, filters, schema
from analytics.dataset.load import Dataset


class EventsPage:
    """What the Events page shows for one filtered view; each part computed when first read."""

    def __init__(
        self, dataset: Dataset, events: pd.DataFrame, event_filter: filters.EventFilter
    ) -> None:
        self.dataset = dataset
        self.events = events
        self.event_filter = event_filter

    @cached_property
    def listed(self) -> pd.DataFrame:
        """The events the table lists: the newest, up to the table's limit."""
        return display.table_events(self.events)

    @cached_property
    def table(self) -> pd.DataFrame:
        """The listed events as the table shows them, with the caveat mark beside the title."""
        shown = exports.browse_rows(self.dataset.events, self.listed)
        # The mark of events whose sources leave doubts (the Caveats column says which).
        shown.insert(
            list(shown.columns).index(display.DISPLAY_COLUMNS[schema.TITLE]) + 1,
            caveats.MARK_LABEL,
            caveats.marks(self.listed),
        )
        return shown

    @property
    def cut(self) -> bool:
        """Whether the table lists fewer events than match."""
        return len(self.listed) < len(self.events)

    def csv_bytes(self) -> bytes:
        """Every matching event, every field, as CSV (formula-neutral cells)."""
        return exports.events_csv_bytes(self.events)

    def xlsx_bytes(self) -> bytes:
        """Every matching event, every field, as an Excel workbook."""
        return exports.events_xlsx_bytes(self.events)

    def file_name(self, extension: str) -> str:
        """The download's name, after the view's period and filters."""
        return exports.export_file_name(self.event_filter, extension)

    def clicked_event(self, rows: Sequence[int]) -> str | None:
        """The id of the event in the table row the user selected (None: no row)."""
        return exports.event_id_at(self.table, list(rows))
