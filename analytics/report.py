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

from analytics import charts, display, filters, geomap, metrics, partners, periods, pillars, schema
from analytics.dataset.load import Dataset, default_events_path, load_dataset
from analytics.filters import EventFilter
from analytics.indicators import IndicatorSet, ResultsData, build_results, load_indicators
from analytics.indicators import indicators_path as default_indicators_path
from analytics.periods import ReportPeriod
from analytics.reference import Reference
from analytics.schema import DatasetError

REPORT_TITLE: Final = "IISG events report"
FILE_STEM: Final = "iisg-report"
# The group entry that stands for the six partners together; never split into the six.
WB_GROUP: Final = schema.WB_GROUP
IISG_KIND: Final = schema.PARTNER_KINDS["iisg"]
_EVENT: Final = "event"
TOP_PARTNERS: Final = 15
TOP_IN_NARRATIVE: Final = 3

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

# Column labels of the report's tables.
COL_FIGURE: Final = "Figure"
COL_THIS: Final = "This period"
COL_PREVIOUS: Final = "Previous period"
COL_CHANGE: Final = "Change"
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
COL_ITEM: Final = "Item"
COL_VALUE: Final = "Value"
ANNEX_COLUMNS: Final = ("Start", "End", "Dates", "Title", "City", "Country", "Type", "Pillars")
ANNEX_PARTNERS: Final = "Partners"
ANNEX_SOURCE: Final = "Source"

GROUP_NOTE: Final = (
    "Each event counted once: under its one pillar, as Cross-cutting (it names several "
    "pillars) or as No pillar (it names none)."
)
WB_NOTE: Final = partners.WB_PARTICIPATION_NOTE
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
        headlines: The five headline figures with their change.
        organised: Events of the period the IISG organised.
        participated: Events of the period organised by others.
        pillar_table: Per pillar (an event once per pillar it names) and "No pillar".
        group_table: Each event once: its pillar, "Cross-cutting" or "No pillar".
        wb_table: Per Western Balkan partner: events hosted and taken part in.
        wb_group_events: Events the "Western Balkans Partners" group took part in.
        kind_table: International partners per kind: partners and events.
        partner_table: The international partners with the events each attended.
        narrative: The generated paragraph, one sentence an item.
        events: The annex: one row an event of the period, by start date.
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
    narrative: tuple[str, ...]
    events: pd.DataFrame
    figures: Mapping[str, go.Figure] = field(compare=False)
    provenance: Provenance = field(compare=False)
    indicators: ResultsData | None = field(default=None, compare=False)

    @property
    def empty(self) -> bool:
        """True when no event falls in the period (the report says so)."""
        return self.kpis.events == 0

    @property
    def footnote(self) -> str:
        """The Kosovo* designation footnote."""
        return schema.KOSOVO_FOOTNOTE

    def headline_table(self, change_as_text: bool = False) -> pd.DataFrame:
        """The headline figures as a table: figure, this period, previous period, change.

        Args:
            change_as_text: Write the change as text ("+3", "no change") for a document, not
                as a number for a spreadsheet.
        """
        return pd.DataFrame(
            {
                COL_FIGURE: [h.label for h in self.headlines],
                COL_THIS: [h.value for h in self.headlines],
                COL_PREVIOUS: [h.previous for h in self.headlines],
                COL_CHANGE: [h.change_text if change_as_text else h.change for h in self.headlines],
            }
        )

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
            ("Data problems: errors (event left out)", str(source.errors)),
            ("Data problems: warnings", str(source.warnings)),
            ("Generated", source.generated_text),
            ("Kosovo*", schema.KOSOVO_FOOTNOTE),
        ]
        return pd.DataFrame(rows, columns=[COL_ITEM, COL_VALUE])

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
    events: pd.DataFrame, event_partners: pd.DataFrame, reference: Reference
) -> pd.DataFrame:
    """Per pillar and "No pillar": events, days, event types and host countries.

    Counts come from ``pillars.pillar_figures_table`` and ``pillars.pillar_crosstab`` (the
    Pillars page's tables): an event counts once for each pillar it names.

    Args:
        events: The events of the period.
        event_partners: The event x partner table.
        reference: Reference data.

    Returns:
        One row per pillar code and "No pillar", zeros included.
    """
    codes = pillars.pillar_columns(reference)
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


