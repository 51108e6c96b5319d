"""The Partners page's model: one object the page asks for each section it shows.

The page makes one call, ``PartnersPage(dataset, events, event_partners, event_pillars,
event_filter, requested)``, and then reads the sections of the open tab from the model. Every
section is computed when first asked for and kept for the rerun, so a tab that is not open costs
nothing (the page runs only the open tab) and a section two tabs share is computed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, schema
from analytics import partners as pa
from analytics.dataset.load import Dataset
from analytics.filters import EventFilter
from analytics.report import tables

# Partners listed under "Meets most often" in a profile.
MET_MOST = 10


@dataclass(frozen=True)
class Ranked:
    """The partners of the chosen kinds, ranked, and the top ones the sections show."""

    every: pd.DataFrame  # every partner of the chosen kinds, most events first
    shown: pd.DataFrame  # the first top_n rows of every
    names: list[str]  # the shown partners' names, in rank order
    figure: go.Figure


@dataclass(frozen=True)
class Years:
    """The Pillars and years tab: the heatmaps and the engagement table of the shown partners."""

    pillar_figure: go.Figure
    year_figure: go.Figure
    table: pd.DataFrame  # engagement_table: one row a partner
    names: list[str]  # the table's partners, row by row
    year_range: str  # "2019–2023", "" when there are no events
    most_in_a_year: int


@dataclass(frozen=True)
class Network:
    """Who attends the same events: the network figure and its links as a table."""

    nodes: pd.DataFrame
    links: pd.DataFrame
    figure: go.Figure
    table: pd.DataFrame
    scope: str  # "around Italy", "among the 20 partners shown"


@dataclass(frozen=True)
class WesternBalkans:
    """The Western Balkans tab: the report's participation rule, as a chart and a table."""

    figure: go.Figure
    table: pd.DataFrame
    note: str


