"""Indicator values for any period, computed from the events, with the progress towards targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd

from analytics import filters, periods, schema
from analytics.filters import EventFilter
from analytics.indicators.spec import (
    EVENTS,
    FILTER_KEYS,
    HOST_CITIES,
    HOST_COUNTRIES,
    MEASURES,
    MEETING_DAYS,
    ORGANISED_SHARE,
    PARTNERS,
    WB_PARTNERS,
    Indicator,
    IndicatorSet,
)
from analytics.memo import per_frames
from analytics.partners import WB_COUNTRY_KINDS
from analytics.periods import ReportPeriod
from analytics.schema import Problem

# Progress statuses, shown as a traffic light.
MET: Final = "met"
CLOSE: Final = "close"
BEHIND: Final = "behind"
NO_TARGET: Final = "no target"
NO_VALUE: Final = "no value"
NOT_JUDGED: Final = "not judged"
STATUS_LABELS: Final = {
    MET: "Target met",
    CLOSE: "Close to the target",
    BEHIND: "Behind the target",
    NO_TARGET: "No target set for this period",
    NO_VALUE: "No value (no events)",
    NOT_JUDGED: "Not judged: the sidebar filters narrow the value",
}
SHORT_STATUS: Final = {
    MET: "met",
    CLOSE: "close",
    BEHIND: "behind",
    NO_TARGET: "no target",
    NO_VALUE: "no value",
    NOT_JUDGED: "not judged",
}
# The traffic light: the colour of each judged status (Streamlit's badge colours), and a
# light background with dark text for a table cell, legible in light and dark themes.
BadgeColour = Literal["green", "orange", "red"]
STATUS_COLOURS: Final[dict[str, BadgeColour]] = {MET: "green", CLOSE: "orange", BEHIND: "red"}
STATUS_CELL_STYLES: Final = {
    MET: "background-color: #C8E6C9; color: #1B1B1B",
    CLOSE: "background-color: #FFE0B2; color: #1B1B1B",
    BEHIND: "background-color: #FFCDD2; color: #1B1B1B",
}
# "Close" is within this share of the target (below it, or above it when lower is better).
CLOSE_MARGIN: Final = 0.25
PROGRESS_RULE: Final = (
    "Green, target met: the value reaches the period's target (at or above it; at or below it "
    "when lower is better). Amber, close: within 25 % of the target (at least 75 % of it; at "
    "most 125 % when lower is better). Red, behind: further away. Progress is the value as a "
    "percentage of the target. A period still running is compared with the whole period's "
    "target."
)
COUNTING_RULE: Final = (
    "An event counts in a period when any of its days falls in it (the dashboard's period "
    "rule), so an event over New Year counts in both years. The previous period has the same "
    "number of days and ends the day before."
)
FILTER_FIELDS: Final = tuple(FILTER_KEYS)
# The yearly chart shows at most this many years (the latest).
MAX_YEARS: Final = 30

# Column labels of the progress table (the reports' "Progress against indicators").
COL_ID: Final = "Id"
COL_INDICATOR: Final = "Indicator"
COL_COUNTS: Final = "Counts"
COL_UNIT: Final = "Unit"
COL_VALUE: Final = "This period"
COL_PREVIOUS: Final = "Previous period"
COL_BASELINE: Final = "Baseline"
COL_BASELINE_YEAR: Final = "Baseline year"
COL_TARGET: Final = "Target"
COL_PROGRESS: Final = "Progress (% of target)"
COL_STATUS: Final = "Status"
COL_EVENTS: Final = "Events counted"
TABLE_COLUMNS: Final = (
    COL_ID,
    COL_INDICATOR,
    COL_COUNTS,
    COL_UNIT,
    COL_VALUE,
    COL_PREVIOUS,
    COL_BASELINE,
    COL_BASELINE_YEAR,
    COL_TARGET,
    COL_PROGRESS,
    COL_STATUS,
    COL_EVENTS,
)


@dataclass(frozen=True)
class _Arrays:
    """The dataset's events and partner rows as arrays, computed once per loaded dataset.

    Every indicator is then a boolean mask over the events, and every period a mask too:
    values are counts and distinct counts of masked arrays, without a pandas call a rerun.
    """

    start: np.ndarray  # datetime64[ns], one an event
    end: np.ndarray
    days: np.ndarray
    organised: np.ndarray  # bool
    country: np.ndarray  # int codes, -1 when missing
    city: np.ndarray  # int codes of (city, country), -1 when missing
    partner_event: np.ndarray  # the event (position) of each partner row
    partner: np.ndarray  # int codes
    wb: np.ndarray  # int codes of the Western Balkan partner, -1 for none
    # One pair for each calendar year an event touches (nearly every event touches one).
    pair_event: np.ndarray
    pair_year: np.ndarray
    # The same for partner rows: one for each year its event touches.
    partner_pair_row: np.ndarray
    partner_pair_year: np.ndarray


def _codes(values: pd.Series) -> np.ndarray:
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64)


def _wb_partner(event_partners: pd.DataFrame) -> pd.Series:
    """The Western Balkan partner a partner row stands for, else None.

    The rule of the report's Western Balkan table (``partners.western_balkan_participation``):
    the partner itself, or a registered partner of its country whose kind is a Western Balkan
    partner or a national institution (a company does not count as the country taking part);
    the group entry "Western Balkans Partners" is none of the six.
    """
    six = list(schema.WESTERN_BALKANS)
    partner = event_partners[schema.PARTNER]
    country = event_partners[schema.PARTNER_COUNTRY]
    own = filters.is_in(partner, six)
    counted_kind = filters.is_in(event_partners[schema.PARTNER_KIND], list(WB_COUNTRY_KINDS))
    of_country = filters.is_in(country, six) & counted_kind
    chosen = np.where(
        own, partner.astype(object), np.where(of_country, country.astype(object), None)
    )
    return pd.Series(chosen, dtype=object)


def _pairs(first_year: np.ndarray, span: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(item, year) pairs: item i repeated span[i] times, with years first_year[i], +1, ..."""
    item = np.repeat(np.arange(len(span)), span)
    offsets = np.arange(len(item)) - np.repeat(np.cumsum(span) - span, span)
    return item, first_year[item] + offsets


