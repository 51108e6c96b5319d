"""The periodic report to DG NEAR: one ReportData built from the dataset, and its command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from analytics import (
    caveats,
    charts,
    display,
    filters,
    geomap,
    metrics,
    partners,
    periods,
    pillars,
    schema,
)
from analytics.dataset.load import Dataset, default_events_path, load_dataset
from analytics.dataset.reference import Reference
from analytics.filters import EventFilter
from analytics.indicators import IndicatorSet, ResultsData, build_results, load_indicators
from analytics.indicators import indicators_path as default_indicators_path
from analytics.periods import ReportPeriod
from analytics.schema import DatasetError

REPORT_TITLE: Final = "IISG events report"
FILE_STEM: Final = "iisg-report"
# The group entry that stands for the six partners together; never split into the six.
WB_GROUP: Final = schema.WB_GROUP
IISG_KIND: Final = schema.PARTNER_KINDS["iisg"]
_EVENT: Final = "event"
TOP_PARTNERS: Final = 15
TOP_IN_NARRATIVE: Final = 3
# A group of partners (or cities) tied on one count is named in full up to this many; a larger
# one is summarised ("then 8 partners with 1 event each").
NAMED_TIES: Final = 6

# Keys of the report's charts, in the order the documents show them.
CHART_ACTIVITY: Final = "activity"
CHART_PILLARS: Final = "pillars"
CHART_MAP: Final = "map"
CHART_PARTNERS: Final = "partners"
CHART_ORDER: Final = (CHART_ACTIVITY, CHART_PILLARS, CHART_MAP, CHART_PARTNERS)

# Headline labels (the overview page's KPI labels).
KPI_EVENTS: Final = "Events"
KPI_DAYS: Final = "Days of meetings"
KPI_CITIES: Final = "Host cities"
KPI_COUNTRIES: Final = "Host countries"
KPI_PARTNERS: Final = "Partners engaged"
KPI_ORGANISED: Final = "Events organised by the IISG"
KPI_BY_OTHERS: Final = "Events organised by others"
# The five figures of the overview page; the report adds the IISG's role.
OVERVIEW_KPIS: Final = (KPI_EVENTS, KPI_DAYS, KPI_CITIES, KPI_COUNTRIES, KPI_PARTNERS)

# Column labels of the report's tables.
COL_FIGURE: Final = "Figure"
COL_THIS: Final = "This period"
COL_PREVIOUS: Final = "Previous period"
COL_CHANGE: Final = "Change"
COL_NOTE: Final = "Note"
COL_PILLAR: Final = "Pillar"
COL_EVENTS: Final = "Events"
COL_DAYS: Final = "Days of meetings"
COL_TYPES: Final = "Event types"
COL_COUNTRY_COUNT: Final = "Host countries"
COL_COUNTRIES: Final = "Host countries (events)"
COL_GROUP: Final = "Counted as"
COL_SHARE: Final = "Share of events (%)"
COL_PARTNER: Final = "Partner"
COL_KIND: Final = "Kind"
COL_COUNTRY: Final = "Country"
COL_PARTNERS: Final = "Partners"
COL_HOSTED: Final = "Events hosted"
COL_TOOK_PART: Final = "Own institutions took part"
COL_VIA_GROUP: Final = "Through the group entry"
COL_EITHER: Final = "Took part either way"
COL_BODIES: Final = "Own institutions (events)"
COL_NOT_COUNTED: Final = "Not counted: companies (events)"
KIND_TOTAL: Final = "All international partners"
COL_ITEM: Final = "Item"
COL_VALUE: Final = "Value"
COL_CITY: Final = "City"
NO_CITY: Final = "(no stated city)"
ANNEX_NUMBER: Final = caveats.COL_NUMBER
ANNEX_CAVEATS: Final = caveats.MARK_LABEL
ANNEX_COLUMNS: Final = ("Start", "End", "Dates", "Title", "City", "Country", "Type", "Pillars")
ANNEX_PARTNERS: Final = "Partners"
ANNEX_SOURCE: Final = "Source"

GROUP_NOTE: Final = (
    "Each event counted once: under its one pillar, as Cross-cutting (it names several "
    "pillars) or as No pillar (it names none)."
)
WB_NOTE: Final = partners.WB_PARTICIPATION_NOTE
CAVEATS_NOTE: Final = (
    f"Events marked {caveats.MARK} in the annex carry the curators' caveats about their sources "
    "(the number says how many); each is listed here with the event's number in the annex."
)
NO_EVENTS_NOTE: Final = "No events fall in the reporting period with these filters."
PREVIOUS_NOTE: Final = (
    "The previous period has the same number of days and ends the day before the reporting "
    "period (the rule of the dashboard's overview), with the same filters."
)


@dataclass(frozen=True)
class Headline:
    """One headline figure and its value in the previous period."""

    label: str
    value: int
    previous: int
    note: str = ""

    @property
    def change(self) -> int:
        """This period minus the previous one."""
        return self.value - self.previous

    @property
    def change_text(self) -> str:
        """The change as a reader writes it: "+3", "−2" or "no change"."""
        if self.change == 0:
            return "no change"
        return f"+{self.change}" if self.change > 0 else f"−{-self.change}"


@dataclass(frozen=True)
class Provenance:
    """Where the report's numbers come from, so that they can be reproduced."""

    file_name: str
    content_hash: str
    events_in_file: int
    valid_events: int
    errors: int
    warnings: int
    generated_at: dt.datetime

    @property
    def generated_text(self) -> str:
        """Generation time, e.g. "2024-05-02 14:03 UTC"."""
        return self.generated_at.strftime("%Y-%m-%d %H:%M UTC")


class LazyFigures(Mapping[str, go.Figure]):
    """A mapping of figures built on first use.

    The Report page shows tables only; the charts are for the downloads, so building them on
    every rerun of the page would be wasted (a third of the rerun at 10,000 events).
    """

    def __init__(self, build: Callable[[], dict[str, go.Figure]]) -> None:
        self._build: Callable[[], dict[str, go.Figure]] | None = build
        self._figures: dict[str, go.Figure] = {}

    def _built(self) -> dict[str, go.Figure]:
        if self._build is not None:
            self._figures = self._build()
            self._build = None
        return self._figures

    def __getitem__(self, key: str) -> go.Figure:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


