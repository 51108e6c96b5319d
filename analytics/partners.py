"""Partner engagement: ranking, pillars, years, co-participation network and partner profiles."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, display, filters, schema

# Columns added by this module's tables (besides the schema's partner columns).
EVENTS: Final = "events"
SHARED: Final = "shared"
PARTNER_A: Final = "partner_a"
PARTNER_B: Final = "partner_b"
FIRST_EVENT: Final = "first_event"
LATEST_EVENT: Final = "latest_event"
YEARS_ACTIVE: Final = "years_active"
EVENTS_PER_YEAR: Final = "events_per_year"

# Column labels of the tables shown to users.
LABEL_PARTNER: Final = "Partner"
LABEL_KIND: Final = "Kind"
LABEL_EVENTS: Final = "Events"
LABEL_SHARED: Final = "Shared events"
LABEL_PILLAR: Final = "Pillar"
LABEL_CITY: Final = "City"
LABEL_COUNTRY: Final = "Country"
LABEL_FIRST: Final = "First event"
LABEL_LATEST: Final = "Latest event"
LABEL_YEARS: Final = "Years active"
LABEL_PER_YEAR: Final = "Events per year"
PROFILE_EVENT_COLUMNS: Final = tuple(
    display.DISPLAY_COLUMNS[name] for name in display.SHORT_TABLE_FIELDS
)
# What the partner figures say when no matching event names a partner.
_NO_PARTNER: Final = "No partner took part in the matching events."

# Kinds in colour order: the most frequent kinds get the strongest Okabe-Ito colours, and
# the yellow goes to a rare kind because thin yellow bars read poorly on white.
KIND_COLOUR_ORDER: Final = tuple(
    schema.PARTNER_KINDS[code]
    for code in (
        "group",
        "eu_body",
        "eu_member_state",
        "international_org",
        "company",
        "national_institution",
        "third_country",
        "wb_partner",
    )
)
UNKNOWN_KIND_COLOUR: Final = "#7F7F7F"
# Names beside the network's dots are cut after this many characters, so none leaves the canvas.
NETWORK_LABEL_CHARS: Final = 32
# A neutral sequential scale (white to Okabe-Ito blue) for counts: no pillar is implied.
COUNT_SCALE: Final = [[0.0, "#F7FBFF"], [1.0, "#0072B2"]]


def _plot_text(text: str) -> str:
    # Plotly reads a few HTML tags in labels and hover text; data must show as written.
    return html.escape(str(text), quote=False)


def kind_colours() -> dict[str, str]:
    """The colour of every partner kind, the same whatever the filters.

    Returns:
        Kind label -> colour, unregistered partners in grey.
    """
    return charts.colour_sequence(
        list(KIND_COLOUR_ORDER), {schema.UNKNOWN_KIND: UNKNOWN_KIND_COLOUR}
    )


def partner_kinds(event_partners: pd.DataFrame) -> list[str]:
    """List the partner kinds present in a table, in the order of the kind colours.

    Args:
        event_partners: The event x partner table.

    Returns:
        Kind labels.
    """
    present = {str(kind) for kind in event_partners[schema.PARTNER_KIND].dropna().unique()}
    ordered = [kind for kind in (*KIND_COLOUR_ORDER, schema.UNKNOWN_KIND) if kind in present]
    return ordered + sorted(present.difference(ordered))


def _partner_facts(event_partners: pd.DataFrame) -> pd.DataFrame:
    """One row a partner: its kind and country (the same on every row of the partner)."""
    facts = event_partners[[schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY]]
    return facts.drop_duplicates(subset=[schema.PARTNER]).set_index(schema.PARTNER)


def rank_partners(
    event_partners: pd.DataFrame, kinds: Sequence[str] = (), top_n: int | None = None
) -> pd.DataFrame:
    """Rank partners by the number of events they attended. This does not mutate its input.

    A group entry such as "Western Balkans Partners" is one partner. Ties are ordered by name.

    Args:
        event_partners: The event x partner table (already filtered to the matching events).
        kinds: Partner kind labels to keep; empty keeps every kind.
        top_n: Keep only the first N partners; None keeps all.

    Returns:
        Columns partner, partner_kind, partner_country, events; most events first.
    """
    columns = [schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY, EVENTS]
    table = event_partners
    if kinds:
        table = table[table[schema.PARTNER_KIND].isin(list(kinds))]
    if table.empty:
        return pd.DataFrame(columns=columns).astype({EVENTS: "int64"})
    counts = table.groupby(schema.PARTNER, observed=True)[schema.EVENT_ID].nunique()
    facts = _partner_facts(table)
    ranking = pd.DataFrame(
        {
            schema.PARTNER: counts.index.astype(str),
            schema.PARTNER_KIND: facts.loc[counts.index, schema.PARTNER_KIND].to_numpy(),
            schema.PARTNER_COUNTRY: facts.loc[counts.index, schema.PARTNER_COUNTRY].to_numpy(),
            EVENTS: counts.to_numpy().astype("int64"),
        }
    )
    ranking["_name_key"] = ranking[schema.PARTNER].str.casefold()
    ranking = ranking.sort_values([EVENTS, "_name_key"], ascending=[False, True])
    ranking = ranking.drop(columns="_name_key").reset_index(drop=True)
    return ranking if top_n is None else ranking.head(top_n)


def partner_names(ranking: pd.DataFrame) -> list[str]:
    """The partner names of a ranking, in its order.

    Args:
        ranking: The output of ``rank_partners``.

    Returns:
        The names.
    """
    return [str(name) for name in ranking[schema.PARTNER]]


def ranking_figure(ranking: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of events attended per partner, coloured by partner kind.

    Args:
        ranking: The output of ``rank_partners`` (most events first).
        colours: Kind label -> colour (``kind_colours()``).

    Returns:
        One bar trace a kind; the partner name is each bar's custom data.
    """
    title = "Events attended, by partner"
    if ranking.empty:
        return charts.empty_figure(title, _NO_PARTNER)
    traces = []
    order = [_plot_text(name) for name in ranking[schema.PARTNER]]
    for kind in partner_kinds(ranking):
        rows = ranking[ranking[schema.PARTNER_KIND] == kind]
        traces.append(
            go.Bar(
                x=rows[EVENTS].tolist(),
                y=[_plot_text(name) for name in rows[schema.PARTNER]],
                orientation="h",
                name=kind,
                marker_color=colours.get(kind, UNKNOWN_KIND_COLOUR),
                text=rows[EVENTS].tolist(),
                textposition="outside",
                cliponaxis=False,
                customdata=[[name] for name in rows[schema.PARTNER]],
                hovertemplate=f"%{{y}}<br>{_plot_text(kind)}<br>%{{x}} events<extra></extra>",
            )
        )
    return charts.figure(
        traces,
        title=title,
        x_title="Events attended",
        height=max(300, 120 + 26 * len(ranking)),
        legend_title="Partner kind",
        layout={
            # The most active partner on top; every name gets a line, however many partners.
            "yaxis": {"categoryorder": "array", "categoryarray": order[::-1], "automargin": True},
            "xaxis": {"rangemode": "tozero"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 90},
        },
    )


