"""Partner engagement: ranking, pillars, years, co-participation network and partner profiles."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, display, filters, schema
from analytics.memo import per_frames

# Columns added by this module's tables (besides the schema's partner columns).
EVENTS: Final = "events"
SHARED: Final = "shared"
PARTNER_A: Final = "partner_a"
PARTNER_B: Final = "partner_b"
PULL: Final = "pull"  # a link's strength in the network layout
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
LABEL_YEAR: Final = "Year"
PROFILE_EVENT_COLUMNS: Final = tuple(
    display.DISPLAY_COLUMNS[name] for name in display.SHORT_TABLE_FIELDS
)
# A name from a link longer than this is no partner name.
PROFILE_NAME_CHARS: Final = 200
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
# Partner names beside a chart's axis are cut to this many characters (hover: the full name).
AXIS_LABEL_CHARS: Final = 30
# The network: a fixed seed keeps the layout the same on every run.
NETWORK_SEED: Final = 7
NETWORK_HEIGHT_PX: Final = 620
NETWORK_PAD: Final = 1.25  # axis range either side of the layout's [-1, 1]
# Names are placed as if the chart were this wide (a laptop's main column); narrower screens
# may overlap a little, and hovering shows every name.
NETWORK_ASSUMED_WIDTH_PX: Final = 760
NETWORK_CHAR_PX: Final = 6.5
NETWORK_LINE_PX: Final = 15
NETWORK_MAX_LABELS: Final = 16
NETWORK_MARGIN_PX: Final = 140  # title, legend and margins: the plot is this much shorter
LABEL_PLACES: Final = ("top center", "bottom center", "middle right", "middle left")
# Community colours: Okabe-Ito without the yellow (thin on white), then grey.
COMMUNITY_COLOURS: Final = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
)
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


def _short_ticks(names: Sequence[str], limit: int = AXIS_LABEL_CHARS) -> dict[str, Any]:
    """Axis settings that write each category shortened to ``limit`` characters.

    ``names`` are the axis's categories as plotted (escaped by ``_plot_text``). The categories
    (and so the hover text, the click's partner and the chart's numbers) keep
    the full name; only the label beside the axis is cut, so a long name such as "Countering
    Serious Crime in the Western Balkans (project)" leaves room for the bars on a phone.
    """
    # The names come escaped for plotly (_plot_text): cut the text, then escape it again.
    written = [html.unescape(name) for name in names]
    if all(len(name) <= limit for name in written):
        return {}
    return {
        "tickmode": "array",
        "tickvals": list(names),
        "ticktext": [_plot_text(_short_label(name, limit)) for name in written],
    }


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
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": order[::-1],
                "automargin": True,
                **_short_ticks(order),
            },
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
    # Heatmap cells cannot be selected in plotly; an invisible dot on every cell can, and it
    # carries the partner's name, so a click on a row opens that partner.
    columns = list(x_labels)
    cells = go.Scatter(
        x=[label for _ in names for label in columns],
        y=[name for name in names for _ in columns],
        mode="markers",
        marker={"size": 24, "opacity": 0, "symbol": "square"},
        customdata=[[str(partner)] for partner in counts.index for _ in columns],
        text=[f"{value} {hover_unit}" for row in z for value in row],
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        showlegend=False,
        name="Partners",
    )
    heatmap.hoverinfo = "skip"
    heatmap.hovertemplate = None
    return charts.figure(
        [heatmap, cells],
        title=title,
        x_title=x_title,
        height=max(300, 140 + 28 * len(counts)),
        layout={
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
                **_short_ticks(names),
            },
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


def ego_links(links: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Keep one partner's own network: its links and the links among its neighbours.

    Args:
        links: The output of ``co_participation`` (over partners that include ``partner``
            and its neighbours).
        partner: The partner at the centre.

    Returns:
        The rows of ``links`` whose two partners are ``partner`` or one of its neighbours.
    """
    own = (links[PARTNER_A] == partner) | (links[PARTNER_B] == partner)
    members = {partner, *links.loc[own, PARTNER_A], *links.loc[own, PARTNER_B]}
    inside = links[PARTNER_A].isin(members) & links[PARTNER_B].isin(members)
    return links[inside].reset_index(drop=True)


def own_network(event_partners: pd.DataFrame, partner: str, min_shared: int = 1) -> pd.DataFrame:
    """One partner's own network: the partners it attended at least ``min_shared`` events
    with, and the links among all of them (each counting every shared event).

    Args:
        event_partners: The event x partner table.
        partner: The partner at the centre.
        min_shared: Keep links of at least this many shared events.

    Returns:
        Columns partner_a, partner_b, shared (as ``co_participation``).
    """
    ids = event_partners.loc[event_partners[schema.PARTNER] == partner, schema.EVENT_ID]
    # Pairs among the partner's own events first: cheap, and it names the neighbours.
    around = co_participation(event_partners[filters.is_in(event_partners[schema.EVENT_ID], ids)])
    own = around[(around[PARTNER_A] == partner) | (around[PARTNER_B] == partner)]
    own = own[own[SHARED] >= min_shared]
    members = sorted({partner, *own[PARTNER_A], *own[PARTNER_B]})
    if len(members) < 2:
        return around.iloc[0:0]
    return ego_links(co_participation(event_partners, members, min_shared), partner)