@dataclass(frozen=True)
class Paragraph:
    """One short paragraph of the narrative under its heading ("Activity", "Pillars"...)."""

    heading: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """The sentences as one paragraph."""
        return " ".join(self.sentences)


@dataclass(frozen=True)
class ReportData:
    """Every figure, table, sentence and chart of one report; each format renders this alone.

    Attributes:
        title: The report's title, with the period's name.
        period: The reporting period.
        previous_period: The comparison period (same length, just before).
        event_filter: The filter applied: the user's filters with the report's dates.
        filters_text: The filters other than the period, in words ("no filters").
        kpis: Headline figures of the period.
        previous_kpis: Headline figures of the previous period.
        headlines: The headline figures with their change: the overview's five and the
            events by the IISG's role.
        organised: Events of the period the IISG organised.
        participated: Events of the period organised by others.
        pillar_table: Per pillar (an event once per pillar it names) and "No pillar".
        group_table: Each event once: its pillar, "Cross-cutting" or "No pillar".
        wb_table: Per Western Balkan partner: events hosted and taken part in.
        wb_group_events: Events the "Western Balkans Partners" group took part in.
        kind_table: International partners per kind: partners and events.
        partner_table: The international partners with the events each attended.
        places_table: Host cities with their events, most first.
        narrative: The generated text: short paragraphs under headings, sentences left out
            when they have nothing to say.
        caveated_events: Events of the period that carry source caveats.
        participants_missing: Events of the period whose sources may not name every
            participant (partner counts over them are lower bounds).
        caveat_table: One row per caveat of the period's events, numbered as in the annex.
        events: The annex: one row an event of the period, by start date, numbered, with the
            caveat mark.
        figures: The charts by key (``CHART_ORDER``); empty when there are no events. Drawn
            on first use (only the downloads use them, not the page).
        provenance: Dataset file, hash, counts and generation time.
        indicators: The indicators for the period ("Progress against indicators"); None when
            the report has none.
    """

    title: str
    period: ReportPeriod
    previous_period: ReportPeriod
    event_filter: EventFilter
    filters_text: str
    kpis: metrics.Kpis
    previous_kpis: metrics.Kpis
    headlines: tuple[Headline, ...]
    organised: int
    participated: int
    pillar_table: pd.DataFrame
    group_table: pd.DataFrame
    wb_table: pd.DataFrame
    wb_group_events: int
    kind_table: pd.DataFrame
    partner_table: pd.DataFrame
    places_table: pd.DataFrame
    narrative: tuple[Paragraph, ...]
    caveated_events: int
    participants_missing: int
    caveat_table: pd.DataFrame
    events: pd.DataFrame
    figures: Mapping[str, go.Figure] = field(compare=False)
    provenance: Provenance = field(compare=False)
    indicators: ResultsData | None = field(default=None, compare=False)

    @property
    def empty(self) -> bool:
        """True when no event falls in the period (the report says so)."""
        return self.kpis.events == 0

    @property
    def narrative_text(self) -> str:
        """Every paragraph of the narrative, one after the other."""
        return " ".join(paragraph.text for paragraph in self.narrative)

    @property
    def partners_lower_bound(self) -> bool:
        """Whether partner counts are lower bounds (a counted event's participants may be missing)."""
        return self.participants_missing > 0

    @property
    def partners_note(self) -> str:
        """The note under every partner count ("" when the counts are firm)."""
        return caveats.lower_bound_note(self.participants_missing, self.kpis.events)

    @property
    def caveats_summary(self) -> str:
        """How many of the period's events carry source caveats, in one sentence."""
        if not self.caveated_events:
            return "None of the period's events carries a source caveat."
        n = self.kpis.events
        caveat_count = len(self.caveat_table)
        if n == 1:
            return f"The period's one event carries {count_text(caveat_count, 'source caveat')}."
        who = f"All {n}" if self.caveated_events == n else f"{self.caveated_events} of the {n}"
        verb = "carries" if self.caveated_events == 1 else "carry"
        return f"{who} events of the period {verb} source caveats ({caveat_count} in all)."

    @property
    def caveats_line(self) -> str:
        """``caveats_summary`` for the cover, pointing to where they are listed."""
        if not self.caveated_events:
            return self.caveats_summary
        return f"{self.caveats_summary} They are listed under Source caveats."

    @property
    def footnote(self) -> str:
        """The Kosovo* designation footnote."""
        return schema.KOSOVO_FOOTNOTE

    def headline_table(self, change_as_text: bool = False) -> pd.DataFrame:
        """The headline figures as a table: figure, this period, previous period, change.

        A "Note" column is added when a figure is a lower bound ("At least: ...").

        Args:
            change_as_text: Write the change as text ("+3", "no change") for a document, not
                as a number for a spreadsheet.
        """
        table = pd.DataFrame(
            {
                COL_FIGURE: [h.label for h in self.headlines],
                COL_THIS: [h.value for h in self.headlines],
                COL_PREVIOUS: [h.previous for h in self.headlines],
                COL_CHANGE: [h.change_text if change_as_text else h.change for h in self.headlines],
            }
        )
        if any(h.note for h in self.headlines):
            table[COL_NOTE] = [h.note for h in self.headlines]
        return table

    def about_table(self) -> pd.DataFrame:
        """Period, filters and provenance as (item, value) rows."""
        source = self.provenance
        rows = [
            ("Reporting period", f"{self.period.label} ({self.period.dates_text})"),
            ("Compared with", self.previous_period.dates_text),
            ("Filters", self.filters_text),
            ("Dataset file", source.file_name),
            ("Dataset SHA-256", source.content_hash),
            ("Events in the file", str(source.events_in_file)),
            ("Valid events in the dataset", str(source.valid_events)),
            ("Events of the period with source caveats", self._caveated_text()),
            ("Data problems in the file: errors (event left out)", str(source.errors)),
            ("Data problems in the file: warnings", str(source.warnings)),
            ("Generated", source.generated_text),
        ]
        return pd.DataFrame(rows, columns=[COL_ITEM, COL_VALUE])

    def _caveated_text(self) -> str:
        text = f"{self.caveated_events} of {self.kpis.events}"
        if self.participants_missing:
            text += (
                f"; of these, {self.participants_missing} may not name every participant "
                "(partner counts are lower bounds)"
            )
        return text

    def file_name(self, extension: str) -> str:
        """Name a report file after its period: "iisg-report-2023-H1.docx" ("-filtered" if so)."""
        suffix = "" if self.filters_text == filters.describe(EventFilter()) else "-filtered"
        return f"{FILE_STEM}-{self.period.code}{suffix}.{extension}"