def pillar_counts(
    event_partners: pd.DataFrame,
    event_pillars: pd.DataFrame,
    partners: Sequence[str],
    pillar_codes: Sequence[str],
) -> pd.DataFrame:
    """Count, for each partner, the events of each pillar it attended.

    An event of several pillars counts once under each of them. This does not mutate its inputs.

    Args:
        event_partners: The event x partner table.
        event_pillars: The event x pillar table.
        partners: The partners to count (rows, in this order).
        pillar_codes: The pillar codes (columns, in this order).

    Returns:
        A partner x pillar frame of integer counts (zeros included).
    """
    attended = event_partners[filters.is_in(event_partners[schema.PARTNER], list(partners))]
    joined = attended[[schema.EVENT_ID, schema.PARTNER]].merge(
        event_pillars[[schema.EVENT_ID, schema.PILLAR]], on=schema.EVENT_ID
    )
    return _partner_counts(joined, schema.PILLAR, partners, list(pillar_codes))


def _partner_counts(
    rows: pd.DataFrame, column: str, partners: Sequence[str], values: Sequence[object]
) -> pd.DataFrame:
    """Count the rows of each partner and value of `column`: partners x values, zeros included."""
    # groupby + unstack gives crosstab's table several times faster.
    counts = rows.groupby([schema.PARTNER, column], observed=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=list(partners), columns=list(values), fill_value=0)
    counts.index.name, counts.columns.name = schema.PARTNER, column
    return counts.fillna(0).astype("int64")