def _graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """The network as a networkx graph, built in name order so layouts do not depend on the
    order of the rows."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(str(name) for name in nodes[schema.PARTNER]))
    ordered = sorted(
        (str(a), str(b), int(n))
        for a, b, n in edges[[PARTNER_A, PARTNER_B, SHARED]].itertuples(index=False)
    )
    graph.add_weighted_edges_from(ordered, weight=SHARED)
    return graph


def network_layout(nodes: pd.DataFrame, edges: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Place partners with a force-directed layout: partners that share many events end up
    close together.

    networkx's spring layout (Fruchterman-Reingold) with a fixed seed, on a graph built in
    name order, so the same partners and links always get the same places.

    Args:
        nodes: Columns partner (and others), the network's dots.
        edges: Columns partner_a, partner_b, shared (``co_participation``).

    Returns:
        Name -> (x, y), scaled to fit in [-1, 1].
    """
    if nodes.empty:
        return {}
    graph = _graph(nodes, edges)
    if len(graph) == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    # A link pulls with the logarithm of its shared events: with the raw counts the two or
    # three busiest partners pull everyone into one knot in the middle.
    for _, _, data in graph.edges(data=True):
        data[PULL] = 1.0 + float(np.log(data[SHARED]))
    placed = nx.spring_layout(
        graph, weight=PULL, seed=NETWORK_SEED, k=2.0 / np.sqrt(len(graph)), iterations=100
    )
    xy = np.array([placed[name] for name in graph])
    # Fill the canvas: each axis stretched to [-1, 1] on its own.
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    xy = 2 * (xy - low) / span - 1
    return {str(name): (float(x), float(y)) for name, (x, y) in zip(graph, xy, strict=True)}


def network_communities(nodes: pd.DataFrame, edges: pd.DataFrame) -> dict[str, int]:
    """Find groups of partners that attend the same events more with each other than with
    the rest (networkx's greedy modularity communities, weighted by shared events).

    Args:
        nodes: Columns partner (and others), the network's dots.
        edges: Columns partner_a, partner_b, shared.

    Returns:
        Name -> community number, 1 for the largest community (ties by the first name in it).
    """
    if nodes.empty:
        return {}
    graph = _graph(nodes, edges)
    if graph.number_of_edges() == 0:
        found = [{name} for name in graph]
    else:
        found = nx.community.greedy_modularity_communities(graph, weight=SHARED)
    ordered = sorted(
        (sorted(group, key=str.casefold) for group in found),
        key=lambda group: (-len(group), group[0].casefold()),
    )
    return {name: number for number, group in enumerate(ordered, start=1) for name in group}


def community_colour(number: int) -> str:
    """The colour of a community (Okabe-Ito order; grey for the eighth and later).

    Args:
        number: Community number, from 1.

    Returns:
        A colour.
    """
    palette = COMMUNITY_COLOURS
    return palette[number - 1] if 0 < number <= len(palette) else UNKNOWN_KIND_COLOUR


