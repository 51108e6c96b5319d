"""Tests of analytics.partners: co-participation, the network's layout, communities and labels."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import Dataset, schema
from analytics import partners as pa
from analytics.partners import network
from tests.partners.fixtures import empty_partners, inline_partners


def test_co_participation_weights_are_shared_events() -> None:
    """A-B shared e1 and e2, A-C shared e2 and e3, B-C only e2."""
    pairs = pa.co_participation(inline_partners())
    assert list(pairs.itertuples(index=False, name=None)) == [
        ("A", "B", 2),
        ("A", "C", 2),
        ("B", "C", 1),
    ]


def test_co_participation_minimum_and_partner_subset() -> None:
    """A minimum of 2 drops B-C; limiting to A and C keeps only their pair."""
    strong = pa.co_participation(inline_partners(), min_shared=2)
    assert len(strong) == 2 and strong[pa.SHARED].min() == 2
    subset = pa.co_participation(inline_partners(), ["A", "C"])
    assert list(subset.itertuples(index=False, name=None)) == [("A", "C", 2)]


def test_co_participation_on_the_small_fixture(small: Dataset) -> None:
    """Podgorica links Italy and WB Partners; the board links three; Pristina links two."""
    pairs = pa.co_participation(small.event_partners)
    assert set(pairs.itertuples(index=False, name=None)) == {
        ("Italy", "Western Balkans Partners", 1),
        ("Austria", "DG NEAR", 1),
        ("Austria", "Western Balkans Partners", 1),
        ("DG NEAR", "Western Balkans Partners", 1),
        ("DG NEAR", "United States", 1),
    }


def test_co_participation_of_no_partners_is_empty() -> None:
    """No attendance, no pairs."""
    assert pa.co_participation(empty_partners()).empty


def test_network_figure_sizes_nodes_and_widens_strong_links() -> None:
    """Dots carry the partner name and grow with events; a 2-event link is thicker."""
    nodes = pa.rank_partners(inline_partners())
    edges = pa.co_participation(inline_partners())
    figure = pa.network_figure(nodes, edges)
    lines = [t for t in figure.data if t.mode == "lines"]
    widths = {t.name: t.line.width for t in lines}
    assert widths["2 shared events"] > widths["1 shared events"]
    # Two links of weight 2: two segments, each ending with a gap.
    strong = next(t for t in lines if t.name == "2 shared events")
    assert len(strong.x) == 6 and strong.x[2] is None
    dots = [t for t in figure.data if t.mode == "markers+text"]
    # A, B and C are all linked to each other: one community.
    assert [t.name for t in dots] == ["Group 1 (3)"]
    assert [row[0] for row in dots[0].customdata] == ["A", "B", "C"]
    assert dots[0].marker.color == pa.community_colour(1)
    sizes = list(dots[0].marker.size)
    assert sizes[0] == sizes[1] > sizes[2]  # A and B: 3 events, C: 2
    middles = next(t for t in figure.data if t.mode == "markers" and t.hovertext is not None)
    assert "A – B: 2 shared events" in middles.hovertext
    assert "B – C: 1 shared event" in middles.hovertext


def test_network_shortens_long_names_beside_dots_but_not_in_hover() -> None:
    """A 57-character name is cut with an ellipsis on the canvas; hovering shows it whole."""
    long_name = "Countering Serious Crime in the Western Balkans (project)"
    attendance = inline_partners().replace({schema.PARTNER: {"C": long_name}})
    nodes = pa.rank_partners(attendance)
    figure = pa.network_figure(nodes, pa.co_participation(attendance))
    (dots,) = [t for t in figure.data if t.mode == "markers+text"]
    names = [row[0] for row in dots.customdata]
    position = names.index(long_name)
    assert dots.hovertext[position].startswith(long_name + "<br>")
    assert dots.text[position] == "Countering Serious Crime in the…"
    assert len(dots.text[position]) == pa.NETWORK_LABEL_CHARS


def two_cliques() -> tuple[pd.DataFrame, pd.DataFrame]:
    """P, Q, R attend three events together, X, Y, Z three others; R and X meet once."""
    rows = [(f"a{i}", name) for i in range(3) for name in "PQR"]
    rows += [(f"b{i}", name) for i in range(3) for name in "XYZ"]
    rows += [("c0", "R"), ("c0", "X")]
    attendance = pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PARTNER])
    attendance[schema.PARTNER_KIND] = "Kind one"
    attendance[schema.PARTNER_COUNTRY] = pd.NA
    attendance = attendance.astype("string")
    return pa.rank_partners(attendance), pa.co_participation(attendance)


def test_network_layout_is_the_same_every_run_and_fills_the_canvas() -> None:
    """The seeded layout gives the same places whatever the row order; each axis spans [-1, 1]."""
    nodes, edges = two_cliques()
    layout = pa.network_layout(nodes, edges)
    again = pa.network_layout(nodes.iloc[::-1], edges.iloc[::-1])
    assert layout.keys() == again.keys()
    for name, (x, y) in layout.items():
        assert again[name] == pytest.approx((x, y))
    xs = [x for x, _ in layout.values()]
    ys = [y for _, y in layout.values()]
    assert min(xs) == pytest.approx(-1) and max(xs) == pytest.approx(1)
    assert min(ys) == pytest.approx(-1) and max(ys) == pytest.approx(1)


def test_network_layout_puts_partners_that_meet_often_close_together() -> None:
    """Each partner of a clique is nearer its own clique-mates than the other clique's."""
    nodes, edges = two_cliques()
    layout = pa.network_layout(nodes, edges)

    def distance(a: str, b: str) -> float:
        return float(
            ((layout[a][0] - layout[b][0]) ** 2 + (layout[a][1] - layout[b][1]) ** 2) ** 0.5
        )

    for own, other in (("PQR", "XYZ"), ("XYZ", "PQR")):
        for name in own:
            nearest_other = min(distance(name, o) for o in other)
            farthest_own = max(distance(name, o) for o in own if o != name)
            assert farthest_own < nearest_other + 1e-9 or name in "RX"