def _count_heatmap(
    counts: pd.DataFrame,
    *,
    title: str,
    x_labels: Sequence[str],
    x_title: str,
    hover_unit: str,
    show_zeros: bool,
) -> go.Figure:
    if counts.empty or len(counts.columns) == 0:
        return charts.empty_figure(title, _NO_PARTNER)
    z = counts.to_numpy().tolist()
    text = [[str(v) if v or show_zeros else "" for v in row] for row in z]
    names = [_plot_text(name) for name in counts.index]
    heatmap = go.Heatmap(
        z=z,
        x=list(x_labels),
        y=names,
        text=text,
        texttemplate="%{text}",
        colorscale=COUNT_SCALE,
        zmin=0,
        showscale=False,
        xgap=2,
        ygap=2,
        hovertemplate=f"%{{y}}<br>%{{x}}: %{{z}} {hover_unit}<extra></extra>",
    )
    return charts.figure(
        [heatmap],
        title=title,
        x_title=x_title,
        height=max(300, 140 + 28 * len(counts)),
        layout={
            "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
            "xaxis": {"side": "top", "type": "category", "automargin": True},
        },
    )


def pillar_heatmap(counts: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Heatmap of the events of each pillar attended by each partner, counts written in cells.

    Args:
        counts: The output of ``pillar_counts`` (partners x pillar codes).
        labels: Pillar code -> label (``charts.pillar_labels``), for the column headings.

    Returns:
        One heatmap trace; rows in the order of ``counts``, the first on top.
    """
    return _count_heatmap(
        counts,
        title="Events attended by pillar (top partners)",
        x_labels=[labels.get(code, code) for code in counts.columns],
        x_title="Pillar (an event of several pillars counts under each)",
        hover_unit="events",
        show_zeros=True,
    )


def year_span(events: pd.DataFrame) -> list[int]:
    """Every year from the first to the last event's start year (gaps included).

    Args:
        events: Events frame.

    Returns:
        The years in order; empty when there are no events.
    """
    if events.empty:
        return []
    years = events[schema.YEAR]
    return list(range(int(years.min()), int(years.max()) + 1))


def _attendance(
    events: pd.DataFrame, event_partners: pd.DataFrame, partners: Sequence[str] | None = None
) -> pd.DataFrame:
    """The event x partner rows (of `partners`, if given) with each event's start and year."""
    rows = event_partners[[schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND]]
    if partners is not None:
        # Keep the few partners wanted before looking up dates, not after.
        rows = rows[filters.is_in(rows[schema.PARTNER], list(partners))]
    # Each row's event by position (event ids are unique): a lookup, cheaper than a join.
    position = pd.Index(events[schema.ID]).get_indexer(rows[schema.EVENT_ID])
    found = position >= 0
    rows, position = rows[found], position[found]
    return rows.assign(
        **{
            schema.START_DATE: events[schema.START_DATE].to_numpy()[position],
            schema.YEAR: events[schema.YEAR].to_numpy()[position],
        }
    )


def year_counts(
    events: pd.DataFrame, event_partners: pd.DataFrame, partners: Sequence[str]
) -> pd.DataFrame:
    """Count the events each partner attended in each year (by start date).

    Args:
        events: Events frame (the matching events).
        event_partners: The event x partner table.
        partners: The partners (rows, in this order).

    Returns:
        A partner x year frame of integer counts over ``year_span(events)``, zeros included.
    """
    attended = _attendance(events, event_partners, partners)
    return _partner_counts(attended, schema.YEAR, partners, year_span(events))


def year_heatmap(counts: pd.DataFrame) -> go.Figure:
    """Heatmap of events attended per partner and year; empty cells are years without events.

    Args:
        counts: The output of ``year_counts`` (partners x years).

    Returns:
        One heatmap trace; rows in the order of ``counts``, the first on top.
    """
    return _count_heatmap(
        counts,
        title="Events attended per year (top partners)",
        x_labels=[str(year) for year in counts.columns],
        x_title="Year of the event's start",
        hover_unit="events",
        show_zeros=False,
    )


def engagement(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    partners: Sequence[str],
    per_year: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Since when and how steadily each partner has worked with the IISG.

    Dates are the start dates of the partner's first and latest matching events. This does not
    mutate its inputs.

    Args:
        events: Events frame (the matching events).
        event_partners: The event x partner table.
        partners: The partners (rows, in this order).
        per_year: ``year_counts`` of the same arguments, when the caller has it already
            (the page draws it too); computed when None.

    Returns:
        Columns partner, partner_kind, events, first_event, latest_event (``datetime.date``),
        years_active (years with at least one event) and events_per_year (a list of counts
        over ``year_span(events)``).
    """
    columns = [
        schema.PARTNER,
        schema.PARTNER_KIND,
        EVENTS,
        FIRST_EVENT,
        LATEST_EVENT,
        YEARS_ACTIVE,
        EVENTS_PER_YEAR,
    ]
    attended = _attendance(events, event_partners, partners)
    if attended.empty:
        return pd.DataFrame(columns=columns)
    # One aggregation a column: pandas' named aggregation of all five is twice as slow.
    grouped = attended.groupby(schema.PARTNER, observed=True)
    per_partner = pd.DataFrame(
        {
            "kind": grouped[schema.PARTNER_KIND].first(),
            "events": grouped[schema.EVENT_ID].nunique(),
            "first": grouped[schema.START_DATE].min(),
            "latest": grouped[schema.START_DATE].max(),
            "years": grouped[schema.YEAR].nunique(),
        }
    )
    if per_year is None:
        per_year = year_counts(events, event_partners, partners)
    wanted = [name for name in partners if name in per_partner.index]
    rows = per_partner.loc[wanted]
    return pd.DataFrame(
        {
            schema.PARTNER: wanted,
            schema.PARTNER_KIND: rows["kind"].astype(str).to_list(),
            EVENTS: rows["events"].astype("int64").to_list(),
            FIRST_EVENT: [day.date() for day in rows["first"]],
            LATEST_EVENT: [day.date() for day in rows["latest"]],
            YEARS_ACTIVE: rows["years"].astype("int64").to_list(),
            EVENTS_PER_YEAR: [[int(v) for v in per_year.loc[name]] for name in wanted],
        },
        columns=columns,
    )


def most_events_in_a_year(table: pd.DataFrame) -> int:
    """The largest yearly count in an ``engagement`` table (the common scale of its bar charts).

    Args:
        table: The output of ``engagement``.

    Returns:
        The largest count; 0 for an empty table.
    """
    return max((max(counts, default=0) for counts in table[EVENTS_PER_YEAR]), default=0)


def engagement_table(table: pd.DataFrame) -> pd.DataFrame:
    """Give the ``engagement`` table its user-facing column labels.

    Args:
        table: The output of ``engagement``.

    Returns:
        A new frame with labelled columns.
    """
    return table.rename(
        columns={
            schema.PARTNER: LABEL_PARTNER,
            schema.PARTNER_KIND: LABEL_KIND,
            EVENTS: LABEL_EVENTS,
            FIRST_EVENT: LABEL_FIRST,
            LATEST_EVENT: LABEL_LATEST,
            YEARS_ACTIVE: LABEL_YEARS,
            EVENTS_PER_YEAR: LABEL_PER_YEAR,
        }
    ).reset_index(drop=True)


def co_participation(
    event_partners: pd.DataFrame, partners: Sequence[str] | None = None, min_shared: int = 1
) -> pd.DataFrame:
    """Count, for each pair of partners, the events both attended.

    Args:
        event_partners: The event x partner table.
        partners: Only pairs of these partners; None for every partner.
        min_shared: Keep pairs with at least this many shared events.

    Returns:
        Columns partner_a, partner_b (a before b alphabetically), shared; most shared first,
        then by names.
    """
    columns = [PARTNER_A, PARTNER_B, SHARED]
    table = event_partners
    if partners is not None:
        table = table[table[schema.PARTNER].isin(list(partners))]
    attendance = table[[schema.EVENT_ID, schema.PARTNER]].dropna().drop_duplicates()
    # Partners as integer codes in alphabetical order (so code a < code b means name a < name
    # b), events as codes: one self-join on the event gives every pair, without a Python loop.
    partner_codes, names = pd.factorize(
        attendance[schema.PARTNER].astype(str).to_numpy(dtype=object), sort=True
    )
    event_codes, _ = pd.factorize(attendance[schema.EVENT_ID].to_numpy(dtype=object))
    codes = pd.DataFrame({"event": event_codes, "partner": partner_codes})
    joined = codes.merge(codes, on="event", suffixes=("_a", "_b"))
    joined = joined[joined["partner_a"] < joined["partner_b"]]
    counts = joined.groupby(["partner_a", "partner_b"]).size()
    counts = counts[counts >= min_shared]
    pairs = pd.DataFrame(
        {
            PARTNER_A: names[counts.index.get_level_values(0)],
            PARTNER_B: names[counts.index.get_level_values(1)],
            SHARED: counts.to_numpy().astype("int64"),
        },
        columns=columns,
    )
    return pairs.sort_values(
        [SHARED, PARTNER_A, PARTNER_B], ascending=[False, True, True]
    ).reset_index(drop=True)


def linked_partners(ranking: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Keep the ranked partners that have at least one link (the network's dots).

    Args:
        ranking: The output of ``rank_partners``.
        links: The output of ``co_participation``.

    Returns:
        The rows of ``ranking`` whose partner is in a link, in ranking order.
    """
    in_links = set(links[PARTNER_A]).union(links[PARTNER_B])
    return ranking[ranking[schema.PARTNER].isin(in_links)].reset_index(drop=True)


def circle_layout(nodes: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Place partners on a circle, grouped by kind, from the top and clockwise.

    A circle keeps every name readable even when most partners are linked to most others
    (a force layout piles such partners into an unreadable knot). Within a kind, the partner
    with more events comes first; the same partners always get the same places.

    Args:
        nodes: Columns partner, partner_kind, events.

    Returns:
        Name -> (x, y) on the unit circle.
    """
    if nodes.empty:
        return {}
    kind_rank = {kind: i for i, kind in enumerate(partner_kinds(nodes))}
    ordered = sorted(
        zip(nodes[schema.PARTNER], nodes[schema.PARTNER_KIND], nodes[EVENTS], strict=True),
        key=lambda row: (kind_rank[row[1]], -int(row[2]), str(row[0]).casefold()),
    )
    if len(ordered) == 1:
        return {str(ordered[0][0]): (0.0, 0.0)}
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(ordered)) / len(ordered)
    return {
        str(row[0]): (float(np.cos(angle)), float(np.sin(angle)))
        for row, angle in zip(ordered, angles, strict=True)
    }


def _short_label(name: str, limit: int = NETWORK_LABEL_CHARS) -> str:
    """Shorten a long name written beside a dot (the full name is in the hover text)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _label_position(x: float, y: float) -> str:
    """Put a name outside the circle, so it never lies across the lines."""
    if abs(x) < 0.2:
        return "top center" if y >= 0 else "bottom center"
    return "middle right" if x > 0 else "middle left"


def _edge_width(shared: int, most: int) -> float:
    return 1.0 + 7.0 * shared / most if most else 1.0


def network_figure(
    nodes: pd.DataFrame, edges: pd.DataFrame, colours: Mapping[str, str]
) -> go.Figure:
    """Draw the co-participation network: partners as dots, shared events as lines.

    Dots are sized by events attended and coloured by kind; a line's width grows with the
    number of events both partners attended. Hovering a dot or a line's middle tells the facts.

    Args:
        nodes: Partners to draw: columns partner, partner_kind, events (``rank_partners``).
        edges: Links among them: partner_a, partner_b, shared (``co_participation``).
        colours: Kind label -> colour (``kind_colours()``).

    Returns:
        Line traces (one per width, no legend), an invisible hover trace of line middles, and
        one marker trace a kind; node custom data is the partner name.
    """
    title = "Partners that attended the same events"
    if nodes.empty:
        return charts.empty_figure(title, "No two partners attended the same event.")
    positions = circle_layout(nodes)
    traces = []
    most = int(edges[SHARED].max()) if not edges.empty else 0
    # One line trace a width, widths rounded to whole pixels: one trace per distinct count
    # would make dozens of traces (and a slow figure) when counts run into the tens.
    buckets: dict[float, list[tuple[str, str, int]]] = {}
    for a, b, n in edges[[PARTNER_A, PARTNER_B, SHARED]].itertuples(index=False):
        width = float(round(_edge_width(int(n), most)))
        buckets.setdefault(width, []).append((a, b, int(n)))
    for width in sorted(buckets):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b, _ in buckets[width]:
            xs += [positions[a][0], positions[b][0], None]
            ys += [positions[a][1], positions[b][1], None]
        low = min(n for _, _, n in buckets[width])
        high = max(n for _, _, n in buckets[width])
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": width, "color": "rgba(110,110,110,0.45)"},
                hoverinfo="skip",
                showlegend=False,
                name=f"{low} shared events" if low == high else f"{low}–{high} shared events",
            )
        )
    if not edges.empty:
        middles = [
            (
                (positions[a][0] + positions[b][0]) / 2,
                (positions[a][1] + positions[b][1]) / 2,
                f"{_plot_text(a)} – {_plot_text(b)}: {n} shared event{'s' if n != 1 else ''}",
            )
            for a, b, n in edges[[PARTNER_A, PARTNER_B, SHARED]].itertuples(index=False)
        ]
        traces.append(
            go.Scatter(
                x=[m[0] for m in middles],
                y=[m[1] for m in middles],
                mode="markers",
                marker={"size": 10, "opacity": 0},
                hovertext=[m[2] for m in middles],
                hoverinfo="text",
                showlegend=False,
                name="Shared events",
            )
        )
    largest = int(nodes[EVENTS].max())
    for kind in partner_kinds(nodes):
        rows = nodes[nodes[schema.PARTNER_KIND] == kind]
        names = rows[schema.PARTNER].tolist()
        traces.append(
            go.Scatter(
                x=[positions[name][0] for name in names],
                y=[positions[name][1] for name in names],
                mode="markers+text",
                name=kind,
                text=[_plot_text(_short_label(name)) for name in names],
                hovertext=[_plot_text(name) for name in names],
                textposition=[_label_position(*positions[name]) for name in names],
                textfont={"size": 11},
                cliponaxis=False,
                marker={
                    "size": [12 + 28 * np.sqrt(n / largest) for n in rows[EVENTS]],
                    "color": colours.get(kind, UNKNOWN_KIND_COLOUR),
                    "line": {"width": 1, "color": "#FFFFFF"},
                },
                customdata=[[name, int(n)] for name, n in zip(names, rows[EVENTS], strict=True)],
                hovertemplate=(
                    f"%{{hovertext}}<br>{_plot_text(kind)}<br>%{{customdata[1]}} events<extra></extra>"
                ),
            )
        )
    return charts.figure(
        traces,
        title=title,
        height=620,
        legend_title="Partner kind",
        # Room on both sides for the longest names, which are written outside the circle.
        layout={
            "xaxis": {"visible": False, "range": [-2.5, 2.5]},
            "yaxis": {"visible": False, "range": [-1.2, 1.2]},
        },
    )


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
    )


