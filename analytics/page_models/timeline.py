"""The Timeline page's model: the events on a time axis, activity per period, the clicked event."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics import filters, schema, timeline
from analytics.dataset.load import Dataset


def activity_figure(
    dataset: Dataset,
    events: pd.DataFrame,
    event_filter: filters.EventFilter,
    step: str,
    title: str | None = None,
) -> go.Figure:
    """Matching events per month, quarter or year, beside the same filters a year earlier.

    Args:
        dataset: The whole dataset (the comparison line drops the filter's dates).
        events: The view's events.
        event_filter: The view's filter.
        step: ``timeline.MONTH``, ``QUARTER`` or ``YEAR``.
        title: The chart's title (the default names the step).

    Returns:
        The activity chart.
    """
    undated = timeline.without_dates(event_filter)
    # A filter without dates already gave the view's events: they are not filtered again.
    comparison = (
        events
        if undated == event_filter
        else filters.apply(dataset.events, undated, dataset.event_partners)
    )
    start, end = event_filter.start, event_filter.end
    counts = timeline.activity_counts(events, comparison, step, start, end)
    return timeline.activity_figure(counts, step, title=title)


class TimelinePage:
    """What the Timeline page shows for one filtered view; each part computed when first read."""

    def __init__(
        self, dataset: Dataset, events: pd.DataFrame, event_filter: filters.EventFilter
    ) -> None:
        self.dataset = dataset
        self.events = events
        self.event_filter = event_filter

    @cached_property
    def notice(self) -> str | None:
        """Why the chart shows fewer events than match (None: it shows them all)."""
        return timeline.timeline_notice(self.events)

    @cached_property
    def figure(self) -> go.Figure:
        """One row an event, newest on top."""
        return timeline.timeline_figure(self.events, self.dataset.reference)

    @cached_property
    def table(self) -> pd.DataFrame:
        """The chart's numbers: the events it draws."""
        return timeline.timeline_table(self.events, self.dataset.reference)

    @cached_property
    def suggested_step(self) -> str:
        """Months for a year, quarters for a few years, years beyond."""
        return timeline.activity_step(self.events, self.event_filter.start, self.event_filter.end)

    def activity_figure(self, step: str) -> go.Figure:
        """Events per step, beside the same filters a year earlier."""
        return activity_figure(self.dataset, self.events, self.event_filter, step)

    def clicked_event(self, selection: Mapping[str, Any] | None) -> str | None:
        """The id of the event a chart selection holds (None: no event clicked)."""
        if not selection:
            return None
        return timeline.selected_event_id(selection, list(self.events[schema.ID]))