def group_table(events: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """Each event once under its pillar group, every group listed (zeros included).

    Args:
        events: The events of the period.
        reference: Reference data.

    Returns:
        Columns "Counted as", "Events", "Share of events (%)", groups in the charts' order.
    """
    shares = pillars.pillar_group_shares(events, reference).set_index(schema.PILLAR_GROUP)
    labels = charts.pillar_labels(reference)
    rows = []
    for group in charts.pillar_group_order(reference):
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


def _group_count(events: pd.DataFrame, group: str) -> int:
    return int((events[schema.PILLAR_GROUP].astype(str) == group).sum())


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
        Columns "Kind", "Partners", "Events", kinds in the partner colours' order.
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
    """The events of the period as the annex lists them: dates, title, place, pillars, source.

    Built from ``display.events_table`` (real dates in Start and End, Kosovo*, joined lists).

    Args:
        events: The events of the period, in the order to list them.

    Returns:
        Columns ``ANNEX_COLUMNS``, Partners, Source.
    """
    table = display.events_table(events)
    return table[[*ANNEX_COLUMNS, ANNEX_PARTNERS, ANNEX_SOURCE]].reset_index(drop=True)


# -- narrative --------------------------------------------------------------------------------


def narrative(
    report_period: ReportPeriod,
    previous_period: ReportPeriod,
    filters_text: str,
    kpis: metrics.Kpis,
    previous_kpis: metrics.Kpis,
    organised: int,
    participated: int,
    pillar_rows: pd.DataFrame,
    cross_cutting: int,
    no_pillar: int,
    wb_rows: pd.DataFrame,
    wb_group_events: int,
    kinds: pd.DataFrame,
    ranking: pd.DataFrame,
) -> tuple[str, ...]:
    """Write the report's paragraph: each sentence a template filled with computed figures.

    Args:
        report_period: The reporting period.
        previous_period: The comparison period.
        filters_text: The other filters in words ("no filters").
        kpis: The period's headline figures.
        previous_kpis: The previous period's.
        organised: Events the IISG organised.
        participated: Events organised by others.
        pillar_rows: ``pillar_table``.
        cross_cutting: Events naming several pillars.
        no_pillar: Events naming none.
        wb_rows: ``western_balkans_table``.
        wb_group_events: Events the group entry attended.
        kinds: ``kind_table``.
        ranking: ``international_partners``.

    Returns:
        The sentences, in order.
    """
    dates = f"between {periods.long_date(report_period.start)} and {periods.long_date(report_period.end)}"
    scope = "" if filters_text == "no filters" else f" matching the filters ({filters_text})"
    before = f"the previous period of equal length ({previous_period.dates_text})"
    n = kpis.events
    if n == 0:
        sentences = [f"No events{scope} are recorded {dates}."]
        if previous_kpis.events:
            sentences.append(
                f"In {before} there {_were(previous_kpis.events)} "
                f"{count_text(previous_kpis.events, 'event')}."
            )
        else:
            sentences.append(f"There were none in {before} either.")
        return tuple(sentences)

    places = (
        f"in {count_text(kpis.host_cities, 'host city', 'host cities')} in "
        f"{count_text(kpis.countries, 'country', 'countries')}"
        if kpis.host_cities
        else "none of them with a stated host city"
    )
    sentences = [
        f"{dates[0].upper()}{dates[1:]}, the dataset records "
        f"{count_text(n, 'event')}{scope} of the IISG "
        f"({count_text(kpis.days_of_meetings, 'day')} of meetings), {places}, with "
        f"{count_text(kpis.partners, 'partner')} engaged.",
        f"The IISG organised {organised} of them and took part in {participated} organised by "
        "others.",
    ]
    change = n - previous_kpis.events
    if change == 0:
        sentences.append(f"That is the same number of events as in {before}.")
    else:
        more = "more" if change > 0 else "fewer"
        sentences.append(
            f"That is {count_text(abs(change), 'event')} {more} than in {before}, which had "
            f"{previous_kpis.events}."
        )
    per_pillar = [
        f"{row[COL_PILLAR]} {count_text(int(row[COL_EVENTS]), 'event')}"
        for _, row in pillar_rows.iterrows()
        if row[COL_PILLAR] != schema.NO_PILLAR
    ]
    sentences.append(f"Counting an event once for each pillar it names: {join_words(per_pillar)}.")
    sentences.append(
        f"Of the {count_text(n, 'event')}, {_how_many(cross_cutting)} cross-cutting (several "
        f"pillars) and {_how_many(no_pillar, verb=False)} named no pillar."
    )
    hosted = [
        (str(row[COL_PARTNER]), int(row[COL_HOSTED]))
        for _, row in wb_rows.iterrows()
        if int(row[COL_HOSTED])
    ]
    if hosted:
        total = sum(number for _, number in hosted)
        sentences.append(
            f"{count_text(total, 'event')} took place in "
            f"{count_text(len(hosted), 'Western Balkan partner')}: "
            f"{join_words([f'{name} ({number})' for name, number in hosted])}."
        )
    else:
        sentences.append("No event took place in a Western Balkan partner.")
    took_part = [
        (str(row[COL_PARTNER]), int(row[COL_TOOK_PART]))
        for _, row in wb_rows.iterrows()
        if int(row[COL_TOOK_PART])
    ]
    if took_part:
        sentences.append(
            f"Participants from {len(took_part)} of the {len(schema.WESTERN_BALKANS)} partners "
            "(the partner itself or a body of its country) are named: "
            f"{join_words([f'{name} ({count_text(number, _EVENT)})' for name, number in took_part])}."
        )
    else:
        sentences.append("No Western Balkan partner is named individually among the participants.")
    sentences.append(
        f"The {WB_GROUP}, as a group, took part in {count_text(wb_group_events, 'event')}."
    )
    if kinds.empty:
        sentences.append("No international partner is recorded for these events.")
    else:
        by_kind = [
            count_text(
                int(row[COL_PARTNERS]),
                _kind_noun(str(row[COL_KIND])),
                _plural_kind(str(row[COL_KIND])),
            )
            for _, row in kinds.iterrows()
        ]
        engaged = int(kinds[COL_PARTNERS].sum())
        top = ranking.head(TOP_IN_NARRATIVE)
        leaders = [
            f"{name} ({count_text(int(events), 'event')})"
            for name, events in zip(top[schema.PARTNER], top[partners.EVENTS], strict=True)
        ]
        sentences.append(
            f"{count_text(engaged, 'international partner')} took part: {join_words(by_kind)}."
        )
        sentences.append(
            f"The most engaged {'was' if len(leaders) == 1 else 'were'} {join_words(leaders)}."
        )
    return tuple(sentences)


def _were(number: int) -> str:
    return "was" if number == 1 else "were"


def _how_many(number: int, *, verb: bool = True) -> str:
    if number == 0:
        return "none was" if verb else "none"
    return f"{number} {_were(number)}" if verb else str(number)


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
    headlines = tuple(
        Headline(label, int(getattr(kpis, name)), int(getattr(previous_kpis, name)))
        for label, name in (
            (KPI_EVENTS, "events"),
            (KPI_DAYS, "days_of_meetings"),
            (KPI_CITIES, "host_cities"),
            (KPI_COUNTRIES, "countries"),
            (KPI_PARTNERS, "partners"),
        )
    )
    roles = events[schema.IISG_ROLE].astype(object)
    organised = int((roles == schema.ROLE_ORGANISER).sum())
    participated = int((roles == schema.ROLE_PARTICIPANT).sum())
    per_pillar = pillar_table(events, attending, dataset.reference)
    wb_rows = western_balkans_table(events, attending)
    wb_group_events = int(
        attending[attending[schema.PARTNER] == WB_GROUP][schema.EVENT_ID].nunique()
    )
    ranking = international_partners(attending)
    kinds = kind_table(attending)
    sentences = narrative(
        period,
        before,
        filters_text,
        kpis,
        previous_kpis,
        organised,
        participated,
        per_pillar,
        _group_count(events, schema.CROSS_CUTTING),
        _group_count(events, schema.NO_PILLAR),
        wb_rows,
        wb_group_events,
        kinds,
        ranking,
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
        group_table=group_table(events, dataset.reference),
        wb_table=wb_rows,
        wb_group_events=wb_group_events,
        kind_table=kinds,
        partner_table=partner_ranking_table(ranking),
        narrative=sentences,
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
    parser.add_argument("--period", help="2023, 2023-H1 or 2023-Q2")
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
    return parser


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
    try:
        if options.period and (options.start or options.end):
            raise ValueError("give either --period or --from/--to, not both")
        if options.period:
            period = periods.parse_period(options.period)
        elif options.start and options.end:
            period = periods.parse_dates(options.start, options.end)
        else:
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
    started = time.perf_counter()
    report = build_report(dataset, period, indicators=indicator_set)
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