# -- words ------------------------------------------------------------------------------------


def count_text(number: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 event", "3 events", "0 events"."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def join_words(items: Sequence[str]) -> str:
    """Join items as English does: "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _counted(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({number})" for name, number in pairs)


# -- tables -----------------------------------------------------------------------------------


def _period_filter(event_filter: EventFilter, period: ReportPeriod) -> EventFilter:
    return replace(event_filter, period=filters.PERIOD_CUSTOM, start=period.start, end=period.end)


def _without_period(event_filter: EventFilter) -> EventFilter:
    return replace(event_filter, period=filters.PERIOD_ALL, start=None, end=None)


def pillar_table(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    reference: Reference,
    chosen: Sequence[str] = (),
) -> pd.DataFrame:
    """Per pillar and "No pillar": events, days, event types and host countries.

    Counts come from ``pillars.pillar_figures_table`` and ``pillars.pillar_crosstab`` (the
    Pillars page's tables): an event counts once for each pillar it names.

    Args:
        events: The events of the period.
        event_partners: The event x partner table.
        reference: Reference data.
        chosen: The pillar filter (codes, "No pillar"); when set, only these rows are listed,
            so a report on WBCTi counts no other pillar.

    Returns:
        One row per pillar code and "No pillar" (those chosen), zeros included.
    """
    codes = [code for code in pillars.pillar_columns(reference) if not chosen or code in chosen]
    figures = pillars.pillar_figures_table(events, event_partners, reference)
    labels = charts.pillar_labels(reference)
    by_label = figures.set_index(pillars.TABLE_PILLAR) if not figures.empty else None
    types = pillars.pillar_crosstab(events, reference, schema.EVENT_TYPE)
    countries = pillars.pillar_crosstab(events, reference, schema.COUNTRY)
    rows = []
    for code in codes:
        known = by_label is not None and labels[code] in by_label.index
        row = by_label.loc[labels[code]] if known and by_label is not None else None
        rows.append(
            {
                COL_PILLAR: code,
                COL_EVENTS: int(row[pillars.TABLE_EVENTS]) if row is not None else 0,
                COL_DAYS: int(row[pillars.TABLE_DAYS]) if row is not None else 0,
                COL_COUNTRY_COUNT: int(row[pillars.TABLE_COUNTRIES]) if row is not None else 0,
                COL_TYPES: _counted(_column_counts(types, code)),
                COL_COUNTRIES: _counted(_column_counts(countries, code)),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[COL_PILLAR, COL_EVENTS, COL_DAYS, COL_COUNTRY_COUNT, COL_TYPES, COL_COUNTRIES],
    )


def _column_counts(table: pd.DataFrame, column: str) -> list[tuple[str, int]]:
    if table.empty or column not in table.columns:
        return []
    return [(str(name), int(n)) for name, n in table[column].items() if int(n) > 0]


def shown_groups(reference: Reference, chosen: Sequence[str] = ()) -> list[str]:
    """The pillar groups a report lists: all, or those the pillar filter lets through.

    With a pillar filter, an event matches through any pillar it names, so a cross-cutting
    event can match: "Cross-cutting" is listed with any pillar code.

    Args:
        reference: Reference data.
        chosen: The pillar filter (codes, "No pillar"); empty for none.

    Returns:
        Group keys in the charts' order.
    """
    order = charts.pillar_group_order(reference)
    if not chosen:
        return order
    codes = set(reference.pillar_codes)
    return [
        group
        for group in order
        if group in chosen or (group == schema.CROSS_CUTTING and codes.intersection(chosen))
    ]


def group_table(
    events: pd.DataFrame, reference: Reference, chosen: Sequence[str] = ()
) -> pd.DataFrame:
    """Each event once under its pillar group, every group listed (zeros included).

    Args:
        events: The events of the period.
        reference: Reference data.
        chosen: The pillar filter; when set, only the groups it lets through are listed.

    Returns:
        Columns "Counted as", "Events", "Share of events (%)", groups in the charts' order.
    """
    shares = pillars.pillar_group_shares(events, reference).set_index(schema.PILLAR_GROUP)
    labels = charts.pillar_labels(reference)
    rows = []
    for group in shown_groups(reference, chosen):
        known = group in shares.index
        rows.append(
            {
                COL_GROUP: labels[group]
                if group in (schema.CROSS_CUTTING, schema.NO_PILLAR)
                else group,
                COL_EVENTS: int(shares.at[group, pillars.COUNT]) if known else 0,
                COL_SHARE: round(float(shares.at[group, pillars.SHARE]), 1) if known else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=[COL_GROUP, COL_EVENTS, COL_SHARE])


def _role_counts(events: pd.DataFrame) -> tuple[int, int]:
    roles = events[schema.IISG_ROLE].astype(object)
    return (
        int((roles == schema.ROLE_ORGANISER).sum()),
        int((roles == schema.ROLE_PARTICIPANT).sum()),
    )


def western_balkans_table(events: pd.DataFrame, event_partners: pd.DataFrame) -> pd.DataFrame:
    """Per Western Balkan partner: hosted, own institutions, through the group entry, either way.

    ``partners.western_balkan_participation`` with the report's column labels: companies never
    count as a country's participation, and the group entry is never split into the six.

    Args:
        events: The events of the period.
        event_partners: The event x partner table (only rows of these events are used).

    Returns:
        One row per partner in ``schema.WESTERN_BALKANS`` order (Kosovo written Kosovo*).
    """
    table = partners.western_balkan_participation(events, event_partners)
    return table.rename(
        columns={
            partners.WB_PARTNER: COL_PARTNER,
            partners.WB_HOSTED: COL_HOSTED,
            partners.WB_OWN: COL_TOOK_PART,
            partners.WB_VIA_GROUP: COL_VIA_GROUP,
            partners.WB_EITHER: COL_EITHER,
            partners.WB_BODIES: COL_BODIES,
            partners.WB_NOT_COUNTED: COL_NOT_COUNTED,
        }
    )


def international_partners(event_partners: pd.DataFrame) -> pd.DataFrame:
    """The international partners of the events: not of a Western Balkan country, not the group.

    EU institutions, EU member states, international organisations, third countries and
    their institutions; the IISG's own bodies are left out.

    Args:
        event_partners: The event x partner rows of the period's events.

    Returns:
        ``partners.rank_partners`` of those rows (most events first).
    """
    country = event_partners[schema.PARTNER_COUNTRY].astype(object)
    keep = (
        ~country.isin(list(schema.WESTERN_BALKANS))
        & (event_partners[schema.PARTNER] != WB_GROUP)
        & (event_partners[schema.PARTNER_KIND] != IISG_KIND)
    )
    return partners.rank_partners(event_partners[keep.fillna(True).astype(bool)])


def kind_table(event_partners: pd.DataFrame) -> pd.DataFrame:
    """International partners per kind: how many partners, and in how many events.

    Args:
        event_partners: The event x partner rows of the period's events.

    Returns:
        Columns "Kind", "Partners", "Events", kinds in the partner colours' order, then a
        row "All international partners" when there are several kinds.
    """
    country = event_partners[schema.PARTNER_COUNTRY].astype(object)
    keep = (
        ~country.isin(list(schema.WESTERN_BALKANS))
        & (event_partners[schema.PARTNER] != WB_GROUP)
        & (event_partners[schema.PARTNER_KIND] != IISG_KIND)
    )
    rows = event_partners[keep.fillna(True).astype(bool)]
    table = [
        {
            COL_KIND: kind,
            COL_PARTNERS: int(part[schema.PARTNER].nunique()),
            COL_EVENTS: int(part[schema.EVENT_ID].nunique()),
        }
        for kind in partners.partner_kinds(rows)
        for part in [rows[rows[schema.PARTNER_KIND] == kind]]
    ]
    if len(table) > 1:
        table.append(
            {
                COL_KIND: KIND_TOTAL,
                COL_PARTNERS: int(rows[schema.PARTNER].nunique()),
                COL_EVENTS: int(rows[schema.EVENT_ID].nunique()),
            }
        )
    return pd.DataFrame(table, columns=[COL_KIND, COL_PARTNERS, COL_EVENTS])


def partner_ranking_table(ranking: pd.DataFrame) -> pd.DataFrame:
    """Give a partner ranking the report's column labels (country shown with Kosovo*)."""
    return pd.DataFrame(
        {
            COL_PARTNER: [str(name) for name in ranking[schema.PARTNER]],
            COL_KIND: [str(kind) for kind in ranking[schema.PARTNER_KIND]],
            COL_COUNTRY: [
                schema.display_country(c if isinstance(c, str) else None)
                for c in ranking[schema.PARTNER_COUNTRY]
            ],
            COL_EVENTS: [int(n) for n in ranking[partners.EVENTS]],
        },
        columns=[COL_PARTNER, COL_KIND, COL_COUNTRY, COL_EVENTS],
    )


def annex_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events of the period as the annex lists them: numbered, dates, title, place, source.

    Built from ``display.events_table`` (real dates in Start and End, Kosovo*, joined lists).
    An event with source caveats is marked ("⚠ 2"); the Source caveats section lists them
    under the same number.

    Args:
        events: The events of the period, in the order to list them.

    Returns:
        Columns "No.", ``ANNEX_COLUMNS``, Partners, Source caveats, Source.
    """
    table = display.events_table(events)
    table = table[[*ANNEX_COLUMNS, ANNEX_PARTNERS, ANNEX_SOURCE]].reset_index(drop=True)
    table.insert(0, ANNEX_NUMBER, list(range(1, len(table) + 1)))
    table.insert(len(table.columns) - 1, ANNEX_CAVEATS, caveats.marks(events))
    return table


def places_table(events: pd.DataFrame) -> pd.DataFrame:
    """Host cities of the events with their number of events, most first, ties by name.

    Args:
        events: The events of the period.

    Returns:
        Columns "City", "Country" (Kosovo*), "Events"; events without a city are counted in a
        last row "(no stated city)".
    """
    located = events[events[schema.CITY].notna()]
    unplaced = len(events) - len(located)
    last = pd.DataFrame({COL_CITY: [NO_CITY], COL_COUNTRY: [""], COL_EVENTS: [unplaced]})
    if located.empty:
        empty = pd.DataFrame(columns=[COL_CITY, COL_COUNTRY, COL_EVENTS])
        return (last if unplaced else empty).astype({COL_EVENTS: "int64"})
    keys = located[[schema.CITY, schema.COUNTRY]].astype(object).fillna("")
    counts = keys.value_counts(sort=False).reset_index(name=COL_EVENTS)
    counts["_key"] = counts[schema.CITY].str.casefold()
    counts = counts.sort_values([COL_EVENTS, "_key"], ascending=[False, True])
    table = pd.DataFrame(
        {
            COL_CITY: counts[schema.CITY].astype(str).to_list(),
            COL_COUNTRY: [schema.display_country(c or None) for c in counts[schema.COUNTRY]],
            COL_EVENTS: counts[COL_EVENTS].astype("int64").to_list(),
        },
        columns=[COL_CITY, COL_COUNTRY, COL_EVENTS],
    )
    table = pd.concat([table, last], ignore_index=True) if unplaced else table
    return table.astype({COL_EVENTS: "int64"})


# -- narrative --------------------------------------------------------------------------------

HEADING_ACTIVITY: Final = "Activity"
HEADING_PILLARS: Final = "Pillars"
HEADING_PARTNERS: Final = "Partners"
HEADING_PLACES: Final = "Places"


def ranked_words(
    pairs: Sequence[tuple[str, int]],
    noun: str,
    *,
    members: str = "partner",
    top: int = TOP_IN_NARRATIVE,
) -> str:
    """The leaders of a ranking in words, ties named or summarised, never cut in the middle.

    Names are taken group by group (equal counts together) until ``top`` names are reached;
    a first group of more than ``NAMED_TIES`` names is summarised by its size ("8 partners"),
    a later one left out (the table lists them).

    Args:
        pairs: (name, count), most first.
        noun: What is counted ("event").
        members: What the names are ("partner", "city"), for a summarised group.
        top: How many names to reach.

    Returns:
        E.g. "DG NEAR (5 events), then Austria, GIZ, Greece and Italy with 2 each".
    """
    groups: list[tuple[int, list[str]]] = []
    for name, number in pairs:
        if groups and groups[-1][0] == number:
            groups[-1][1].append(name)
        else:
            groups.append((number, [name]))
    parts: list[str] = []
    named = 0
    for index, (number, names) in enumerate(groups):
        if named >= top:
            break
        many = len(names) > NAMED_TIES
        if many and index:
            # "then 15 others with 1 each" tells the reader nothing the table does not.
            break
        who = count_text(len(names), members, "cities" if members == "city" else None)
        who = who if many else join_words(names)
        if index == 0:
            each = " each" if len(names) > 1 else ""
            parts.append(f"{who} ({count_text(number, noun)}{each})")
        else:
            each = " each" if len(names) > 1 else ""
            parts.append(f"then {who} with {number}{each}")
        named += len(names)
    return ", ".join(parts)


def narrative(
    report_period: ReportPeriod,
    previous_period: ReportPeriod,
    filters_text: str,
    chosen_pillars: Sequence[str],
    kpis: metrics.Kpis,
    previous_kpis: metrics.Kpis,
    organised: int,
    participated: int,
    pillar_rows: pd.DataFrame,
    group_rows: pd.DataFrame,
    wb_rows: pd.DataFrame,
    wb_group_events: int,
    kinds: pd.DataFrame,
    ranking: pd.DataFrame,
    places: pd.DataFrame,
    caveated: int,
    participants_missing: int,
) -> tuple[Paragraph, ...]:
    """Write the report's text: short paragraphs under headings, every number from a table.

    Each sentence is a template filled with figures of the report's own tables (headline,
    pillars, Western Balkans, partners, places); a sentence with nothing to say (a zero, an
    empty list) is left out. Pillars are named only as the filter lets them through.

    Args:
        report_period: The reporting period.
        previous_period: The comparison period.
        filters_text: The other filters in words ("no filters").
        chosen_pillars: The pillar filter (empty: every pillar).
        kpis: The period's headline figures.
        previous_kpis: The previous period's.
        organised: Events the IISG organised.
        participated: Events organised by others.
        pillar_rows: ``pillar_table``.
        group_rows: ``group_table``.
        wb_rows: ``western_balkans_table``.
        wb_group_events: Events the group entry attended.
        kinds: ``kind_table``.
        ranking: ``international_partners``.
        places: ``places_table``.
        caveated: Events with source caveats.
        participants_missing: Events whose sources may not name every participant.

    Returns:
        The paragraphs, in order: activity, pillars, partners, places (those with something
        to say).
    """
    first, last = periods.long_date(report_period.start), periods.long_date(report_period.end)
    scope = "" if filters_text == "no filters" else f" matching the filters ({filters_text})"
    before = f"the previous period of equal length ({previous_period.dates_text})"
    n = kpis.events
    if n == 0:
        sentences = [f"No events{scope} are recorded between {first} and {last}."]
        if previous_kpis.events:
            sentences.append(
                f"In {before} there {_were(previous_kpis.events)} "
                f"{count_text(previous_kpis.events, 'event')}."
            )
        return (Paragraph(HEADING_ACTIVITY, tuple(sentences)),)

    activity = [
        f"Between {first} and {last}, the dataset records {count_text(n, 'event')} of the "
        f"IISG{scope}, with {count_text(kpis.days_of_meetings, 'day')} of meetings."
    ]
    if organised and participated:
        activity.append(
            f"The IISG organised {organised} of them and took part in {participated} organised "
            "by others."
        )
    elif organised:
        activity.append(f"The IISG organised {_all(n, 'it', 'them')}.")
    elif participated:
        activity.append(f"The IISG took part in {_all(n, 'it', 'them')}, organised by others.")
    change = n - previous_kpis.events
    if change == 0:
        activity.append(f"That is as many as in {before}.")
    else:
        more = "more" if change > 0 else "fewer"
        had = previous_kpis.events or "none"
        activity.append(
            f"That is {count_text(abs(change), 'event')} {more} than in {before}, which had {had}."
        )
    if caveated:
        if n == 1:
            who = "The event carries"
        elif caveated == n:
            who = "Both events carry" if n == 2 else f"All {n} events carry"
        else:
            who = f"{caveated} of the {n} events {'carries' if caveated == 1 else 'carry'}"
        activity.append(f"{who} caveats about their sources (see Source caveats).")
    paragraphs = [Paragraph(HEADING_ACTIVITY, tuple(activity))]

    pillar_sentences = []
    named = [
        (str(row[COL_PILLAR]), int(row[COL_EVENTS]))
        for _, row in pillar_rows.iterrows()
        if row[COL_PILLAR] != schema.NO_PILLAR and int(row[COL_EVENTS])
    ]
    groups = {str(row[COL_GROUP]): int(row[COL_EVENTS]) for _, row in group_rows.iterrows()}
    cross = next((v for k, v in groups.items() if k.startswith(schema.CROSS_CUTTING)), 0)
    no_pillar = next((v for k, v in groups.items() if k.startswith("No pillar")), 0)
    if len(named) == 1 and chosen_pillars:
        code, number = named[0]
        pillar_sentences.append(f"{count_text(number, 'event')} name {code}.")
    elif named:
        pillar_sentences.append(
            "Counting an event once for each pillar it names: "
            f"{join_words([f'{code} {count_text(number, _EVENT)}' for code, number in named])}."
        )
    if cross:
        pillar_sentences.append(
            f"{cross} of the {count_text(n, 'event')} {'names' if cross == 1 else 'name'} "
            "several pillars (cross-cutting)."
            if n > 1
            else "It names several pillars (cross-cutting)."
        )
    if no_pillar:
        pillar_sentences.append(
            f"{no_pillar} of the {count_text(n, 'event')} {'names' if no_pillar == 1 else 'name'} "
            "no pillar."
            if no_pillar < n
            else ("It names no pillar." if n == 1 else f"None of the {n} events names a pillar.")
        )
    if pillar_sentences:
        paragraphs.append(Paragraph(HEADING_PILLARS, tuple(pillar_sentences)))

    partner_sentences = []
    if kpis.partners:
        partner_sentences.append(
            f"{caveats.at_least(kpis.partners, participants_missing > 0).capitalize()} "
            f"{'partner was' if kpis.partners == 1 else 'partners were'} engaged."
        )
    own = [
        (str(row[COL_PARTNER]), int(row[COL_TOOK_PART]))
        for _, row in wb_rows.iterrows()
        if int(row[COL_TOOK_PART])
    ]
    if own:
        partner_sentences.append(
            "Western Balkan institutions named among the participants: "
            f"{join_words([f'{name} ({count_text(number, _EVENT)})' for name, number in own])}."
        )
    if wb_group_events:
        partner_sentences.append(
            f"The group entry '{WB_GROUP}', which stands for the six together, is named at "
            f"{count_text(wb_group_events, 'event')}."
        )
    if not kinds.empty:
        by_kind = [
            count_text(
                int(row[COL_PARTNERS]),
                _kind_noun(str(row[COL_KIND])),
                _plural_kind(str(row[COL_KIND])),
            )
            for _, row in kinds.iterrows()
            if row[COL_KIND] != KIND_TOTAL
        ]
        engaged = int(kinds[COL_PARTNERS].iloc[-1])
        partner_sentences.append(
            f"International partners: {caveats.at_least(engaged, participants_missing > 0)} "
            f"({join_words(by_kind)})."
        )
        counted = [
            (str(name), int(number))
            for name, number in zip(ranking[schema.PARTNER], ranking[partners.EVENTS], strict=True)
        ]
        # When every partner attended one event, nobody is "the most engaged".
        if counted and counted[0][1] > 1:
            partner_sentences.append(f"The most engaged: {ranked_words(counted, _EVENT)}.")
    if partner_sentences:
        paragraphs.append(Paragraph(HEADING_PARTNERS, tuple(partner_sentences)))

    place_sentences = []
    cities = [
        (str(city), str(country), int(number))
        for city, country, number in zip(
            places[COL_CITY], places[COL_COUNTRY], places[COL_EVENTS], strict=True
        )
        if city != NO_CITY
    ]
    unplaced = sum(
        int(number)
        for city, number in zip(places[COL_CITY], places[COL_EVENTS], strict=True)
        if city == NO_CITY
    )
    if len(cities) == 1:
        city, country, number = cities[0]
        where = f"{city}, {country}" if country else city
        place_sentences.append(
            f"{'The event' if n == 1 else _all(number, 'It', 'them').capitalize()} took place in "
            f"{where}."
            if number == n
            else f"{count_text(number, 'event')} took place in {where}."
        )
    elif cities:
        place_sentences.append(
            f"The events took place in {count_text(kpis.host_cities, 'host city', 'host cities')} "
            f"in {count_text(kpis.countries, 'country', 'countries')}."
        )
        if cities[0][2] > 1:
            busiest = ranked_words(
                [(city, number) for city, _, number in cities], _EVENT, members="city"
            )
            place_sentences.append(f"Most events: {busiest}.")
    hosted = [
        (str(row[COL_PARTNER]), int(row[COL_HOSTED]))
        for _, row in wb_rows.iterrows()
        if int(row[COL_HOSTED])
    ]
    if hosted and len(cities) > 1:
        place_sentences.append(
            "In the Western Balkans: "
            f"{join_words([f'{name} ({count_text(number, _EVENT)})' for name, number in hosted])}."
        )
    if unplaced:
        place_sentences.append(
            f"{count_text(unplaced, 'event')} {'has' if unplaced == 1 else 'have'} no stated "
            "host city."
        )
    if place_sentences:
        paragraphs.append(Paragraph(HEADING_PLACES, tuple(place_sentences)))
    return tuple(paragraphs)


def _all(number: int, one: str, many: str) -> str:
    # "it" for one event, "both" for two, "all 5" beyond.
    if number == 1:
        return one
    return "both" if number == 2 else f"all {number}"


def _were(number: int) -> str:
    return "was" if number == 1 else "were"


def _kind_noun(kind: str) -> str:
    # Kind labels start with a capital ("EU member state", "Third country"); in a sentence only
    # an ordinary word is lowered, never an acronym.
    return kind if kind[:2].isupper() else kind[:1].lower() + kind[1:]


def _plural_kind(kind: str) -> str:
    # Kind labels are singular; the plural goes on the head noun, not always the last word.
    noun = _kind_noun(kind)
    for singular, plural in (
        ("institution or agency", "institutions or agencies"),
        ("organisation", "organisations"),
        ("member state", "member states"),
        ("country", "countries"),
        ("national institution", "national institutions"),
        ("group of partners", "groups of partners"),
        ("company", "companies"),
        ("not in the registry", "partners not in the registry"),
        ("IISG body", "IISG bodies"),
    ):
        if noun.endswith(singular) or noun.startswith(singular):
            return noun.replace(singular, plural, 1)
    return noun + "s"


# -- charts -----------------------------------------------------------------------------------


def report_figures(
    events: pd.DataFrame, event_partners: pd.DataFrame, dataset: Dataset, period: ReportPeriod
) -> dict[str, go.Figure]:
    """The report's four charts, built by the analysis pages' figure builders.

    Args:
        events: The events of the period.
        event_partners: The event x partner rows of those events.
        dataset: The dataset (reference data for colours and labels).
        period: The reporting period (the monthly axis spans it).

    Returns:
        Chart key -> figure; empty when there are no events (the documents say so instead).
    """
    if events.empty:
        return {}
    reference = dataset.reference
    order = charts.pillar_group_order(reference)
    colours = charts.pillar_colours(reference)
    labels = charts.pillar_labels(reference)
    per_month = pillars.pillar_counts_per_period(
        events, reference, "Month", period.start, period.end
    )
    ranking = partners.rank_partners(event_partners, top_n=TOP_PARTNERS)
    top = partners.ranking_figure(ranking, partners.kind_colours())
    # The Partners page shows every partner; the report keeps the most active ones. With many
    # partner kinds the page's legend (above the bars) wraps over the title: here it goes below,
    # and the counts get whole-number ticks.
    top.update_layout(
        title_text=f"Events attended, by partner (the {TOP_PARTNERS} most active)",
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        margin={"t": 60},
    )
    most = int(ranking[partners.EVENTS].max()) if not ranking.empty else 0
    top.update_xaxes(tickformat="d", dtick=1 if most <= 10 else None)
    return {
        CHART_ACTIVITY: pillars.pillar_period_figure(per_month, reference, "Month"),
        CHART_PILLARS: pillars.pillar_share_figure(
            pillars.pillar_group_shares(events, reference), reference
        ),
        CHART_MAP: geomap.map_figure(geomap.city_counts(events, order), colours, labels, order),
        CHART_PARTNERS: top,
    }


# -- the report -------------------------------------------------------------------------------


def build_report(
    dataset: Dataset,
    period: ReportPeriod,
    event_filter: EventFilter | None = None,
    *,
    now: dt.datetime | None = None,
    indicators: IndicatorSet | None = None,
) -> ReportData:
    """Compute everything a report shows, once, for every format to render.

    The report's dates replace any period of `event_filter`; its other filters apply to the
    period and to the previous one alike. An event counts in the period if any of its days
    falls in it (the dashboard's rule).

    Args:
        dataset: The loaded dataset.
        period: The reporting period.
        event_filter: The other filters (pillars, countries...); None for none.
        now: Generation time (UTC); the current time when None.
        indicators: The indicators to compute for the period, with the same filters; the
            report has no indicators section when None.

    Returns:
        The report's data.
    """
    chosen = _without_period(event_filter or EventFilter())
    filters_text = filters.describe(chosen)
    current_filter = _period_filter(chosen, period)
    before = periods.previous(period)
    all_events, all_partners = dataset.events, dataset.event_partners
    events = filters.apply(all_events, current_filter, all_partners)
    events = events.sort_values([schema.START_DATE, schema.ID], kind="stable")
    previous_events = filters.apply(all_events, _period_filter(chosen, before), all_partners)
    attending = filters.apply_to_table(all_partners, events)
    kpis = metrics.compute_kpis(events, all_partners)
    previous_kpis = metrics.compute_kpis(previous_events, all_partners)
    missing = int(caveats.participants_missing(events).sum())
    caveated = int(caveats.has_caveats(events).sum())
    partners_note = caveats.lower_bound_note(missing, len(events))
    organised, participated = _role_counts(events)
    previous_roles = _role_counts(previous_events)
    headlines = (
        *(
            Headline(
                label,
                int(getattr(kpis, name)),
                int(getattr(previous_kpis, name)),
                note=partners_note if name == "partners" else "",
            )
            for label, name in (
                (KPI_EVENTS, "events"),
                (KPI_DAYS, "days_of_meetings"),
                (KPI_CITIES, "host_cities"),
                (KPI_COUNTRIES, "countries"),
                (KPI_PARTNERS, "partners"),
            )
        ),
        Headline(KPI_ORGANISED, organised, previous_roles[0]),
        Headline(KPI_BY_OTHERS, participated, previous_roles[1]),
    )
    chosen_pillars = chosen.pillars
    per_pillar = pillar_table(events, attending, dataset.reference, chosen_pillars)
    per_group = group_table(events, dataset.reference, chosen_pillars)
    wb_rows = western_balkans_table(events, attending)
    wb_group_events = int(
        attending[attending[schema.PARTNER] == WB_GROUP][schema.EVENT_ID].nunique()
    )
    ranking = international_partners(attending)
    kinds = kind_table(attending)
    places = places_table(events)
    paragraphs = narrative(
        period,
        before,
        filters_text,
        chosen_pillars,
        kpis,
        previous_kpis,
        organised,
        participated,
        per_pillar,
        per_group,
        wb_rows,
        wb_group_events,
        kinds,
        ranking,
        places,
        caveated,
        missing,
    )
    generated = now or dt.datetime.now(dt.UTC)
    return ReportData(
        title=f"{REPORT_TITLE}: {period.label}",
        period=period,
        previous_period=before,
        event_filter=current_filter,
        filters_text=filters_text,
        kpis=kpis,
        previous_kpis=previous_kpis,
        headlines=headlines,
        organised=organised,
        participated=participated,
        pillar_table=per_pillar,
        group_table=per_group,
        wb_table=wb_rows,
        wb_group_events=wb_group_events,
        kind_table=kinds,
        partner_table=partner_ranking_table(ranking),
        places_table=places,
        narrative=paragraphs,
        caveated_events=caveated,
        participants_missing=missing,
        caveat_table=caveats.caveats_table(events),
        events=annex_table(events),
        figures=LazyFigures(lambda: report_figures(events, attending, dataset, period)),
        provenance=Provenance(
            file_name=dataset.path.name,
            content_hash=dataset.content_hash,
            events_in_file=dataset.total_events_in_file,
            valid_events=len(all_events),
            errors=len(dataset.errors),
            warnings=len(dataset.warnings),
            generated_at=generated,
        ),
        indicators=(
            None
            if indicators is None
            else build_results(all_events, all_partners, indicators, period, chosen)
        ),
    )


# -- command line -----------------------------------------------------------------------------

FORMATS: Final = ("docx", "xlsx", "html")


def renderer(file_format: str, *, images: bool = True) -> Callable[[ReportData], bytes]:
    """Return the function that writes a report in a format.

    Args:
        file_format: "docx", "xlsx" or "html".
        images: For DOCX, whether to draw the charts as pictures (needs Chromium).

    Returns:
        ReportData -> file bytes.

    Raises:
        ValueError: Unknown format.
    """
    # Imported here: the renderers import this module for ReportData.
    if file_format == "docx":
        from analytics import report_docx

        return lambda report: report_docx.to_docx_bytes(report, images=images)
    if file_format == "xlsx":
        from analytics import report_xlsx

        return report_xlsx.to_xlsx_bytes
    if file_format == "html":
        from analytics import report_html

        return report_html.to_html_bytes
    raise ValueError(f"unknown format {file_format!r}; use one of {', '.join(FORMATS)}")


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analytics.report",
        description=(
            "Write the IISG events report for a period (DOCX, XLSX or HTML). The dataset is "
            "$EVENTS_FILE, or data/events.yaml."
        ),
    )
    parser.add_argument(
        "--period", help="2023, 2023-H1 or 2023-Q2 (overrides a period given in --view)"
    )
    parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (with --to)")
    parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (with --from)")
    parser.add_argument("--format", choices=FORMATS, help="default: from --output, else docx")
    parser.add_argument("--output", help="file to write (default: iisg-report-<period>.<format>)")
    parser.add_argument("--events", help="events file (default: $EVENTS_FILE or data/events.yaml)")
    parser.add_argument(
        "--indicators",
        help="indicators file for 'Progress against indicators' (default: $INDICATORS_FILE, "
        "else indicators.yaml beside the events, else data/indicators.yaml)",
    )
    parser.add_argument(
        "--no-images", action="store_true", help="DOCX without chart pictures (no browser needed)"
    )
    parser.add_argument(
        "--view",
        help=(
            "the dashboard's filters: its address or query string, e.g. "
            "'pillar=WBCTi&country=Albania' (a period in it is the report's period unless "
            "--period or --from/--to is given)"
        ),
    )
    return parser


def view_filter(address: str, options: filters.FilterOptions, today: dt.date) -> EventFilter:
    """The dashboard's filters of an address or query string, refusing what the data lacks.

    The same parameters and the same decoding as the pages (``filters.params_from_address``
    and ``filters.from_query_params``); where a page ignores a bad value with a notice, the
    command line stops, naming it.

    Args:
        address: A dashboard address or its query string ("pillar=WBCTi&country=Albania").
        options: What the dataset offers.
        today: The reference day of relative periods ("Last 12 months").

    Returns:
        The filter (its period, if any, as the dashboard reads it).

    Raises:
        ValueError: An unknown parameter, a value the dataset does not have, or a bad date.
    """
    params = filters.params_from_address(address)
    known = {
        filters.PARAM_PERIOD: "period",
        filters.PARAM_FROM: "first day",
        filters.PARAM_TO: "last day",
        filters.PARAM_TEXT: "search",
        **{param: param for param in filters.PARAMS.values()},
    }
    for name, values in params.items():
        if name not in known:
            raise ValueError(f"--view: unknown filter {name!r} (known: {', '.join(sorted(known))})")
        if name in (filters.PARAM_FROM, filters.PARAM_TO):
            try:
                dt.date.fromisoformat(values[-1])
            except ValueError:
                raise ValueError(
                    f"--view: {name}={values[-1]!r} is not a date written YYYY-MM-DD"
                ) from None
        for field_name, param in filters.PARAMS.items():
            if param == name:
                allowed = set(getattr(options, field_name))
                for value in values:
                    if value not in allowed:
                        raise ValueError(f"--view: this dataset has no {param} {value!r}")
    chosen, notices = filters.from_query_params(params, options, today)
    if notices:
        raise ValueError(f"--view: {notices[0]}")
    return chosen


def _view_period(event_filter: EventFilter) -> ReportPeriod | None:
    if event_filter.start is None or event_filter.end is None:
        return None
    if event_filter.period.isdigit():
        return periods.parse_period(event_filter.period)
    return periods.custom(event_filter.start, event_filter.end)


def _fail(message: str, status: int = 1) -> int:
    sys.stderr.write(f"error: {message}\n")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line: build the report and write one file.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).

    Returns:
        The exit status: 0 on success, 2 for bad arguments, 1 for a dataset or file problem.
    """
    options = _arguments().parse_args(argv)
    period: ReportPeriod | None = None
    try:
        if options.period and (options.start or options.end):
            raise ValueError("give either --period or --from/--to, not both")
        if options.period:
            period = periods.parse_period(options.period)
        elif options.start and options.end:
            period = periods.parse_dates(options.start, options.end)
        elif not options.view:
            raise ValueError("give a period: --period 2023-H1, or --from and --to dates")
    except ValueError as error:
        return _fail(str(error), 2)
    file_format = options.format
    if file_format is None:
        suffix = Path(options.output).suffix.lower().lstrip(".") if options.output else ""
        file_format = suffix if suffix in FORMATS else "docx"
    events_path = Path(options.events) if options.events else default_events_path()
    try:
        dataset = load_dataset(events_path)
    except DatasetError as error:
        return _fail(f"cannot use the dataset: {error}")
    indicators_file = (
        Path(options.indicators) if options.indicators else default_indicators_path(events_path)
    )
    try:
        indicator_set = load_indicators(indicators_file, dataset.reference)
    except DatasetError as error:
        return _fail(f"cannot use the indicators file: {error}")
    for problem in indicator_set.problems:
        sys.stderr.write(f"warning: {problem} (the indicator is left out)\n")
    event_filter: EventFilter | None = None
    if options.view:
        offered = filters.filter_options(
            dataset.events, dataset.event_partners, dataset.reference.pillar_codes
        )
        try:
            event_filter = view_filter(options.view, offered, dt.date.today())
            period = period or _view_period(event_filter)
        except ValueError as error:
            return _fail(str(error), 2)
        if period is None:
            return _fail(
                "give a period: --period 2023-H1, --from and --to dates, or a year in --view "
                "(period=2023)",
                2,
            )
    assert period is not None
    started = time.perf_counter()
    report = build_report(dataset, period, event_filter, indicators=indicator_set)
    content = renderer(file_format, images=not options.no_images)(report)
    output = Path(options.output) if options.output else Path(report.file_name(file_format))
    try:
        output.write_bytes(content)
    except OSError as error:
        return _fail(f"cannot write {output}: {error.strerror or error}")
    seconds = time.perf_counter() - started
    sys.stdout.write(
        f"Wrote {output} ({report.period.label}: {count_text(report.kpis.events, 'event')}) "
        f"in {seconds:.1f} s\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
