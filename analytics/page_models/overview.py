"""The Overview page's model: headline figures, their change, the activity trend, latest events."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics import caveats, display, filters, timeline
from analytics.dataset.load import Dataset
from analytics.metrics import Kpis, kpis_with_previous
from analytics.page_models.timeline import activity_figure

TREND_HEIGHT = 320
LATEST = 5


@dataclass(frozen=True)
class Headline:
    """One headline figure: its label, value and change against the previous period."""

    label: str
    value: int
    change: int | None  # None when the view has no previous period (no bounded dates)
    note: str | None = None  # e.g. the partners count is a lower bound


@dataclass(frozen=True)
class OverviewPage:
    """Everything the Overview page shows for one filtered view."""

    headlines: tuple[Headline, ...]
    compared: bool  # whether the changes are against a previous period
    period_text: str  # "1 Jan 2023 – 17 Oct 2023", or "no events"
    trend: go.Figure | None  # None when no event matches
    latest: pd.DataFrame


def _change(kpis: Kpis, previous: Kpis | None, name: str) -> int | None:
    if previous is None:
        return None
    return int(getattr(kpis, name)) - int(getattr(previous, name))


def overview_page(
    dataset: Dataset, events: pd.DataFrame, event_filter: filters.EventFilter
) -> OverviewPage:
    """The Overview page's model for a filtered view.

    Args:
        dataset: The whole dataset (the previous period and the trend's comparison need it).
        events: The view's events.
        event_filter: The view's filter.

    Returns:
        The headline figures, the period the events cover, the trend and the latest events.
    """
    kpis, previous = kpis_with_previous(dataset.events, dataset.event_partners, event_filter)
    # Sources cut short or naming no participants make the partner count a lower bound.
    partners_note = caveats.lower_bound_note(
        int(caveats.participants_missing(events).sum()), len(events)
    )
    headlines = (
        Headline("Events", kpis.events, _change(kpis, previous, "events")),
        Headline(
            "Partners engaged", kpis.partners, _change(kpis, previous, "partners"), partners_note
        ),
        Headline("Host cities", kpis.host_cities, _change(kpis, previous, "host_cities")),
        Headline("Host countries", kpis.countries, _change(kpis, previous, "countries")),
        Headline(
            "Days of meetings", kpis.days_of_meetings, _change(kpis, previous, "days_of_meetings")
        ),
    )
    period_text = (
        f"{display.format_date(kpis.first_date)} – {display.format_date(kpis.last_date)}"
        if kpis.first_date is not None and kpis.last_date is not None
        else "no events"
    )
    trend: go.Figure | None = None
    if not events.empty:
        # Months for a year, quarters for a few years, years for the whole record.
        step = timeline.activity_step(events, event_filter.start, event_filter.end)
        trend = activity_figure(
            dataset,
            events,
            event_filter,
            step,
            title=f"Events per {timeline.period_noun(step)} "
            f"(grey: the {timeline.comparison_name(step).lower()})",
        )
        trend.update_layout(height=TREND_HEIGHT)
    return OverviewPage(
        headlines=headlines,
        compared=previous is not None,
        period_text=period_text,
        trend=trend,
        latest=display.latest_events(events, LATEST),
    )