# -- Western Balkan partners ----------------------------------------------------------------------

# Columns of ``western_balkan_participation``.
WB_PARTNER: Final = "partner"
WB_HOSTED: Final = "hosted"
WB_OWN: Final = "own_institutions"
WB_VIA_GROUP: Final = "via_group"
WB_EITHER: Final = "either_way"
WB_BODIES: Final = "bodies"
WB_NOT_COUNTED: Final = "not_counted"
WB_COLUMNS: Final = (
    WB_PARTNER,
    WB_HOSTED,
    WB_OWN,
    WB_VIA_GROUP,
    WB_EITHER,
    WB_BODIES,
    WB_NOT_COUNTED,
)
# Kinds whose attendance is the country's own: the partner itself and its state bodies.
# Companies (ARK IT, an IT contractor) and any other kind with a country never are.
WB_COUNTRY_KINDS: Final = frozenset(
    {schema.PARTNER_KINDS["wb_partner"], schema.PARTNER_KINDS["national_institution"]}
)
WB_PARTICIPATION_NOTE: Final = (
    "Hosted: the event took place in the partner. Own institutions: the partner itself or one of "
    "its state institutions is named among the event's participants (companies never count). "
    f"Through the group: the event names '{schema.WB_GROUP}', one entry that stands for the six "
    "together; the sources do not say which of the six attended. Either way: events counted in "
    "one or both of the last two columns, each once."
)