@per_frames(size=4)
def _arrays(events: pd.DataFrame, event_partners: pd.DataFrame) -> _Arrays:
    start = events[schema.START_DATE].to_numpy(dtype="datetime64[ns]")
    end = events[schema.END_DATE].to_numpy(dtype="datetime64[ns]")
    first_year = start.astype("datetime64[Y]").astype(np.int64) + 1970
    span = end.astype("datetime64[Y]").astype(np.int64) + 1970 - first_year + 1
    located = events[schema.CITY].notna().to_numpy(dtype=bool)
    city_key = pd.Series(
        np.where(
            located,
            events[schema.CITY].astype(object)
            + "\n"
            + events[schema.COUNTRY].astype(object).fillna(""),
            None,
        ),
        dtype=object,
    )
    partner_event = pd.Index(events[schema.ID]).get_indexer(event_partners[schema.EVENT_ID])
    partner_event = np.asarray(partner_event, dtype=np.int64)
    # Rows of events that are not in the frame (none in a loaded dataset) are left out.
    valid = partner_event >= 0
    pair_event, pair_year = _pairs(first_year, span)
    partner_rows = np.flatnonzero(valid)
    row_item, partner_pair_year = _pairs(
        first_year[partner_event[partner_rows]], span[partner_event[partner_rows]]
    )
    return _Arrays(
        start=start,
        end=end,
        days=events[schema.DURATION_DAYS].to_numpy(dtype=np.int64),
        organised=np.asarray(
            filters.is_in(events[schema.IISG_ROLE], [schema.ROLE_ORGANISER]), dtype=bool
        ),
        country=_codes(events[schema.COUNTRY]),
        city=_codes(city_key),
        partner_event=np.where(valid, partner_event, 0),
        partner=np.where(valid, _codes(event_partners[schema.PARTNER]), -1),
        wb=np.where(valid, _codes(_wb_partner(event_partners)), -1),
        pair_event=pair_event,
        pair_year=pair_year,
        partner_pair_row=partner_rows[row_item],
        partner_pair_year=partner_pair_year,
    )