def _short_label(name: str, limit: int = NETWORK_LABEL_CHARS) -> str:
    """Shorten a long name written beside a dot (the full name is in the hover text)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _node_size(events: int, largest: int) -> float:
    return 12 + 28 * float(np.sqrt(events / largest)) if largest else 12.0


def network_labels(
    positions: Mapping[str, tuple[float, float]],
    events: Mapping[str, int],
    *,
    focus: str | None = None,
    most: int = NETWORK_MAX_LABELS,
) -> dict[str, str]:
    """Choose which dots get their name written, and where, so that no name overlaps
    another name or a dot.

    The busiest partners (and the focus) come first; each name tries above, below, right and
    left of its dot, and is left to the hover text when none of these is free. Boxes are
    estimated for a chart ``NETWORK_ASSUMED_WIDTH_PX`` wide.

    Args:
        positions: Name -> (x, y) in [-1, 1] (``network_layout``).
        events: Name -> events attended (for the order and the dot sizes).
        focus: A partner named first, even over other dots (the open profile).
        most: At most this many names.

    Returns:
        Name -> plotly text position ("top center", ...), for the names to write.
    """
    largest = max(events.values(), default=0)
    dots = {
        name: _dot_box(xy, _node_size(events.get(name, 0), largest))
        for name, xy in positions.items()
    }
    taken: list[tuple[float, float, float, float]] = []
    chosen: dict[str, str] = {}
    ordered = sorted(
        positions,
        key=lambda name: (name != focus, -events.get(name, 0), name.casefold()),
    )
    for name in ordered:
        if len(chosen) >= most:
            break
        for place in LABEL_PLACES:
            box = _label_box(name, positions[name], _node_size(events.get(name, 0), largest), place)
            if (
                _inside(box)
                and not any(_overlap(box, other) for other in taken)
                # The focus is named whatever dots lie under its name: it is what was asked.
                and (
                    name == focus
                    or not any(_overlap(box, dot) for other, dot in dots.items() if other != name)
                )
            ):
                taken.append(box)
                chosen[name] = place
                break
    return chosen


def _scale() -> tuple[float, float]:
    """Pixels per layout unit, across and up."""
    plot_height = NETWORK_HEIGHT_PX - NETWORK_MARGIN_PX
    return NETWORK_ASSUMED_WIDTH_PX / (2 * NETWORK_PAD), plot_height / (2 * NETWORK_PAD)


def _dot_box(position: tuple[float, float], dot_px: float) -> tuple[float, float, float, float]:
    per_x, per_y = _scale()
    x, y = position
    half_x, half_y = dot_px / 2 / per_x, dot_px / 2 / per_y
    return (x - half_x, y - half_y, x + half_x, y + half_y)


def _inside(box: tuple[float, float, float, float]) -> bool:
    return -NETWORK_PAD <= box[0] and box[2] <= NETWORK_PAD and box[3] <= NETWORK_PAD


def _label_box(
    name: str, position: tuple[float, float], dot_px: float, place: str = "top center"
) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in layout units of a name written at ``place`` beside its dot."""
    per_x, per_y = _scale()
    width = (len(_short_label(name)) * NETWORK_CHAR_PX + 4) / per_x
    height = NETWORK_LINE_PX / per_y
    gap_x, gap_y = (dot_px / 2 + 2) / per_x, (dot_px / 2 + 1) / per_y
    x, y = position
    if place == "top center":
        return (x - width / 2, y + gap_y, x + width / 2, y + gap_y + height)
    if place == "bottom center":
        return (x - width / 2, y - gap_y - height, x + width / 2, y - gap_y)
    if place == "middle right":
        return (x + gap_x, y - height / 2, x + gap_x + width, y + height / 2)
    return (x - gap_x - width, y - height / 2, x - gap_x, y + height / 2)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _edge_width(shared: int, most: int) -> float:
    return 1.0 + 7.0 * shared / most if most else 1.0


def network_figure(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, focus: str | None = None
) -> go.Figure:
    """Draw the co-participation network: partners as dots, shared events as lines.

    A force-directed layout (``network_layout``) puts partners that share many events close
    together; dots are sized by events attended and coloured by community
    (``network_communities``); a line's width grows with the events both partners attended.
    Only names that do not overlap are written (``network_labels``); hovering any dot or a
    line's middle tells the facts.

    Args:
        nodes: Partners to draw: columns partner, partner_kind, events (``rank_partners``).
        edges: Links among them: partner_a, partner_b, shared (``co_participation``).
        focus: A partner drawn with a dark ring and always named (the open profile).

    Returns:
        Line traces (one per width, no legend), an invisible hover trace of line middles, and
        one marker trace a community; node custom data is [partner name, events].
    """
    title = (
        f"{focus} and the partners it meets" if focus else "Partners that attended the same events"
    )
    title = _plot_text(title)
    if nodes.empty:
        return charts.empty_figure(title, "No two partners attended the same event.")
    positions = network_layout(nodes, edges)
    communities = network_communities(nodes, edges)
    events = {str(n): int(e) for n, e in zip(nodes[schema.PARTNER], nodes[EVENTS], strict=True)}
    labelled = network_labels(positions, events, focus=focus)
    traces: list[go.Scatter] = []
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
                line={"width": width, "color": "rgba(110,110,110,0.40)"},
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
    largest = max(events.values())
    kinds = dict(zip(nodes[schema.PARTNER].astype(str), nodes[schema.PARTNER_KIND], strict=True))
    for number in sorted(set(communities.values())):
        names = sorted(
            (name for name, group in communities.items() if group == number),
            key=lambda name: (-events[name], name.casefold()),
        )
        traces.append(
            go.Scatter(
                x=[positions[name][0] for name in names],
                y=[positions[name][1] for name in names],
                mode="markers+text",
                name=f"Group {number} ({len(names)})",
                text=[_plot_text(_short_label(name)) if name in labelled else "" for name in names],
                textposition=[labelled.get(name, "top center") for name in names],
                hovertext=[
                    f"{_plot_text(name)}<br>{_plot_text(str(kinds.get(name, '')))}"
                    for name in names
                ],
                textfont={"size": 11},
                cliponaxis=False,
                marker={
                    "size": [_node_size(events[name], largest) for name in names],
                    "color": community_colour(number),
                    "opacity": 1,
                    "line": {
                        "width": [3 if name == focus else 1 for name in names],
                        "color": ["#000000" if name == focus else "#FFFFFF" for name in names],
                    },
                },
                customdata=[[name, events[name]] for name in names],
                hovertemplate="%{hovertext}<br>%{customdata[1]} events<extra></extra>",
            )
        )
    return charts.figure(
        traces,
        title=title,
        height=NETWORK_HEIGHT_PX,
        legend_title="Partners that often meet:",
        layout={
            "xaxis": {"visible": False, "range": [-NETWORK_PAD, NETWORK_PAD]},
            "yaxis": {"visible": False, "range": [-NETWORK_PAD, NETWORK_PAD]},
            "legend": {"y": -0.02, "yanchor": "top"},
            "margin": {"b": 40},
        },
    )


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
        return charts.empty_figure(title, _NO_PARTNER)
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