def _names_with_counts(table: pd.DataFrame) -> str:
    counts = table.groupby(schema.PARTNER, observed=True)[schema.EVENT_ID].nunique()
    ordered = sorted(counts.items(), key=lambda item: (-int(item[1]), str(item[0]).casefold()))
    return ", ".join(f"{schema.display_country(str(name))} ({int(n)})" for name, n in ordered)


def western_balkan_participation(
    events: pd.DataFrame, event_partners: pd.DataFrame
) -> pd.DataFrame:
    """Per Western Balkan partner: events hosted, attended by its own institutions, via the group.

    Own institutions are the partner itself and the registered partners of its country whose
    kind is a Western Balkan partner or a national institution; a company or any other kind of
    the country is listed as not counted. The group entry "Western Balkans Partners" is never
    split into the six: every partner gets the same count of events naming it, in a column of
    its own. This does not mutate its inputs.

    Args:
        events: The events to count (e.g. the filtered events of a period).
        event_partners: The event x partner table; only rows of ``events`` are used.

    Returns:
        One row per partner in ``schema.WESTERN_BALKANS`` order, columns ``WB_COLUMNS``:
        partner (Kosovo written Kosovo*), hosted, own_institutions, via_group, either_way
        (counts) and bodies, not_counted (names with their events, e.g. "Albania (2)").
    """
    event_ids = set(events[schema.ID].astype(str))
    rows_of_events = event_partners[event_partners[schema.EVENT_ID].astype(str).isin(event_ids)]
    partner = rows_of_events[schema.PARTNER].astype(object)
    country = rows_of_events[schema.PARTNER_COUNTRY].astype(object)
    kind = rows_of_events[schema.PARTNER_KIND].astype(object)
    group_events = set(rows_of_events.loc[partner == schema.WB_GROUP, schema.EVENT_ID].astype(str))
    host_country = events[schema.COUNTRY].astype(object)
    counted_kind = kind.isin(list(WB_COUNTRY_KINDS)).to_numpy()
    rows = []
    for name in schema.WESTERN_BALKANS:
        of_country = ((country == name) | (partner == name)).to_numpy()
        own = rows_of_events[of_country & counted_kind]
        other = rows_of_events[of_country & ~counted_kind]
        own_events = set(own[schema.EVENT_ID].astype(str))
        rows.append(
            {
                WB_PARTNER: schema.display_country(name),
                WB_HOSTED: int((host_country == name).sum()),
                WB_OWN: len(own_events),
                WB_VIA_GROUP: len(group_events),
                WB_EITHER: len(own_events | group_events),
                WB_BODIES: _names_with_counts(own),
                WB_NOT_COUNTED: _names_with_counts(other),
            }
        )
    table = pd.DataFrame(rows, columns=list(WB_COLUMNS))
    counts = [WB_HOSTED, WB_OWN, WB_VIA_GROUP, WB_EITHER]
    return table.astype(dict.fromkeys(counts, "int64"))