# Which events each indicator's filter keeps: found once per loaded dataset and indicator.
@per_frames(size=128)
def _indicator_mask(
    events: pd.DataFrame, event_partners: pd.DataFrame, event_filter: EventFilter
) -> np.ndarray:
    if event_filter.is_empty:
        return np.ones(len(events), dtype=bool)
    matching = filters.apply(events, event_filter, event_partners)
    keep = np.zeros(len(events), dtype=bool)
    keep[events.index.get_indexer(matching.index)] = True
    return keep


def _distinct(codes: np.ndarray) -> int:
    valid = codes[codes >= 0]
    return 0 if valid.size == 0 else int(np.count_nonzero(np.bincount(valid)))


def _value(arrays: _Arrays, measure: str, keep: np.ndarray) -> float | None:
    """The measure over the events marked in `keep`."""
    count = int(np.count_nonzero(keep))
    if measure == EVENTS:
        return float(count)
    if measure == MEETING_DAYS:
        return float(arrays.days[keep].sum())
    if measure == HOST_COUNTRIES:
        return float(_distinct(arrays.country[keep]))
    if measure == HOST_CITIES:
        return float(_distinct(arrays.city[keep]))
    if measure == ORGANISED_SHARE:
        return None if count == 0 else 100.0 * int(arrays.organised[keep].sum()) / count
    attending = keep[arrays.partner_event]
    if measure == PARTNERS:
        return float(_distinct(arrays.partner[attending]))
    if measure == WB_PARTNERS:
        return float(_distinct(arrays.wb[attending]))
    raise ValueError(f"unknown measure {measure!r}")


def _in_period(arrays: _Arrays, start: dt.date, end: dt.date) -> np.ndarray:
    first = np.datetime64(start, "ns")
    last = np.datetime64(end, "ns")
    return (arrays.end >= first) & (arrays.start <= last)


def _per_year(arrays: _Arrays, measure: str, keep: np.ndarray, years: range) -> list[float | None]:
    """The measure for each calendar year, every event counted in each year it touches."""
    count = len(years)
    if count == 0:
        return []

    def distinct_per_year(codes: np.ndarray, year_of: np.ndarray) -> np.ndarray:
        valid = codes >= 0
        codes, year_of = codes[valid], year_of[valid]
        if codes.size == 0:
            return np.zeros(count, dtype=np.int64)
        width = int(codes.max()) + 1
        seen = np.bincount(year_of * width + codes, minlength=count * width) > 0
        return seen.reshape(count, width).sum(axis=1)

    if measure in (PARTNERS, WB_PARTNERS):
        rows, year = arrays.partner_pair_row, arrays.partner_pair_year - years.start
        chosen = keep[arrays.partner_event[rows]] & (year >= 0) & (year < count)
        codes = arrays.partner if measure == PARTNERS else arrays.wb
        return [float(v) for v in distinct_per_year(codes[rows[chosen]], year[chosen])]
    year = arrays.pair_year - years.start
    chosen = keep[arrays.pair_event] & (year >= 0) & (year < count)
    event, year = arrays.pair_event[chosen], year[chosen]
    events_per_year = np.bincount(year, minlength=count)
    if measure == EVENTS:
        return [float(v) for v in events_per_year]
    if measure == MEETING_DAYS:
        return [float(v) for v in np.bincount(year, weights=arrays.days[event], minlength=count)]
    if measure == ORGANISED_SHARE:
        organised = np.bincount(year, weights=arrays.organised[event], minlength=count)
        return [
            None if n == 0 else 100.0 * float(o) / int(n)
            for o, n in zip(organised, events_per_year, strict=True)
        ]
    codes = arrays.country if measure == HOST_COUNTRIES else arrays.city
    return [float(v) for v in distinct_per_year(codes[event], year)]


