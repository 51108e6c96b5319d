"""The report's model: ReportData and its parts, the labels the documents share, words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from analytics import (
    caveats,
    filters,
    metrics,
    partners,
    schema,
)
from analytics.filters import EventFilter
from analytics.indicators import ResultsData
from analytics.periods import ReportPeriod
from analytics.words import count_text

REPORT_TITLE: Final = "IISG events report"
FILE_STEM: Final = "iisg-report"
# The group entry that stands for the six partners together; never split into the six.
WB_GROUP: Final = schema.WB_GROUP
IISG_KIND: Final = schema.PARTNER_KINDS["iisg"]
EVENT_NOUN: Final = "event"
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
        indicator_count: How many indicators the report's "Progress against indicators" has;
            None when the report has no such section.
        indicator_results: Computes that section's results; None when there is none. Use
            ``indicators``, which computes them once, on first use: only the downloads show
            them, so the page does not compute them on every rerun.
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
    indicator_count: int | None = field(default=None, compare=False)
    indicator_results: Callable[[], ResultsData] | None = field(
        default=None, compare=False, repr=False
    )

    @cached_property
    def indicators(self) -> ResultsData | None:
        """The indicators for the period ("Progress against indicators"); None when none."""
        return None if self.indicator_results is None else self.indicator_results()

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


def counted_text(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({number})" for name, number in pairs)
