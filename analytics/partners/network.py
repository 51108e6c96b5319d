"""Who attends the same events: co-participation links, the network's layout and figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, filters, schema
from analytics.partners.common import (
    COMMUNITY_COLOURS,
    EVENTS,
    LABEL_PLACES,
    NETWORK_ASSUMED_WIDTH_PX,
    NETWORK_CHAR_PX,
    NETWORK_HEIGHT_PX,
    NETWORK_LINE_PX,
    NETWORK_MARGIN_PX,
    NETWORK_MAX_LABELS,
    NETWORK_PAD,
    NETWORK_SEED,
    PARTNER_A,
    PARTNER_B,
    PULL,
    SHARED,
    UNKNOWN_KIND_COLOUR,
    plot_text,
    short_label,
)
from analytics.words import count_text


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
    width = (len(short_label(name)) * NETWORK_CHAR_PX + 4) / per_x
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
    title = plot_text(title)
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
                f"{plot_text(a)} – {plot_text(b)}: {count_text(n, 'shared event')}",
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
                text=[plot_text(short_label(name)) if name in labelled else "" for name in names],
                textposition=[labelled.get(name, "top center") for name in names],
                hovertext=[
                    f"{plot_text(name)}<br>{plot_text(str(kinds.get(name, '')))}" for name in names
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
