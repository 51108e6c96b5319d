"""The Pillars page's model: figures per pillar, the pillars over time, shares, types, countries."""

from __future__ import annotations

from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from analytics import pillars, timeline
from analytics.dataset.load import Dataset
from analytics.filters import EventFilter


class PillarsPage:
    """What the Pillars page shows for one filtered view; each part computed when first read."""

    counting_rule = pillars.COUNTING_RULE

    def __init__(
        self,
        dataset: Dataset,
        events: pd.DataFrame,
        event_partners: pd.DataFrame,
        event_filter: EventFilter,
    ) -> None:
        self.reference = dataset.reference
        self.events = events
        self.event_partners = event_partners
        self.event_filter = event_filter

    @cached_property
    def figures_table(self) -> pd.DataFrame:
        """Events, days, partners, host countries per pillar, and a total row."""
        return pillars.pillar_figures_table(self.events, self.event_partners, self.reference)

    @cached_property
    def suggested_step(self) -> str:
        """Months for a period up to 18 months, quarters up to four years, years beyond."""
        return timeline.activity_step(self.events, self.event_filter.start, self.event_filter.end)

    def per_period_figure(self, step: str) -> go.Figure:
        """Events per pillar per month, quarter or year of the view's period."""
        per_period = pillars.pillar_counts_per_period(
            self.events, self.reference, step, self.event_filter.start, self.event_filter.end
        )
        return pillars.pillar_period_figure(per_period, self.reference, step)

    @cached_property
    def share_figure(self) -> go.Figure:
        """The events' shares by pillar group (single pillars, cross-cutting, none)."""
        shares = pillars.pillar_group_shares(self.events, self.reference)
        return pillars.pillar_share_figure(shares, self.reference)

    @cached_property
    def type_figure(self) -> go.Figure:
        """Event types per pillar."""
        return pillars.pillar_type_figure(self.events, self.reference)

    @cached_property
    def country_figure(self) -> go.Figure:
        """Host countries per pillar."""
        return pillars.pillar_country_figure(self.events, self.reference)
