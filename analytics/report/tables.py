"""The report's tables, each built from the filtered events of the period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from analytics import (
    caveats,
    charts,
    display,
    filters,
    partners,
    pillars,
    schema,
)
from analytics.dataset.reference import Reference
from analytics.filters import EventFilter
from analytics.memo import per_frames
from analytics.periods import ReportPeriod
from analytics.report.model import (
    ANNEX_CAVEATS,
    ANNEX_COLUMNS,
    ANNEX_NUMBER,
    ANNEX_PARTNERS,
    ANNEX_SOURCE,
    COL_BODIES,
    COL_CITY,
    COL_COUNTRIES,
    COL_COUNTRY,
    COL_COUNTRY_COUNT,
    COL_DAYS,
    COL_EITHER,
    COL_EVENTS,
    COL_GROUP,
    COL_HOSTED,
    COL_KIND,
    COL_NOT_COUNTED,
    COL_PARTNER,
    COL_PARTNERS,
    COL_PILLAR,
    COL_SHARE,
    COL_TOOK_PART,
    COL_TYPES,
    COL_VIA_GROUP,
    IISG_KIND,
    KIND_TOTAL,
    NO_CITY,
    WB_GROUP,
    counted_text,
)


def period_filter(event_filter: EventFilter, period: ReportPeriod) -> EventFilter:
    return replace(event_filter, period=filters.PERIOD_CUSTOM, start=period.start, end=period.end)


def without_period(event_filter: EventFilter) -> EventFilter:
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
                COL_TYPES: counted_text(_column_counts(types, code)),
                COL_COUNTRIES: counted_text(_column_counts(countries, code)),
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


def role_counts(events: pd.DataFrame) -> tuple[int, int]:
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


# The report lists the international partners twice (ranked, and per kind) from the same
# rows: which rows they are is found once for the frame.
@per_frames(size=4)
def _international(event_partners: pd.DataFrame) -> np.ndarray:
    """Rows of a partner of no Western Balkan country, not the group, not the IISG's own body.

    A missing partner, kind or country does not exclude a row.
    """

    def differs(column: str, value: str) -> np.ndarray:
        return np.asarray(event_partners[column].ne(value).fillna(True), dtype=bool)

    of_wb = filters.is_in(event_partners[schema.PARTNER_COUNTRY], list(schema.WESTERN_BALKANS))
    return ~of_wb & differs(schema.PARTNER, WB_GROUP) & differs(schema.PARTNER_KIND, IISG_KIND)


def international_partners(event_partners: pd.DataFrame) -> pd.DataFrame:
    """The international partners of the events: not of a Western Balkan country, not the group.

    EU institutions, EU member states, international organisations, third countries and
    their institutions; the IISG's own bodies are left out.

    Args:
        event_partners: The event x partner rows of the period's events.

    Returns:
        ``partners.rank_partners`` of those rows (most events first).
    """
    return partners.rank_partners(event_partners[_international(event_partners)])


def kind_table(event_partners: pd.DataFrame) -> pd.DataFrame:
    """International partners per kind: how many partners, and in how many events.

    Args:
        event_partners: The event x partner rows of the period's events.

    Returns:
        Columns "Kind", "Partners", "Events", kinds in the partner colours' order, then a
        row "All international partners" when there are several kinds.
    """
    rows = event_partners[_international(event_partners)]
    # Partners and events as integer codes (missing: -1), counted per kind without a copy of
    # the rows for each kind.
    partner_codes = pd.factorize(rows[schema.PARTNER])[0]
    event_codes = pd.factorize(rows[schema.EVENT_ID])[0]
    table = [
        {
            COL_KIND: kind,
            COL_PARTNERS: _distinct(partner_codes[of_kind]),
            COL_EVENTS: _distinct(event_codes[of_kind]),
        }
        for kind in partners.partner_kinds(rows)
        for of_kind in [np.asarray(rows[schema.PARTNER_KIND].eq(kind).fillna(False), dtype=bool)]
    ]
    if len(table) > 1:
        table.append(
            {
                COL_KIND: KIND_TOTAL,
                COL_PARTNERS: _distinct(partner_codes),
                COL_EVENTS: _distinct(event_codes),
            }
        )
    return pd.DataFrame(table, columns=[COL_KIND, COL_PARTNERS, COL_EVENTS])


def _distinct(codes: np.ndarray) -> int:
    """How many distinct codes, -1 (a missing value) left out."""
    valid = codes[codes >= 0]
    return 0 if valid.size == 0 else int(np.count_nonzero(np.bincount(valid)))


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
    labels = [*ANNEX_COLUMNS, ANNEX_PARTNERS, ANNEX_SOURCE]
    # Only the columns the annex lists are made (summaries and notes are most of the rest).
    fields = {label: name for name, label in display.DISPLAY_COLUMNS.items()}
    table = display.events_table(events, [fields[label] for label in labels])
    table = table[labels].reset_index(drop=True)
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
    # Only the two columns counted: filtering the whole frame copied every column.
    places = events[[schema.CITY, schema.COUNTRY]]
    located = places[places[schema.CITY].notna()]
    unplaced = len(events) - len(located)
    last = pd.DataFrame({COL_CITY: [NO_CITY], COL_COUNTRY: [""], COL_EVENTS: [unplaced]})
    if located.empty:
        empty = pd.DataFrame(columns=[COL_CITY, COL_COUNTRY, COL_EVENTS])
        return (last if unplaced else empty).astype({COL_EVENTS: "int64"})
    # Each (city, country) pair counted in Python: value_counts and a sort of a frame cost
    # several times more on a few hundred events. Most events first, then the city's name
    # regardless of case, then in order of first appearance (a stable sort, as before).
    counts = Counter(
        zip(
            located[schema.CITY].astype(str).tolist(),
            located[schema.COUNTRY].astype(object).fillna("").tolist(),
            strict=True,
        )
    )
    ordered = sorted(
        counts.items(),
        key=lambda item: (-item[1], item[0][0].casefold()),
    )
    table = pd.DataFrame(
        {
            COL_CITY: [city for (city, _), _ in ordered],
            COL_COUNTRY: [schema.display_country(country or None) for (_, country), _ in ordered],
            COL_EVENTS: [count for _, count in ordered],
        },
        columns=[COL_CITY, COL_COUNTRY, COL_EVENTS],
    )
    table = pd.concat([table, last], ignore_index=True) if unplaced else table
    return table.astype({COL_EVENTS: "int64"})