# Without sidebar filters an indicator's yearly series does not change with the period: it is
# computed once per loaded dataset.
@per_frames(size=256)
def _yearly_unfiltered(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    event_filter: EventFilter,
    measure: str,
    years: tuple[int, ...],
) -> tuple[float | None, ...]:
    keep = _indicator_mask(events, event_partners, event_filter)
    span = range(years[0], years[-1] + 1) if years else range(0)
    return tuple(_per_year(_arrays(events, event_partners), measure, keep, span))


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's figures for a reporting period.

    Attributes:
        indicator: The definition.
        value: The value in the period (None: a share of no events).
        previous: The value in the previous period of equal length.
        baseline: The baseline value (stated, or computed from its year), or None.
        baseline_year: The baseline's year, or None.
        baseline_computed: Whether the baseline was computed from the events.
        target: The target set for the period, or None.
        status: ``MET``, ``CLOSE``, ``BEHIND``, ``NO_TARGET``, ``NO_VALUE`` or ``NOT_JUDGED``.
        progress: value / target as a percentage, or None.
        years: The years of the yearly series.
        per_year: The value in each of ``years``.
        event_rows: Positions (in the dataset's events frame) of the events that count in
            the period.
    """

    indicator: Indicator
    value: float | None
    previous: float | None
    baseline: float | None
    baseline_year: int | None
    baseline_computed: bool
    target: float | None
    status: str
    progress: float | None
    years: tuple[int, ...]
    per_year: tuple[float | None, ...]
    event_rows: np.ndarray

    @property
    def short_status(self) -> str:
        """The status in a word or two ("met", "behind")."""
        return SHORT_STATUS[self.status]

    @property
    def status_label(self) -> str:
        """The status in words ("Target met")."""
        return STATUS_LABELS[self.status]

    def format(self, value: float | None) -> str:
        """A value of this indicator as text: "12", "1,234", "62.5 %", "—" for none."""
        return format_value(value, self.indicator.is_share)

    def year_targets(self) -> dict[int, float]:
        """The targets set for whole calendar years, by year."""
        return {int(code): value for code, value in self.indicator.targets if code.isdigit()}


@dataclass(frozen=True)
class ResultsData:
    """Everything the Results page and the reports show about the indicators, for one period.

    Attributes:
        period: The reporting period.
        previous_period: The period of equal length before it.
        results: One result per valid indicator, in the file's order.
        problems: The indicators file's problems (bad indicators are left out).
        source: The indicators file.
        narrowed_by: The sidebar filters narrowing every indicator, in words; "" when none.
        today: The day the period's progress was judged on.
        event_ids: The dataset's event ids by position, naming the events of ``event_rows``.
    """

    period: ReportPeriod
    previous_period: ReportPeriod
    results: tuple[IndicatorResult, ...]
    problems: tuple[Problem, ...]
    source: Path
    narrowed_by: str = ""
    today: dt.date | None = None
    event_ids: pd.Series | None = field(default=None, repr=False, compare=False)

    def counted_ids(self, result: IndicatorResult) -> list[str]:
        """The ids of the events an indicator counts in the period, in the dataset's order."""
        if self.event_ids is None:
            return []
        return [str(name) for name in self.event_ids.to_numpy()[result.event_rows]]

    @property
    def elapsed_days(self) -> int | None:
        """Days of the period that have passed when it is still running; None otherwise."""
        if self.today is None or not self.period.start <= self.today < self.period.end:
            return None
        return (self.today - self.period.start).days + 1

    def table(self, *, as_text: bool = False) -> pd.DataFrame:
        """The progress table: one row per valid indicator (the reports' section).

        Args:
            as_text: Values as formatted text ("62.5 %", "—") instead of numbers.

        Returns:
            Columns ``TABLE_COLUMNS``.
        """
        rows = []
        for result in self.results:
            indicator = result.indicator

            def shown(value: float | None, result: IndicatorResult = result) -> object:
                if as_text:
                    return result.format(value)
                return None if value is None else round(value, 1)

            rows.append(
                {
                    COL_ID: indicator.id,
                    COL_INDICATOR: indicator.name,
                    COL_COUNTS: f"{MEASURES[indicator.measure].label}; {indicator.filter_text()}",
                    COL_UNIT: indicator.unit,
                    COL_VALUE: shown(result.value),
                    COL_PREVIOUS: shown(result.previous),
                    COL_BASELINE: shown(result.baseline),
                    COL_BASELINE_YEAR: (
                        ("" if result.baseline_year is None else str(result.baseline_year))
                        if as_text
                        else result.baseline_year
                    ),
                    COL_TARGET: shown(result.target),
                    COL_PROGRESS: (
                        ("—" if result.progress is None else f"{result.progress:.0f} %")
                        if as_text
                        else (None if result.progress is None else round(result.progress, 1))
                    ),
                    COL_STATUS: STATUS_LABELS[result.status],
                    COL_EVENTS: len(result.event_rows),
                }
            )
        return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def format_value(value: float | None, share: bool = False) -> str:
    """Write an indicator value: "12", "1,234", "62.5 %"; "—" for no value."""
    if value is None:
        return "—"
    if share:
        return f"{value:.1f} %"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def judge(
    value: float | None, target: float | None, higher_is_better: bool
) -> tuple[str, float | None]:
    """Apply the progress rule (``PROGRESS_RULE``).

    Args:
        value: The value achieved.
        target: The target, or None.
        higher_is_better: The indicator's direction.

    Returns:
        (status, progress as a percentage of the target or None).
    """
    if target is None:
        return NO_TARGET, None
    if value is None:
        return NO_VALUE, None
    progress = None if target == 0 else 100.0 * value / target
    if higher_is_better:
        if value >= target:
            return MET, progress
        return (CLOSE if value >= (1 - CLOSE_MARGIN) * target else BEHIND), progress
    if value <= target:
        return MET, progress
    return (CLOSE if value <= (1 + CLOSE_MARGIN) * target else BEHIND), progress


def _years(events: pd.DataFrame, *periods_shown: ReportPeriod) -> range:
    firsts = [p.start.year for p in periods_shown]
    lasts = [p.end.year for p in periods_shown]
    if not events.empty:
        firsts.append(int(events[schema.START_DATE].min().year))
        lasts.append(int(events[schema.END_DATE].max().year))
    first, last = min(firsts), max(lasts)
    first = max(first, last - MAX_YEARS + 1)
    return range(first, last + 1)


def build_results(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    indicator_set: IndicatorSet,
    period: ReportPeriod,
    event_filter: EventFilter | None = None,
    *,
    matching: pd.DataFrame | None = None,
    today: dt.date | None = None,
) -> ResultsData:
    """Compute every indicator of a set for a reporting period.

    The period comes from ``period``; the other fields of ``event_filter`` (the sidebar's
    pillars, types, countries, partners, search...) narrow the events every indicator counts.
    While they do, values are shown but progress is not judged: the targets are set for the
    whole indicator. This function does not mutate its inputs.

    Args:
        events: All events of the dataset (not filtered).
        event_partners: The event x partner table.
        indicator_set: The indicators.
        period: The reporting period.
        event_filter: The sidebar filter (None: none); its period is ignored.
        matching: The events ``event_filter`` keeps, when the caller has them already.
        today: The day the progress is judged on (to tell a running period).

    Returns:
        The results, one per valid indicator.
    """
    narrowing = replace(
        event_filter or EventFilter(), period=filters.PERIOD_ALL, start=None, end=None
    )
    narrowed = not narrowing.is_empty
    arrays = _arrays(events, event_partners)
    sidebar: np.ndarray | None = None
    if narrowed:
        if matching is None:
            # Which events match, without copying them (the mask is all that is needed).
            sidebar = filters.matching_rows(events, narrowing, event_partners)
        else:
            sidebar = np.zeros(len(events), dtype=bool)
            sidebar[events.index.get_indexer(matching.index)] = True
    previous = periods.previous(period)
    years = _years(events, period)
    # Each period's events are found once for all indicators.
    period_masks: dict[tuple[dt.date, dt.date], np.ndarray] = {}

    def within(first: dt.date, last: dt.date) -> np.ndarray:
        if (first, last) not in period_masks:
            period_masks[first, last] = _in_period(arrays, first, last)
        return period_masks[first, last]

    results = []
    for indicator in indicator_set.indicators:
        keep = _indicator_mask(events, event_partners, indicator.event_filter)
        if sidebar is not None:
            keep = keep & sidebar
        in_period = keep & within(period.start, period.end)
        value = _value(arrays, indicator.measure, in_period)
        before = _value(arrays, indicator.measure, keep & within(previous.start, previous.end))
        baseline = indicator.baseline
        baseline_value: float | None = None
        if baseline is not None:
            if baseline.computed:
                year = periods.calendar_year(baseline.year)
                baseline_value = _value(
                    arrays, indicator.measure, keep & within(year.start, year.end)
                )
            else:
                baseline_value = baseline.value
        target = indicator.target_for(period.code)
        status, progress = judge(value, target, indicator.higher_is_better)
        if narrowed and target is not None:
            status = NOT_JUDGED
        results.append(
            IndicatorResult(
                indicator=indicator,
                value=value,
                previous=before,
                baseline=baseline_value,
                baseline_year=None if baseline is None else baseline.year,
                baseline_computed=baseline is not None and baseline.computed,
                target=target,
                status=status,
                progress=progress,
                years=tuple(years),
                per_year=(
                    tuple(_per_year(arrays, indicator.measure, keep, years))
                    if narrowed
                    else _yearly_unfiltered(
                        events,
                        event_partners,
                        indicator.event_filter,
                        indicator.measure,
                        tuple(years),
                    )
                ),
                event_rows=np.flatnonzero(in_period),
            )
        )
    return ResultsData(
        period=period,
        previous_period=previous,
        results=tuple(results),
        problems=indicator_set.problems,
        source=indicator_set.path,
        narrowed_by=filters.describe(narrowing) if narrowed else "",
        today=today,
        event_ids=events[schema.ID],
    )


def drill_down_filter(
    indicator: Indicator, event_filter: EventFilter, period: ReportPeriod
) -> EventFilter | None:
    """One dashboard filter selecting exactly the events an indicator counts in a period.

    The indicator's filter and the sidebar's are combined field by field; when both restrict
    the same field differently, "both" cannot be written as one filter (a field's values are
    alternatives), and None is returned.

    Args:
        indicator: The indicator.
        event_filter: The sidebar filter (its period is replaced by ``period``).
        period: The reporting period.

    Returns:
        The filter for the Events page, or None.
    """
    combined: dict[str, object] = {}
    for name in FILTER_FIELDS:
        own = getattr(indicator.event_filter, name)
        other = getattr(event_filter, name)
        if own and other and set(own) != set(other):
            return None
        combined[name] = own or other
    return EventFilter(
        period=filters.PERIOD_CUSTOM,
        start=period.start,
        end=period.end,
        text=event_filter.text,
        **combined,  # type: ignore[arg-type]
    )