def test_communities_split_two_cliques_largest_first() -> None:
    """Two triangles joined by one weak link are two communities, numbered by size then name."""
    nodes, edges = two_cliques()
    assert pa.network_communities(nodes, edges) == {
        "P": 1, "Q": 1, "R": 1, "X": 2, "Y": 2, "Z": 2,
    }  # fmt: skip
    figure = pa.network_figure(nodes, edges)
    dots = [t for t in figure.data if t.mode == "markers+text"]
    assert [t.name for t in dots] == ["Group 1 (3)", "Group 2 (3)"]
    assert dots[0].marker.color != dots[1].marker.color


def test_labels_never_overlap_each_other_or_dots() -> None:
    """Two dots at one place: only the busier is named; no name box covers another dot."""
    positions = {"Busy": (0.0, 0.0), "Quiet": (0.0, 0.0), "Far": (0.9, -0.9)}
    events = {"Busy": 10, "Quiet": 1, "Far": 3}
    labels = pa.network_labels(positions, events)
    assert set(labels) == {"Busy", "Far"}
    # The focus is named first, even when it is the quieter one.
    assert "Quiet" in pa.network_labels(positions, events, focus="Quiet")
    # On a real network: every pair of name boxes is apart, and no name box covers a dot.
    nodes, edges = two_cliques()
    layout = pa.network_layout(nodes, edges)
    counts = dict(zip(nodes[schema.PARTNER], nodes[pa.EVENTS], strict=True))
    chosen = pa.network_labels(layout, counts)
    largest = max(counts.values())
    boxes = {
        name: network._label_box(
            name, layout[name], network._node_size(counts[name], largest), place
        )
        for name, place in chosen.items()
    }
    for a in boxes:
        for b in boxes:
            if a < b:
                assert not network._overlap(boxes[a], boxes[b])
        for name, xy in layout.items():
            if name != a:
                dot = network._dot_box(xy, network._node_size(counts[name], largest))
                assert not network._overlap(boxes[a], dot)


