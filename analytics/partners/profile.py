"""One partner's profile: its events, years, pillars, places and the partners it meets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, display, filters, schema
from analytics.memo import per_frames
from analytics.partners.common import (
    COMMUNITY_COLOURS,
    EVENTS,
    LABEL_CITY,
    LABEL_COUNTRY,
    LABEL_EVENTS,
    LABEL_KIND,
    LABEL_PARTNER,
    LABEL_PILLAR,
    LABEL_SHARED,
    LABEL_YEAR,
    NO_PARTNER,
    PROFILE_NAME_CHARS,
)
from analytics.partners.ranking import rank_partners


@per_frames()
def all_partner_names(event_partners: pd.DataFrame) -> list[str]:
    """Every partner named in a table, in name order (kept for the loaded frames).

    Args:
        event_partners: The event x partner table.

    Returns:
        The canonical names.
    """
    return sorted({str(name) for name in event_partners[schema.PARTNER].dropna().unique()})


def find_partner(
    requested: str, known: Sequence[str], resolve: Callable[[str], object | None] | None = None
) -> str | None:
    """Find the partner a name from a link means: its exact name, an alias of it in the
    registry, or the same name in other letter case.

    Args:
        requested: The name as written in the link.
        known: The canonical names of the partners in the data.
        resolve: The registry's ``resolve`` (name or alias -> entry with a ``name``), if any.

    Returns:
        The canonical name, or None when no partner of the data is meant.
    """
    wanted = requested.strip()[:PROFILE_NAME_CHARS]
    names = [str(name) for name in known]
    if wanted in names:
        return wanted
    if resolve is not None:
        entry = resolve(wanted)
        name = getattr(entry, "name", None)
        if name in names:
            return str(name)
    folded = {name.casefold(): name for name in names}
    return folded.get(wanted.casefold())


@dataclass(frozen=True)
class PartnerProfile:
    """What the matching events tell about one partner.

    Attributes:
        name: Canonical partner name.
        kind: Kind label.
        country: Country as shown (Kosovo*), "" when the partner has none.
        events: Number of events attended.
        first_event: Start of the first event attended.
        latest_event: Start of the latest event attended.
        event_table: Its events, newest first: Dates, Title, City, Country, Pillars.
        pillars: Pillar (code, or "No pillar") and Events.
        cities: City, Country (as shown) and Events; events without a host city are left out.
        co_participants: Partner, Shared events and Kind, most shared first.
        years_active: Years with at least one of its events.
        per_year: Year and Events, every year from its first to its latest event.
        countries: Country (as shown) and Events, most first; online events left out.
    """

    name: str
    kind: str
    country: str
    events: int
    first_event: pd.Timestamp
    latest_event: pd.Timestamp
    event_table: pd.DataFrame
    pillars: pd.DataFrame
    cities: pd.DataFrame
    co_participants: pd.DataFrame
    years_active: int = 0
    per_year: pd.DataFrame = field(default_factory=pd.DataFrame)
    countries: pd.DataFrame = field(default_factory=pd.DataFrame)


def partner_profile(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    partner: str,
    pillar_codes: Sequence[str],
) -> PartnerProfile | None:
    """Gather one partner's kind, country, events, pillars, host cities and co-participants.

    Args:
        events: Events frame (the matching events).
        event_partners: The event x partner table.
        partner: Canonical partner name.
        pillar_codes: Pillar codes, in pillar order.

    Returns:
        The profile, or None when the partner attended none of the events.
    """
    own_rows = event_partners[filters.is_in(event_partners[schema.PARTNER], [partner])]
    # Only the columns the profile shows: taking every column of many events costs more.
    used = [schema.ID, schema.START_DATE, schema.END_DATE, schema.TITLE, schema.CITY]
    used += [schema.COUNTRY, schema.PILLARS]
    attended = events[used][filters.is_in(events[schema.ID], own_rows[schema.EVENT_ID])]
    if attended.empty:
        return None
    facts = own_rows.iloc[0]
    country = facts[schema.PARTNER_COUNTRY]
    newest_first = attended.sort_values([schema.START_DATE, schema.ID], ascending=[False, True])
    event_table = display.events_table(newest_first, display.SHORT_TABLE_FIELDS)

    # One pass over the events' pillar tuples counts every pillar (an event of several
    # pillars counts under each) and the events of none.
    per_pillar = Counter(code for codes in attended[schema.PILLARS] for code in set(codes))
    pillar_rows = [(code, per_pillar.get(code, 0)) for code in pillar_codes]
    without = sum(1 for codes in attended[schema.PILLARS] if not codes)
    if without:
        pillar_rows.append((schema.NO_PILLAR, without))
    pillars = pd.DataFrame(pillar_rows, columns=[LABEL_PILLAR, LABEL_EVENTS])

    located = attended[attended[schema.CITY].notna()]
    cities = (
        located.assign(_country=located[schema.COUNTRY].astype(object).fillna(""))
        .groupby([schema.CITY, "_country"], observed=True)
        .size()
        .reset_index(name=LABEL_EVENTS)
    )
    cities = pd.DataFrame(
        {
            LABEL_CITY: cities[schema.CITY].astype(str).to_list(),
            LABEL_COUNTRY: [schema.display_country(c or None) for c in cities["_country"]],
            LABEL_EVENTS: cities[LABEL_EVENTS].astype("int64").to_list(),
        },
        columns=[LABEL_CITY, LABEL_COUNTRY, LABEL_EVENTS],
    )
    cities = cities.sort_values([LABEL_EVENTS, LABEL_CITY], ascending=[False, True]).reset_index(
        drop=True
    )

    others = event_partners[
        filters.is_in(event_partners[schema.EVENT_ID], attended[schema.ID])
        & (event_partners[schema.PARTNER] != partner).fillna(True).to_numpy(dtype=bool)
    ]
    co_participants = rank_partners(others).rename(
        columns={
            schema.PARTNER: LABEL_PARTNER,
            schema.PARTNER_KIND: LABEL_KIND,
            EVENTS: LABEL_SHARED,
        }
    )[[LABEL_PARTNER, LABEL_SHARED, LABEL_KIND]]

    starts = attended[schema.START_DATE]
    counted_years = Counter(int(day.year) for day in starts)
    per_year = pd.DataFrame(
        [
            (year, counted_years.get(year, 0))
            for year in range(int(starts.min().year), int(starts.max().year) + 1)
        ],
        columns=[LABEL_YEAR, LABEL_EVENTS],
    ).astype("int64")
    by_country = Counter(
        schema.display_country(str(code)) for code in attended[schema.COUNTRY].dropna()
    )
    countries = pd.DataFrame(
        sorted(by_country.items(), key=lambda item: (-item[1], item[0])),
        columns=[LABEL_COUNTRY, LABEL_EVENTS],
    ).astype({LABEL_EVENTS: "int64"})

    return PartnerProfile(
        name=partner,
        kind=str(facts[schema.PARTNER_KIND]),
        country=schema.display_country(None if pd.isna(country) else str(country)),
        events=len(attended),
        first_event=attended[schema.START_DATE].min(),
        latest_event=attended[schema.START_DATE].max(),
        event_table=event_table,
        pillars=pillars,
        cities=cities,
        co_participants=co_participants,
        years_active=len(counted_years),
        per_year=per_year,
        countries=countries,
    )


def profile_year_figure(per_year: pd.DataFrame) -> go.Figure:
    """Bars of one partner's events per year (``PartnerProfile.per_year``).

    Args:
        per_year: Columns Year and Events.

    Returns:
        One bar trace.
    """
    title = "Events per year"
    if per_year.empty:
        return charts.empty_figure(title, NO_PARTNER)
    bars = go.Bar(
        x=[str(year) for year in per_year[LABEL_YEAR]],
        y=per_year[LABEL_EVENTS].tolist(),
        marker_color=COMMUNITY_COLOURS[0],
        text=per_year[LABEL_EVENTS].tolist(),
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{x}: %{y} events<extra></extra>",
    )
    return charts.figure(
        [bars],
        title=title,
        height=260,
        layout={
            "xaxis": {"type": "category"},
            "yaxis": {
                "rangemode": "tozero",
                "dtick": 1 if per_year[LABEL_EVENTS].max() < 8 else None,
            },
            "margin": {"t": 40},
        },
    )