class PartnersPage:
    """The Partners page's sections for one filtered view; each computed when first read."""

    def __init__(
        self,
        dataset: Dataset,
        events: pd.DataFrame,
        event_partners: pd.DataFrame,
        event_pillars: pd.DataFrame,
        event_filter: EventFilter,
        requested: str | None,
    ) -> None:
        self.dataset = dataset
        self.events = events
        self.event_partners = event_partners
        self.event_pillars = event_pillars
        self.event_filter = event_filter
        self.requested = requested

    @cached_property
    def everyone(self) -> pd.DataFrame:
        """Every partner of the view, ranked (the kinds box aside)."""
        return pa.rank_partners(self.event_partners)

    @cached_property
    def profile_name(self) -> str | None:
        """The partner the address asks for, as the data names it (None: none or unknown)."""
        if not self.requested:
            return None
        known = pa.all_partner_names(self.dataset.event_partners)
        return pa.find_partner(self.requested, known, self.dataset.reference.registry.resolve)

    @cached_property
    def profile_options(self) -> list[str]:
        """The profile picker's names: the ranking's order, the open profile first if absent."""
        options = pa.partner_names(self.everyone)
        if self.profile_name is not None and self.profile_name not in options:
            options = [self.profile_name, *options]
        return options

    @cached_property
    def profile(self) -> pa.PartnerProfile | None:
        """The open profile (None: no profile open, or the partner attended no matching event)."""
        if self.profile_name is None:
            return None
        return pa.partner_profile(
            self.events, self.event_partners, self.profile_name, self.dataset.reference.pillar_codes
        )

    def profile_year_figure(self, profile: pa.PartnerProfile) -> go.Figure:
        """The open profile's events per year."""
        return pa.profile_year_figure(profile.per_year)

    def met_most(
        self, profile: pa.PartnerProfile, count: int = MET_MOST
    ) -> tuple[pd.DataFrame, list[str]]:
        """The partners the profile's partner meets most often, and their names row by row."""
        table = profile.co_participants.head(count)
        return table, [str(name) for name in table[pa.LABEL_PARTNER]]

    @cached_property
    def kinds(self) -> list[str]:
        """The partner kinds of the whole dataset (the kinds box's choices)."""
        return pa.partner_kinds(self.dataset.event_partners)

    def ranked(self, kinds: Sequence[str], top_n: int) -> Ranked:
        """The ranking of the chosen kinds (all when none), cut to top_n."""
        every = pa.rank_partners(self.event_partners, list(kinds)) if kinds else self.everyone
        shown = every.head(top_n)  # the same ranking, cut: rank once per rerun
        return Ranked(
            every, shown, pa.partner_names(shown), pa.ranking_figure(shown, pa.kind_colours())
        )

    def years(self, ranked: Ranked) -> Years:
        """The pillar and year heatmaps and the engagement table of the shown partners."""
        pillar_figure = pa.pillar_heatmap(
            pa.pillar_counts(
                self.event_partners,
                self.event_pillars,
                ranked.names,
                self.dataset.reference.pillar_codes,
            ),
            charts.pillar_labels(self.dataset.reference),
        )
        span = pa.year_span(self.events)
        per_year = pa.year_counts(self.events, self.event_partners, ranked.names)
        engagement = pa.engagement(self.events, self.event_partners, ranked.names, per_year)
        return Years(
            pillar_figure=pillar_figure,
            year_figure=pa.year_heatmap(per_year),
            table=pa.engagement_table(engagement),
            names=pa.partner_names(engagement),
            year_range=f"{span[0]}–{span[-1]}" if span else "",
            most_in_a_year=pa.most_events_in_a_year(engagement),
        )

    def network(self, ranked: Ranked, min_shared: int) -> Network:
        """The open profile's own network, else the network of the shown partners."""
        if self.profile_name is not None:
            links = pa.own_network(self.event_partners, self.profile_name, min_shared)
            nodes = pa.linked_partners(self.everyone, links)
            scope = f"around {self.profile_name}"
        else:
            links = pa.co_participation(self.event_partners, ranked.names, min_shared)
            nodes = pa.linked_partners(ranked.shown, links)
            scope = f"among the {len(ranked.shown)} partners shown"
        figure = pa.network_figure(nodes, links, focus=self.profile_name)
        return Network(nodes, links, figure, pa.links_table(links), scope)

    @cached_property
    def lifecycle(self) -> pa.Lifecycle:
        """New, returning and lapsed partners as of the period's latest event."""
        start: dt.date | None = self.event_filter.start
        end: dt.date | None = self.event_filter.end
        return pa.partner_lifecycle(
            self.dataset.events,
            self.dataset.event_partners,
            self.events[schema.ID].tolist(),
            start,
            end,
        )

    @cached_property
    def lifecycle_table(self) -> pd.DataFrame:
        """The lifecycle's partners as the page lists them."""
        return pa.lifecycle_table(self.lifecycle.partners)

    @cached_property
    def lifecycle_counts(self) -> dict[str, int]:
        """Partners per status (new, returning, lapsed, active elsewhere)."""
        return pa.status_counts(self.lifecycle)

    @cached_property
    def lifecycle_names(self) -> list[str]:
        """The lifecycle table's partners, row by row."""
        return pa.partner_names(self.lifecycle.partners)

    @cached_property
    def lifecycle_figure(self) -> go.Figure:
        """Per year: new, returning and lapsed partners over the whole file."""
        return pa.lifecycle_figure(self.lifecycle.per_year)

    def comparison(self, names: Sequence[str]) -> tuple[pa.Comparison, go.Figure]:
        """Two to four partners side by side, and their events per year."""
        comparison = pa.compare_partners(
            self.events,
            self.event_partners,
            self.event_pillars,
            list(names),
            self.dataset.reference.pillar_codes,
        )
        return comparison, pa.comparison_figure(comparison.per_year)

    @cached_property
    def comparison_pillar_labels(self) -> dict[str, str]:
        """Pillar codes -> the labels the comparison's pillar table shows."""
        return dict(charts.pillar_labels(self.dataset.reference))

    @cached_property
    def western_balkans(self) -> WesternBalkans:
        """Participation of the six Western Balkan partners, by the report's rule."""
        figure = pa.wb_participation_figure(
            pa.western_balkan_participation(self.events, self.event_partners)
        )
        table = tables.western_balkans_table(self.events, self.event_partners)
        return WesternBalkans(figure, table, pa.WB_PARTICIPATION_NOTE)