def test_own_network_keeps_the_partner_its_neighbours_and_their_links() -> None:
    """A's own network at 2 shared events: A-B and A-C (B-C share only one event)."""
    own = pa.own_network(inline_partners(), "A", min_shared=2)
    assert list(own.itertuples(index=False, name=None)) == [("A", "B", 2), ("A", "C", 2)]
    # At 1 shared event B-C joins: a link between two of A's neighbours.
    assert ("B", "C", 1) in set(
        pa.own_network(inline_partners(), "A").itertuples(index=False, name=None)
    )
    # B's neighbours at 2: only A.
    assert list(pa.own_network(inline_partners(), "B", 2).itertuples(index=False, name=None)) == [
        ("A", "B", 2)
    ]
    assert pa.own_network(inline_partners(), "Nobody").empty


def test_the_focus_of_an_own_network_is_ringed_and_named() -> None:
    """The open profile's dot has a dark ring, its name written, and the title names it."""
    nodes = pa.rank_partners(inline_partners())
    figure = pa.network_figure(nodes, pa.own_network(inline_partners(), "C"), focus="C")
    assert figure.layout.title.text == "C and the partners it meets"
    (dots,) = [t for t in figure.data if t.mode == "markers+text"]
    names = [row[0] for row in dots.customdata]
    at = names.index("C")
    assert dots.marker.line.width[at] == 3 and dots.text[at] == "C"


def test_linked_partners_drop_partners_without_links() -> None:
    """With a minimum of 2 shared events, every partner still has a link but B-C is gone."""
    ranking = pa.rank_partners(inline_partners())
    assert pa.linked_partners(ranking, pa.co_participation(inline_partners(), min_shared=2))[
        schema.PARTNER
    ].tolist() == ["A", "B", "C"]
    assert pa.linked_partners(ranking, pa.co_participation(inline_partners(), min_shared=3)).empty


def test_network_of_no_partners_says_so() -> None:
    """No nodes: no traces and a message."""
    figure = pa.network_figure(
        pa.rank_partners(empty_partners()), pa.co_participation(empty_partners())
    )
    assert len(figure.data) == 0
    assert "No two partners" in figure.layout.annotations[0].text


def test_co_participation_matches_counting_pairs_by_hand() -> None:
    """On 60 events of 7 partners every pair's shared events equal a count over the events."""
    import random
    from itertools import combinations

    rng = random.Random(3)
    names = ["Albania", "DG HOME", "EUFOR", "Europol", "Italy", "Serbia", "UNODC"]
    rows = [(f"e{n}", name) for n in range(60) for name in rng.sample(names, rng.randint(0, 5))]
    table = pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PARTNER]).astype("string")
    expected: dict[tuple[str, str], int] = {}
    for event in {event for event, _ in rows}:
        attending = sorted(name for e, name in rows if e == event)
        for pair in combinations(attending, 2):
            expected[pair] = expected.get(pair, 0) + 1
    links = pa.co_participation(table, None, 3)
    counted = {
        (a, b): n
        for a, b, n in links[[pa.PARTNER_A, pa.PARTNER_B, pa.SHARED]].itertuples(index=False)
    }
    assert counted == {pair: n for pair, n in expected.items() if n >= 3}
    assert list(links[pa.SHARED]) == sorted(links[pa.SHARED], reverse=True)
    only_two = pa.co_participation(table, ["Italy", "Serbia"])
    assert only_two[[pa.PARTNER_A, pa.PARTNER_B]].values.tolist() == [["Italy", "Serbia"]]
    assert int(only_two[pa.SHARED].iloc[0]) == expected[("Italy", "Serbia")]