# -- lifecycle ---------------------------------------------------------------------------------

STATUS: Final = "status"
LAST_SEEN: Final = "last_seen"
LAST_TITLE: Final = "last_title"
IN_SELECTION: Final = "in_selection"
PILLARS_EVER: Final = "pillars_ever"
STATUS_NEW: Final = "New"
STATUS_RETURNING: Final = "Returning"
STATUS_LAPSED: Final = "Lapsed"
STATUS_ELSEWHERE: Final = "Active, not in the selection"
STATUSES: Final = (STATUS_NEW, STATUS_RETURNING, STATUS_LAPSED, STATUS_ELSEWHERE)
STATUS_COLOURS: Final = {
    STATUS_NEW: "#009E73",
    STATUS_RETURNING: "#0072B2",
    STATUS_LAPSED: "#D55E00",
    STATUS_ELSEWHERE: "#999999",
}
# A partner without an event in this many months before the reference day has lapsed.
LAPSE_MONTHS: Final = 12
YEAR: Final = "year"
LABEL_STATUS: Final = "Status"
LABEL_LAST_SEEN: Final = "Last seen"
LABEL_LAST_TITLE: Final = "Last event"
LABEL_IN_SELECTION: Final = "Events in the selection"
LABEL_PILLARS: Final = "Pillars (all its events)"
LABEL_EVENTS_EVER: Final = "Events (all)"


@dataclass(frozen=True)
class Lifecycle:
    """Who is new, who keeps coming and who has lapsed.

    Attributes:
        as_of: The reference day: the latest event on or before the selection's end (None
            when there is no event).
        lapse_before: A partner whose last event is before this day has lapsed.
        partners: One row a partner seen by ``as_of``: partner, partner_kind, status,
            first_event, last_seen (``datetime.date``), last_title, events (all its events by
            ``as_of``), in_selection (its matching events), pillars_ever (codes, joined by
            ", "); lapsed first (longest absent first), then new, returning, the rest.
        per_year: Columns year, New, Returning, Lapsed: partners whose first event was in the
            year, partners back in the year after an earlier year, partners whose twelve
            months without an event ran out in the year.
    """

    as_of: pd.Timestamp | None
    lapse_before: pd.Timestamp | None
    partners: pd.DataFrame
    per_year: pd.DataFrame

    def lapsed(self) -> pd.DataFrame:
        """The lapsed partners, longest absent first, with user-facing column labels."""
        rows = self.partners[self.partners[STATUS] == STATUS_LAPSED]
        return lifecycle_table(rows).drop(columns=[LABEL_STATUS, LABEL_IN_SELECTION])


def partner_lifecycle(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    matching_ids: Sequence[str],
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> Lifecycle:
    """Give each partner its status in the selected period, for outreach.

    A partner's history counts every event of ``events`` (the whole file, whatever the
    filters): a partner lapses from the IISG, not from a pillar. The reference day is the
    latest event on or before ``period_end`` (the data's last event when there is no end).

    - *Lapsed*: no event in the ``LAPSE_MONTHS`` months before the reference day (an event
      exactly twelve months before still counts), whatever the selection.
    - *New*: attended a matching event in the period, and its first event ever is in the
      period.
    - *Returning*: attended a matching event in the period, and had an event before it.
    - *Active, not in the selection*: not lapsed, but at no matching event in the period.

    The period runs from ``period_start`` to the reference day; without a start (period
    "All") it is the twelve months before the reference day, so the statuses say who is new,
    who keeps coming and who lapsed *now*.

    This does not mutate its inputs.

    Args:
        events: Every event (columns id, start_date, year, title, pillars).
        event_partners: Every event x partner row.
        matching_ids: Ids of the events the filters select.
        period_start: First day of the selected period, if any.
        period_end: Last day of the selected period, if any.

    Returns:
        The statuses and the per-year counts.
    """
    columns = [
        schema.PARTNER, schema.PARTNER_KIND, STATUS, FIRST_EVENT, LAST_SEEN, LAST_TITLE,
        EVENTS, IN_SELECTION, PILLARS_EVER,
    ]  # fmt: skip
    history = _history(events, event_partners, period_end)
    if history.as_of is None:
        return Lifecycle(None, None, pd.DataFrame(columns=columns), history.per_year)
    as_of = history.as_of
    lapse_before = as_of - pd.DateOffset(months=LAPSE_MONTHS)
    # Without a period start, "in the period" means the twelve months before the reference day.
    start = pd.Timestamp(period_start) if period_start is not None else lapse_before
    facts = history.per_partner
    # What depends on the selection: counted over the history's partner codes at once.
    matching = filters.is_in(history.event_ids, list(matching_ids))
    in_window = matching & (history.starts >= start.to_datetime64())
    size = len(facts)
    in_selection = np.bincount(history.codes[matching], minlength=size)
    seen_in_window = np.bincount(history.codes[in_window], minlength=size) > 0
    status = np.select(
        [
            (facts["last"] < lapse_before).to_numpy(),
            ~seen_in_window,
            (facts["first"] >= start).to_numpy(),
        ],
        [STATUS_LAPSED, STATUS_ELSEWHERE, STATUS_NEW],
        default=STATUS_RETURNING,
    )
    table = pd.DataFrame(
        {
            schema.PARTNER: facts.index.astype(str),
            schema.PARTNER_KIND: facts["kind"].to_numpy(),
            STATUS: status,
            FIRST_EVENT: facts["first_day"].to_numpy(),
            LAST_SEEN: facts["last_day"].to_numpy(),
            LAST_TITLE: facts["title"].to_numpy(),
            EVENTS: facts["events"].to_numpy(),
            IN_SELECTION: in_selection.astype("int64"),
            PILLARS_EVER: facts["pillars"].to_numpy(),
        },
        columns=columns,
    )
    order = {STATUS_LAPSED: 0, STATUS_NEW: 1, STATUS_RETURNING: 2, STATUS_ELSEWHERE: 3}
    # Lapsed partners longest absent first (the outreach list); the others by name.
    lapsed = table[STATUS] == STATUS_LAPSED
    table = table.assign(
        _order=table[STATUS].map(order),
        _day=[
            day if gone else dt.date.min for day, gone in zip(table[LAST_SEEN], lapsed, strict=True)
        ],
        _name=table[schema.PARTNER].str.casefold(),
    ).sort_values(["_order", "_day", "_name"])
    table = table.drop(columns=["_order", "_day", "_name"]).reset_index(drop=True)
    return Lifecycle(as_of, lapse_before, table, history.per_year)


@dataclass(frozen=True)
class _History:
    """Every partner's events up to a day: what the lifecycle needs besides the selection."""

    as_of: pd.Timestamp | None
    codes: np.ndarray  # a partner code (row of per_partner) per partner x event row
    event_ids: pd.Series  # the event of each row
    starts: np.ndarray  # the start of each row's event (datetime64)
    per_partner: pd.DataFrame  # kind, first, last, first_day, last_day, title, events, pillars
    per_year: pd.DataFrame


@per_frames()
def _history(
    events: pd.DataFrame, event_partners: pd.DataFrame, period_end: dt.date | None
) -> _History:
    """Each partner's history up to ``period_end`` (kept for the loaded frames: it does not
    change with the other filters, and a filter change would otherwise compute it again)."""
    attended = _attendance(events, event_partners)
    per_year = _lifecycle_per_year(attended, events)
    starts = events[schema.START_DATE]
    if period_end is not None:
        attended = attended[attended[schema.START_DATE] <= pd.Timestamp(period_end)]
        starts = starts[starts <= pd.Timestamp(period_end)]
    if attended.empty:
        empty = np.array([], dtype="int64")
        return _History(None, empty, pd.Series([], dtype=object), empty, pd.DataFrame(), per_year)
    # One row per partner and event, oldest first (ties by event id).
    rows = attended.drop_duplicates([schema.PARTNER, schema.EVENT_ID]).sort_values(
        [schema.START_DATE, schema.EVENT_ID]
    )
    codes, names = pd.factorize(rows[schema.PARTNER].astype(str).to_numpy(dtype=object))
    grouped = rows.groupby(codes, sort=True)
    first = grouped[schema.START_DATE].first()
    last = grouped[schema.START_DATE].last()
    titles = pd.Series(events[schema.TITLE].to_numpy(dtype=object), index=events[schema.ID])
    # Pillars a partner ever had: one count per pillar code (there are few), not an explode.
    pillar_sets = events[schema.PILLARS].to_numpy(dtype=object)
    position = pd.Index(events[schema.ID]).get_indexer(rows[schema.EVENT_ID])
    pillar_codes = sorted({str(code) for codes_of in pillar_sets for code in codes_of})
    had = {
        code: np.bincount(
            codes[np.array([code in codes_of for codes_of in pillar_sets], dtype=bool)[position]],
            minlength=len(names),
        )
        > 0
        for code in pillar_codes
    }
    per_partner = pd.DataFrame(
        {
            "kind": grouped[schema.PARTNER_KIND].first().astype(str).to_numpy(),
            "first": first.to_numpy(),
            "last": last.to_numpy(),
            "first_day": [day.date() for day in first],
            "last_day": [day.date() for day in last],
            "title": titles.reindex(grouped[schema.EVENT_ID].last().to_numpy())
            .fillna("")
            .astype(str)
            .to_numpy(),
            "events": grouped.size().astype("int64").to_numpy(),
            "pillars": [
                ", ".join(code for code in pillar_codes if had[code][i]) for i in range(len(names))
            ],
        },
        index=pd.Index(names, name=schema.PARTNER),
    )
    return _History(
        as_of=starts.max(),
        codes=codes,
        event_ids=rows[schema.EVENT_ID].reset_index(drop=True),
        starts=rows[schema.START_DATE].to_numpy(),
        per_partner=per_partner,
        per_year=per_year,
    )


def _lifecycle_per_year(attended: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per year: partners new, back after an earlier year, and lapsed (over all the data)."""
    columns = [YEAR, STATUS_NEW, STATUS_RETURNING, STATUS_LAPSED]
    years = year_span(events)
    if attended.empty or not years:
        return pd.DataFrame(columns=columns).astype("int64")
    data_end = events[schema.START_DATE].max()
    days = attended[[schema.PARTNER, schema.START_DATE]].drop_duplicates()
    days = days.sort_values([schema.PARTNER, schema.START_DATE])
    day_years = days[schema.START_DATE].dt.year
    first_years = day_years.groupby(days[schema.PARTNER], observed=True).transform("min")
    new = day_years.groupby(days[schema.PARTNER], observed=True).min().value_counts()
    later = pd.DataFrame({"p": days[schema.PARTNER], "y": day_years})[day_years > first_years]
    returning = later.drop_duplicates()["y"].value_counts()
    # A partner lapses when twelve months pass after an event without another one.
    following = days.groupby(schema.PARTNER, observed=True)[schema.START_DATE].shift(-1)
    lapse = days[schema.START_DATE] + pd.DateOffset(months=LAPSE_MONTHS)
    lapsed = (lapse < data_end) & (following.isna() | (following > lapse))
    lapsed_years = lapse[lapsed].dt.year.value_counts()
    return pd.DataFrame(
        {
            YEAR: years,
            STATUS_NEW: [int(new.get(year, 0)) for year in years],
            STATUS_RETURNING: [int(returning.get(year, 0)) for year in years],
            STATUS_LAPSED: [int(lapsed_years.get(year, 0)) for year in years],
        },
        columns=columns,
    ).astype("int64")


def lifecycle_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Give a ``Lifecycle.partners`` table its user-facing column labels.

    Args:
        rows: Rows of ``Lifecycle.partners``.

    Returns:
        A new frame: Partner, Kind, Status, First event, Last seen, Last event, Events (all),
        Events in the selection, Pillars (all its events).
    """
    return rows.rename(
        columns={
            schema.PARTNER: LABEL_PARTNER,
            schema.PARTNER_KIND: LABEL_KIND,
            STATUS: LABEL_STATUS,
            FIRST_EVENT: LABEL_FIRST,
            LAST_SEEN: LABEL_LAST_SEEN,
            LAST_TITLE: LABEL_LAST_TITLE,
            EVENTS: LABEL_EVENTS_EVER,
            IN_SELECTION: LABEL_IN_SELECTION,
            PILLARS_EVER: LABEL_PILLARS,
        }
    ).reset_index(drop=True)


def status_counts(lifecycle: Lifecycle) -> dict[str, int]:
    """How many partners have each status.

    Args:
        lifecycle: The output of ``partner_lifecycle``.

    Returns:
        Status -> number of partners, every status present (zeros included), in ``STATUSES``
        order.
    """
    counted = Counter(lifecycle.partners[STATUS])
    return {status: int(counted.get(status, 0)) for status in STATUSES}


def lifecycle_figure(per_year: pd.DataFrame) -> go.Figure:
    """Bars of new, returning and lapsed partners per year, side by side.

    Args:
        per_year: ``Lifecycle.per_year``.

    Returns:
        One bar trace a status.
    """
    title = "New, returning and lapsed partners per year"
    if per_year.empty:
        return charts.empty_figure(title, _NO_PARTNER)
    traces = [
        go.Bar(
            x=[str(year) for year in per_year[YEAR]],
            y=per_year[status].tolist(),
            name=status,
            marker_color=STATUS_COLOURS[status],
            text=per_year[status].tolist(),
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}: %{{y}} partners {status.lower()}<extra></extra>",
        )
        for status in (STATUS_NEW, STATUS_RETURNING, STATUS_LAPSED)
    ]
    return charts.figure(
        traces,
        title=title,
        x_title="Year",
        y_title="Partners",
        height=380,
        legend_title="",
        layout={
            "barmode": "group",
            "xaxis": {"type": "category"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 90},
        },
    )


# -- comparison --------------------------------------------------------------------------------

MAX_COMPARED: Final = 4


@dataclass(frozen=True)
class Comparison:
    """Two to four partners side by side.

    Attributes:
        partners: The partners, in the order chosen.
        facts: ``engagement`` of the partners (events, first and latest event, years active).
        per_year: Partners x years, events attended (``year_counts``).
        pillars: Partners x pillar codes, events attended (``pillar_counts``).
        pairs: Partner, With, Shared events: every pair, zeros included.
        together: The events every one of them attended, newest first (short table).
    """

    partners: tuple[str, ...]
    facts: pd.DataFrame
    per_year: pd.DataFrame
    pillars: pd.DataFrame
    pairs: pd.DataFrame
    together: pd.DataFrame


def compare_partners(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    event_pillars: pd.DataFrame,
    partners: Sequence[str],
    pillar_codes: Sequence[str],
) -> Comparison:
    """Compare partners over the matching events: per year, per pillar and what they share.

    Args:
        events: Events frame (the matching events).
        event_partners: The event x partner table.
        event_pillars: The event x pillar table.
        partners: Up to ``MAX_COMPARED`` partner names (more are ignored).
        pillar_codes: Pillar codes, in pillar order.

    Returns:
        The comparison.
    """
    chosen = list(dict.fromkeys(str(name) for name in partners))[:MAX_COMPARED]
    per_year = year_counts(events, event_partners, chosen)
    links = co_participation(event_partners, chosen)
    shared = {
        (a, b): int(n) for a, b, n in links[[PARTNER_A, PARTNER_B, SHARED]].itertuples(index=False)
    }
    pairs = pd.DataFrame(
        [
            (a, b, shared.get((min(a, b), max(a, b)), 0))
            for i, a in enumerate(chosen)
            for b in chosen[i + 1 :]
        ],
        columns=[LABEL_PARTNER, "With", LABEL_SHARED],
    ).astype({LABEL_SHARED: "int64"})
    attended = event_partners[filters.is_in(event_partners[schema.PARTNER], chosen)]
    per_event = attended.groupby(schema.EVENT_ID, observed=True)[schema.PARTNER].nunique()
    all_ids = per_event[per_event == len(chosen)].index if chosen else []
    together = events[filters.is_in(events[schema.ID], list(all_ids))]
    together = together.sort_values([schema.START_DATE, schema.ID], ascending=[False, True])
    return Comparison(
        partners=tuple(chosen),
        facts=engagement(events, event_partners, chosen, per_year),
        per_year=per_year,
        pillars=pillar_counts(event_partners, event_pillars, chosen, pillar_codes),
        pairs=pairs,
        together=display.events_table(together, display.SHORT_TABLE_FIELDS),
    )


def comparison_figure(per_year: pd.DataFrame) -> go.Figure:
    """Bars of events attended per year, one colour a partner, side by side.

    Args:
        per_year: ``Comparison.per_year`` (partners x years).

    Returns:
        One bar trace a partner, its name as the trace name.
    """
    title = "Events attended per year"
    if per_year.empty or len(per_year.columns) == 0:
        return charts.empty_figure(title, _NO_PARTNER)
    colours = charts.colour_sequence([str(name) for name in per_year.index])
    traces = [
        go.Bar(
            x=[str(year) for year in per_year.columns],
            y=[int(v) for v in per_year.loc[name]],
            name=_plot_text(str(name)),
            marker_color=colours[str(name)],
            hovertemplate=f"{_plot_text(str(name))}<br>%{{x}}: %{{y}} events<extra></extra>",
        )
        for name in per_year.index
    ]
    return charts.figure(
        traces,
        title=title,
        x_title="Year of the event's start",
        y_title="Events",
        height=360,
        legend_title="",
        layout={
            "barmode": "group",
            "xaxis": {"type": "category"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 110},  # room for a legend of two lines at 390 px
        },
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


class _Coded:
    """A text column as integer codes (missing: -1) and its distinct values."""

    def __init__(self, column: pd.Series) -> None:
        self.codes, values = pd.factorize(column)
        self.values = pd.Index(values)

    def equal(self, value: str) -> np.ndarray:
        """Which rows hold `value` (a missing cell never does), one boolean a row."""
        if value not in self.values:
            return np.zeros(len(self.codes), dtype=bool)
        return self.codes == self.values.get_loc(value)


def _names_with_counts(partner: _Coded, event_codes: np.ndarray, rows: np.ndarray) -> str:
    """ "Albania (2), Serbia (1)": the partners of some rows, each with its distinct events.

    Most events first, ties by name regardless of case (names in order before that, as a
    groupby lists them); rows without a partner name are not counted.
    """
    named = rows & (partner.codes >= 0)
    # One number a (partner, event) pair, so distinct pairs are distinct numbers.
    span = int(event_codes.max(initial=0)) + 1
    pairs = np.unique(partner.codes[named] * span + event_codes[named])
    counts = np.bincount(pairs // span, minlength=len(partner.values))
    found = sorted((str(partner.values[code]), int(n)) for code, n in enumerate(counts) if n)
    ordered = sorted(found, key=lambda item: (-item[1], item[0].casefold()))
    return ", ".join(f"{schema.display_country(name)} ({n})" for name, n in ordered)


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
    # Everything is counted through integer codes of the rows' partners, countries and
    # events: a dozen small groupbys and set builds cost more than the rest of the report.
    # Event ids are the loader's strings (never missing): tested as they are.
    rows_of_events = event_partners[
        filters.is_in(event_partners[schema.EVENT_ID], events[schema.ID])
    ]
    partner = _Coded(rows_of_events[schema.PARTNER])
    country = _Coded(rows_of_events[schema.PARTNER_COUNTRY])
    event_codes = pd.factorize(rows_of_events[schema.EVENT_ID])[0]
    host_country = _Coded(events[schema.COUNTRY])
    group_events = set(event_codes[partner.equal(schema.WB_GROUP)].tolist())
    counted_kind = filters.is_in(rows_of_events[schema.PARTNER_KIND], list(WB_COUNTRY_KINDS))
    rows = []
    for name in schema.WESTERN_BALKANS:
        of_country = country.equal(name) | partner.equal(name)
        own = of_country & counted_kind
        own_events = set(event_codes[own].tolist())
        rows.append(
            {
                WB_PARTNER: schema.display_country(name),
                WB_HOSTED: int(host_country.equal(name).sum()),
                WB_OWN: len(own_events),
                WB_VIA_GROUP: len(group_events),
                WB_EITHER: len(own_events | group_events),
                WB_BODIES: _names_with_counts(partner, event_codes, own),
                WB_NOT_COUNTED: _names_with_counts(
                    partner, event_codes, of_country & ~counted_kind
                ),
            }
        )
    table = pd.DataFrame(rows, columns=list(WB_COLUMNS))
    counts = [WB_HOSTED, WB_OWN, WB_VIA_GROUP, WB_EITHER]
    return table.astype(dict.fromkeys(counts, "int64"))


def links_table(links: pd.DataFrame) -> pd.DataFrame:
    """The network's links as a table: each pair of partners and the events both attended.

    Args:
        links: The output of ``co_participation``.

    Returns:
        Columns "Partner", "With partner", "Shared events", in the order of ``links``.
    """
    return pd.DataFrame(
        {
            "Partner": links[PARTNER_A].to_numpy(),
            "With partner": links[PARTNER_B].to_numpy(),
            "Shared events": links[SHARED].to_numpy(),
        }
    )


def wb_participation_figure(table: pd.DataFrame) -> go.Figure:
    """Bars per Western Balkan partner: events its own institutions attended, events that name
    the group entry, and events it hosted, side by side.

    Args:
        table: The output of ``western_balkan_participation`` (one row a partner).

    Returns:
        Three bar traces, one a way of taking part.
    """
    title = "The six Western Balkan partners"
    counted = [WB_OWN, WB_VIA_GROUP, WB_HOSTED]
    if table.empty or not table[counted].to_numpy().any():
        return charts.empty_figure(title, "No matching event names a Western Balkan partner.")
    names = [_plot_text(name) for name in table[WB_PARTNER]]
    series = (
        (WB_OWN, "Own institutions", COMMUNITY_COLOURS[0]),
        (WB_VIA_GROUP, "Group entry", "#999999"),
        (WB_HOSTED, "Hosted", COMMUNITY_COLOURS[1]),
    )
    traces = [
        go.Bar(
            x=names,
            y=table[column].tolist(),
            name=label,
            marker_color=colour,
            text=table[column].tolist(),
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}<br>{label}: %{{y}} events<extra></extra>",
        )
        for column, label, colour in series
    ]
    return charts.figure(
        traces,
        title=title,
        y_title="Events",
        height=400,
        legend_title="",
        layout={
            "barmode": "group",
            "xaxis": {"type": "category"},
            "yaxis": {"rangemode": "tozero"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 110},  # room for a legend of two lines at 390 px
        },
    )
