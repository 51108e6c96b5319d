"""Tests of analytics.partners: ranking, pillar and year counts, co-participation, profiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import Dataset, charts, load_dataset, schema
from analytics import partners as pa
from analytics.partners import network

SMALL = Path(__file__).resolve().parent / "data" / "small_events.yaml"
PILLARS = ("WBCTi", "WBCSCi", "WBBSi")
GROUP = schema.PARTNER_KINDS["group"]
EU_BODY = schema.PARTNER_KINDS["eu_body"]
MEMBER_STATE = schema.PARTNER_KINDS["eu_member_state"]
THIRD_COUNTRY = schema.PARTNER_KINDS["third_country"]


# A small inline world: four events, three partners.
#   e1 2021-03-01 [WBCTi]          A, B
#   e2 2021-06-01 [WBCTi, WBBSi]   A, B, C
#   e3 2023-01-10 []               A, C
#   e4 2023-05-05 [WBCSCi]         B
def inline_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            schema.ID: ["e1", "e2", "e3", "e4"],
            schema.START_DATE: pd.to_datetime(
                ["2021-03-01", "2021-06-01", "2023-01-10", "2023-05-05"]
            ),
            schema.YEAR: [2021, 2021, 2023, 2023],
            schema.PILLARS: [("WBCTi",), ("WBCTi", "WBBSi"), (), ("WBCSCi",)],
        }
    )


def inline_partners() -> pd.DataFrame:
    rows = [
        ("e1", "A", "Kind one"),
        ("e1", "B", "Kind two"),
        ("e2", "A", "Kind one"),
        ("e2", "B", "Kind two"),
        ("e2", "C", "Kind two"),
        ("e3", "A", "Kind one"),
        ("e3", "C", "Kind two"),
        ("e4", "B", "Kind two"),
    ]
    frame = pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND])
    frame[schema.PARTNER_COUNTRY] = pd.NA
    return frame.astype("string")


def inline_pillars() -> pd.DataFrame:
    rows = [("e1", "WBCTi"), ("e2", "WBCTi"), ("e2", "WBBSi"), ("e4", "WBCSCi")]
    return pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PILLAR]).astype("string")


def empty_partners() -> pd.DataFrame:
    return inline_partners().iloc[0:0]


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


# -- ranking -----------------------------------------------------------------------------------


def test_ranking_counts_events_per_partner_ties_by_name() -> None:
    """A and B attended 3 events each (A first by name), C attended 2."""
    ranking = pa.rank_partners(inline_partners())
    assert ranking[schema.PARTNER].tolist() == ["A", "B", "C"]
    assert ranking[pa.EVENTS].tolist() == [3, 3, 2]
    assert ranking[schema.PARTNER_KIND].tolist() == ["Kind one", "Kind two", "Kind two"]


def test_ranking_keeps_chosen_kinds_and_top_n() -> None:
    """Choosing a kind shows only its partners; top N cuts the list after N partners."""
    by_kind = pa.rank_partners(inline_partners(), kinds=["Kind two"])
    assert by_kind[schema.PARTNER].tolist() == ["B", "C"]
    assert pa.rank_partners(inline_partners(), top_n=1)[schema.PARTNER].tolist() == ["A"]


def test_ranking_on_the_small_fixture(small: Dataset) -> None:
    """The fixture: DG NEAR (with its alias DG Near) and the WB Partners group attended 2 each."""
    ranking = pa.rank_partners(small.event_partners)
    assert ranking[schema.PARTNER].tolist() == [
        "DG NEAR",
        "Western Balkans Partners",
        "Austria",
        "Italy",
        "United States",
    ]
    assert ranking[pa.EVENTS].tolist() == [2, 2, 1, 1, 1]
    assert (
        ranking.set_index(schema.PARTNER).loc["Western Balkans Partners", schema.PARTNER_KIND]
        == GROUP
    )


def test_ranking_of_no_partners_is_empty() -> None:
    """No attendance gives an empty ranking with the same columns."""
    ranking = pa.rank_partners(empty_partners())
    assert ranking.empty
    assert list(ranking.columns) == [
        schema.PARTNER,
        schema.PARTNER_KIND,
        schema.PARTNER_COUNTRY,
        pa.EVENTS,
    ]


def test_ranking_figure_has_a_bar_trace_per_kind_in_kind_colours(small: Dataset) -> None:
    """Bars are horizontal, coloured by kind, longest on top, each carrying the partner name."""
    colours = pa.kind_colours()
    figure = pa.ranking_figure(pa.rank_partners(small.event_partners), colours)
    traces = {trace.name: trace for trace in figure.data}
    assert set(traces) == {GROUP, EU_BODY, MEMBER_STATE, THIRD_COUNTRY}
    members = traces[MEMBER_STATE]
    assert members.type == "bar" and members.orientation == "h"
    assert list(members.y) == ["Austria", "Italy"] and list(members.x) == [1, 1]
    assert [row[0] for row in members.customdata] == ["Austria", "Italy"]
    assert members.marker.color == colours[MEMBER_STATE]
    assert traces[GROUP].marker.color == colours[GROUP]
    # Plotly draws the first category at the bottom: the most active partner is last.
    assert list(figure.layout.yaxis.categoryarray)[-1] == "DG NEAR"
    assert figure.layout.title.text == "Events attended, by partner"


def test_kind_colours_are_distinct_and_colour_blind_safe() -> None:
    """Every kind that can appear has its own colour from the neutral palette."""
    colours = pa.kind_colours()
    kinds = [label for code, label in schema.PARTNER_KINDS.items() if code != "iisg"]
    assert len({colours[kind] for kind in kinds}) == len(kinds)
    assert {colours[kind] for kind in kinds} <= set(charts.NEUTRAL_COLOURS)
    assert colours[schema.UNKNOWN_KIND] not in {colours[kind] for kind in kinds}


def test_empty_ranking_figure_says_so() -> None:
    """With no partner the figure has no bars and a message."""
    figure = pa.ranking_figure(pa.rank_partners(empty_partners()), pa.kind_colours())
    assert len(figure.data) == 0
    assert "No partner" in figure.layout.annotations[0].text


# -- pillars -----------------------------------------------------------------------------------


def test_pillar_counts_count_a_multi_pillar_event_under_each_pillar() -> None:
    """A: e1 WBCTi + e2 WBCTi/WBBSi (e3 has none); B adds e4 WBCSCi; C: e2 only."""
    counts = pa.pillar_counts(inline_partners(), inline_pillars(), ["A", "B", "C"], PILLARS)
    assert counts.loc["A"].tolist() == [2, 0, 1]
    assert counts.loc["B"].tolist() == [2, 1, 1]
    assert counts.loc["C"].tolist() == [1, 0, 1]
    assert list(counts.columns) == list(PILLARS)


def test_pillar_counts_on_the_small_fixture(small: Dataset) -> None:
    """WB Partners: Podgorica (WBCSCi) and the board (all three); DG NEAR: board and WBCTi."""
    counts = pa.pillar_counts(
        small.event_partners, small.event_pillars, ["Western Balkans Partners", "DG NEAR"], PILLARS
    )
    assert counts.loc["Western Balkans Partners"].tolist() == [1, 2, 1]
    assert counts.loc["DG NEAR"].tolist() == [2, 1, 1]


def test_pillar_heatmap_shows_counts_with_pillar_labels(small: Dataset) -> None:
    """The heatmap's cells are the counts, written in the cells, under the pillar labels."""
    counts = pa.pillar_counts(small.event_partners, small.event_pillars, ["DG NEAR"], PILLARS)
    labels = charts.pillar_labels(small.reference)
    figure = pa.pillar_heatmap(counts, labels)
    heatmap = figure.data[0]
    assert heatmap.type == "heatmap"
    assert [list(row) for row in heatmap.z] == [[2, 1, 1]]
    assert [list(row) for row in heatmap.text] == [["2", "1", "1"]]
    assert list(heatmap.x) == [labels[code] for code in PILLARS]
    assert list(heatmap.y) == ["DG NEAR"]


def test_pillar_counts_and_heatmap_of_no_partners() -> None:
    """No partners: an empty table and a figure that says so."""
    counts = pa.pillar_counts(empty_partners(), inline_pillars(), [], PILLARS)
    assert counts.empty
    figure = pa.pillar_heatmap(counts, {})
    assert len(figure.data) == 0 and figure.layout.annotations


# -- engagement over time ----------------------------------------------------------------------


def test_engagement_first_latest_and_years() -> None:
    """A: first 1 Mar 2021, latest 10 Jan 2023, 2 active years, [2, 0, 1] over 2021-2023."""
    table = pa.engagement(inline_events(), inline_partners(), ["A", "B", "C"]).set_index(
        schema.PARTNER
    )
    assert table.loc["A", pa.FIRST_EVENT] == dt.date(2021, 3, 1)
    assert table.loc["A", pa.LATEST_EVENT] == dt.date(2023, 1, 10)
    assert table.loc["B", pa.LATEST_EVENT] == dt.date(2023, 5, 5)
    assert table.loc["C", pa.FIRST_EVENT] == dt.date(2021, 6, 1)
    assert table[pa.YEARS_ACTIVE].tolist() == [2, 2, 2]
    assert table[pa.EVENTS].tolist() == [3, 3, 2]
    assert table.loc["A", pa.EVENTS_PER_YEAR] == [2, 0, 1]
    assert table.loc["C", pa.EVENTS_PER_YEAR] == [1, 0, 1]
    assert pa.most_events_in_a_year(table) == 2


def test_engagement_uses_the_year_counts_it_is_given() -> None:
    """Given year_counts of the same arguments, engagement's yearly lists are those rows."""
    names = ["A", "B", "C"]
    counts = pa.year_counts(inline_events(), inline_partners(), names)
    given = pa.engagement(inline_events(), inline_partners(), names, counts)
    pd.testing.assert_frame_equal(given, pa.engagement(inline_events(), inline_partners(), names))
    # The lists come from the table passed in (here one doubled), not from a second count.
    doubled = pa.engagement(inline_events(), inline_partners(), names, counts * 2)
    assert doubled.set_index(schema.PARTNER).loc["A", pa.EVENTS_PER_YEAR] == [4, 0, 2]


def test_year_counts_include_years_without_events() -> None:
    """2022 has no event but is a column of zeros, so gaps show."""
    counts = pa.year_counts(inline_events(), inline_partners(), ["B", "A"])
    assert list(counts.columns) == [2021, 2022, 2023]
    assert counts.index.tolist() == ["B", "A"]
    assert counts.loc["B"].tolist() == [2, 0, 1]


def test_engagement_on_the_small_fixture(small: Dataset) -> None:
    """DG NEAR: 20 Jun 2022 to 3 Mar 2023, one event a year; WB Partners: two in 2022."""
    table = pa.engagement(
        small.events, small.event_partners, ["DG NEAR", "Western Balkans Partners"]
    ).set_index(schema.PARTNER)
    assert table.loc["DG NEAR", pa.FIRST_EVENT] == dt.date(2022, 6, 20)
    assert table.loc["DG NEAR", pa.LATEST_EVENT] == dt.date(2023, 3, 3)
    assert table.loc["DG NEAR", pa.EVENTS_PER_YEAR] == [1, 1]
    assert table.loc["Western Balkans Partners", pa.EVENTS_PER_YEAR] == [2, 0]
    assert table.loc["Western Balkans Partners", pa.YEARS_ACTIVE] == 1
    labelled = pa.engagement_table(table.reset_index())
    assert list(labelled.columns)[:3] == [pa.LABEL_PARTNER, pa.LABEL_KIND, pa.LABEL_EVENTS]


def test_year_heatmap_leaves_empty_years_blank() -> None:
    """Cells hold the counts; a year without events has no number written."""
    counts = pa.year_counts(inline_events(), inline_partners(), ["A"])
    heatmap = pa.year_heatmap(counts).data[0]
    assert [list(row) for row in heatmap.z] == [[2, 0, 1]]
    assert [list(row) for row in heatmap.text] == [["2", "", "1"]]
    assert list(heatmap.x) == ["2021", "2022", "2023"]


def test_engagement_of_no_events_is_empty() -> None:
    """No events: empty table, no years, and an empty-state figure."""
    events = inline_events().iloc[0:0]
    assert pa.engagement(events, empty_partners(), ["A"]).empty
    assert pa.year_span(events) == []
    assert pa.most_events_in_a_year(pa.engagement(events, empty_partners(), [])) == 0
    assert len(pa.year_heatmap(pa.year_counts(events, empty_partners(), [])).data) == 0


# -- co-participation --------------------------------------------------------------------------


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


# -- profile -----------------------------------------------------------------------------------


def test_profile_of_dg_near_on_the_small_fixture(small: Dataset) -> None:
    """DG NEAR: an EU body, 2 events (Sarajevo board, Pristina WBCTi), 3 co-participants."""
    profile = pa.partner_profile(small.events, small.event_partners, "DG NEAR", PILLARS)
    assert profile is not None
    assert profile.kind == EU_BODY
    assert profile.country == ""
    assert profile.events == 2
    assert profile.first_event == pd.Timestamp("2022-06-20")
    assert profile.latest_event == pd.Timestamp("2023-03-03")
    table = profile.event_table
    assert list(table.columns) == list(pa.PROFILE_EVENT_COLUMNS)
    assert table["Dates"].tolist() == ["3–5 Mar 2023", "20–21 Jun 2022"]
    assert table["Title"].tolist() == [
        "Regional Pillar Support Group Meeting – WBCTi",
        "Board meeting",
    ]
    assert table["Country"].tolist() == ["Kosovo*", "Bosnia and Herzegovina"]
    assert table["Pillars"].tolist() == ["WBCTi", "WBCTi; WBCSCi; WBBSi"]
    assert list(profile.pillars.itertuples(index=False, name=None)) == [
        ("WBCTi", 2),
        ("WBCSCi", 1),
        ("WBBSi", 1),
    ]
    assert list(profile.cities.itertuples(index=False, name=None)) == [
        ("Pristina", "Kosovo*", 1),
        ("Sarajevo", "Bosnia and Herzegovina", 1),
    ]
    assert list(profile.co_participants.itertuples(index=False, name=None)) == [
        ("Austria", 1, MEMBER_STATE),
        ("United States", 1, THIRD_COUNTRY),
        ("Western Balkans Partners", 1, GROUP),
    ]


def test_profile_shows_country_with_kosovo_star_and_no_pillar_row(small: Dataset) -> None:
    """A Kosovo institution's country reads Kosovo*; an event of no pillar is counted apart."""
    attendance = pd.DataFrame(
        {
            schema.EVENT_ID: ["2023-03-03-pristina-rsg-wbcti", "2023-10-17-online-database"],
            schema.PARTNER: ["Ministry of Interior of Kosovo"] * 2,
            schema.PARTNER_KIND: [schema.PARTNER_KINDS["national_institution"]] * 2,
            schema.PARTNER_COUNTRY: ["Kosovo"] * 2,
            schema.AS_WRITTEN: ["MoI Kosovo"] * 2,
        }
    ).astype("string")
    profile = pa.partner_profile(
        small.events, attendance, "Ministry of Interior of Kosovo", PILLARS
    )
    assert profile is not None
    assert profile.country == "Kosovo*"
    assert profile.events == 2
    assert profile.pillars.set_index(pa.LABEL_PILLAR)[pa.LABEL_EVENTS].to_dict() == {
        "WBCTi": 1,
        "WBCSCi": 0,
        "WBBSi": 0,
        schema.NO_PILLAR: 1,
    }
    # The online event has no city: only Pristina is a host city.
    assert profile.cities[pa.LABEL_CITY].tolist() == ["Pristina"]
    assert profile.co_participants.empty


def test_profile_of_a_partner_without_events_is_none(small: Dataset) -> None:
    """A partner that attended none of the events has no profile."""
    assert pa.partner_profile(small.events, small.event_partners, "Frontex", PILLARS) is None
    assert pa.partner_profile(small.events.iloc[0:0], empty_partners(), "A", PILLARS) is None


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


# -- profile additions, links to a profile -------------------------------------------------------


def test_profile_counts_years_active_events_per_year_and_host_countries(small: Dataset) -> None:
    """WB Partners: 2 events in 2022 (Podgorica, Sarajevo); one year active; two countries."""
    profile = pa.partner_profile(
        small.events, small.event_partners, "Western Balkans Partners", PILLARS
    )
    assert profile is not None
    assert profile.years_active == 1
    assert list(profile.per_year.itertuples(index=False, name=None)) == [(2022, 2)]
    assert list(profile.countries.itertuples(index=False, name=None)) == [
        ("Bosnia and Herzegovina", 1),
        ("Montenegro", 1),
    ]
    dg_near = pa.partner_profile(small.events, small.event_partners, "DG NEAR", PILLARS)
    assert dg_near is not None
    # 2022 and 2023: the years between first and latest event, each with its count.
    assert list(dg_near.per_year.itertuples(index=False, name=None)) == [(2022, 1), (2023, 1)]
    assert dg_near.years_active == 2
    assert dict(dg_near.countries.itertuples(index=False, name=None)) == {
        "Bosnia and Herzegovina": 1,
        "Kosovo*": 1,
    }


def test_find_partner_by_name_alias_or_letter_case(small: Dataset) -> None:
    """A link may name a partner exactly, by a registry alias or in other letter case."""
    known = pa.partner_names(pa.rank_partners(small.event_partners))
    resolve = small.reference.registry.resolve
    assert pa.find_partner("Italy", known, resolve) == "Italy"
    assert pa.find_partner("WB6", known, resolve) == "Western Balkans Partners"
    assert pa.find_partner("dg near", known) == "DG NEAR"
    assert pa.find_partner("  Italy ", known) == "Italy"
    assert pa.find_partner("Frontex", known, resolve) is None  # registered, not in these events
    assert pa.find_partner("**Nobody**", known, resolve) is None
    assert pa.find_partner("x" * 100_000, known, resolve) is None


def test_heatmap_rows_carry_the_partner_name_for_clicks(small: Dataset) -> None:
    """Every heatmap cell has an invisible clickable dot whose custom data is its row's partner."""
    counts = pa.pillar_counts(
        small.event_partners, small.event_pillars, ["DG NEAR", "Italy"], PILLARS
    )
    figure = pa.pillar_heatmap(counts, charts.pillar_labels(small.reference))
    cells = next(t for t in figure.data if t.type == "scatter")
    assert [row[0] for row in cells.customdata] == ["DG NEAR"] * 3 + ["Italy"] * 3
    assert cells.marker.opacity == 0
    assert list(cells.text[:3]) == ["2 events", "1 events", "1 events"]


# -- lifecycle ----------------------------------------------------------------------------------


# Five events, five partners, for statuses:
#   l1 2021-03-01  A, B, D
#   l2 2021-06-01  A, B, C
#   l3 2022-05-05  C          (exactly twelve months before l5)
#   l4 2023-01-10  A
#   l5 2023-05-05  B, E
def lifecycle_events() -> pd.DataFrame:
    starts = pd.to_datetime(["2021-03-01", "2021-06-01", "2022-05-05", "2023-01-10", "2023-05-05"])
    return pd.DataFrame(
        {
            schema.ID: ["l1", "l2", "l3", "l4", "l5"],
            schema.TITLE: ["First", "Second", "Third", "Fourth", "Fifth"],
            schema.START_DATE: starts,
            schema.END_DATE: starts,
            schema.YEAR: [2021, 2021, 2022, 2023, 2023],
            schema.CITY: ["Tirana", None, "Skopje", "Tirana", "Budva"],
            schema.COUNTRY: ["Albania", None, "North Macedonia", "Albania", "Montenegro"],
            schema.PILLARS: [("WBCTi",), ("WBBSi",), (), ("WBCSCi",), ("WBCTi",)],
        }
    )


def lifecycle_partners() -> pd.DataFrame:
    rows = [
        ("l1", "A"), ("l1", "B"), ("l1", "D"), ("l2", "A"), ("l2", "B"), ("l2", "C"),
        ("l3", "C"), ("l4", "A"), ("l5", "B"), ("l5", "E"),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PARTNER])
    frame[schema.PARTNER_KIND] = "Kind one"
    frame[schema.PARTNER_COUNTRY] = pd.NA
    return frame.astype("string")


def statuses(lifecycle: pa.Lifecycle) -> dict[str, str]:
    return dict(zip(lifecycle.partners[schema.PARTNER], lifecycle.partners[pa.STATUS], strict=True))


def test_lifecycle_of_all_the_data_is_status_now() -> None:
    """As of 5 May 2023: D lapsed (last seen Mar 2021), E new, A, B, C returning.

    C's last event is exactly twelve months before the reference day: not lapsed.
    """
    events, attendance = lifecycle_events(), lifecycle_partners()
    lifecycle = pa.partner_lifecycle(events, attendance, events[schema.ID].tolist())
    assert lifecycle.as_of == pd.Timestamp("2023-05-05")
    assert lifecycle.lapse_before == pd.Timestamp("2022-05-05")
    assert statuses(lifecycle) == {
        "D": pa.STATUS_LAPSED, "E": pa.STATUS_NEW,
        "A": pa.STATUS_RETURNING, "B": pa.STATUS_RETURNING, "C": pa.STATUS_RETURNING,
    }  # fmt: skip
    # Lapsed first, then new, then returning by name.
    assert lifecycle.partners[schema.PARTNER].tolist() == ["D", "E", "A", "B", "C"]
    d = lifecycle.partners.iloc[0]
    assert d[pa.LAST_SEEN] == dt.date(2021, 3, 1)
    assert d[pa.LAST_TITLE] == "First"
    assert d[pa.PILLARS_EVER] == "WBCTi"
    a = lifecycle.partners.set_index(schema.PARTNER).loc["A"]
    assert (a[pa.FIRST_EVENT], a[pa.LAST_SEEN], a[pa.EVENTS]) == (
        dt.date(2021, 3, 1), dt.date(2023, 1, 10), 3,
    )  # fmt: skip
    assert a[pa.PILLARS_EVER] == "WBBSi, WBCSCi, WBCTi"
    assert pa.status_counts(lifecycle) == {
        pa.STATUS_NEW: 1, pa.STATUS_RETURNING: 3, pa.STATUS_LAPSED: 1, pa.STATUS_ELSEWHERE: 0,
    }  # fmt: skip


def test_lifecycle_of_a_period() -> None:
    """Period 2021: all four partners seen are new; E (2023) is not listed yet."""
    events, attendance = lifecycle_events(), lifecycle_partners()
    lifecycle = pa.partner_lifecycle(
        events, attendance, ["l1", "l2"], dt.date(2021, 1, 1), dt.date(2021, 12, 31)
    )
    assert lifecycle.as_of == pd.Timestamp("2021-06-01")
    assert statuses(lifecycle) == dict.fromkeys("ABCD", pa.STATUS_NEW)
    # 2023: A and B return, E is new, C (last seen May 2022) is active but not in 2023.
    lifecycle = pa.partner_lifecycle(
        events, attendance, ["l4", "l5"], dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    )
    assert statuses(lifecycle) == {
        "A": pa.STATUS_RETURNING, "B": pa.STATUS_RETURNING, "C": pa.STATUS_ELSEWHERE,
        "D": pa.STATUS_LAPSED, "E": pa.STATUS_NEW,
    }  # fmt: skip


def test_lifecycle_partners_outside_the_selection() -> None:
    """Only l4 matches (say, a pillar filter): A returns, B, C and E are active elsewhere."""
    events, attendance = lifecycle_events(), lifecycle_partners()
    lifecycle = pa.partner_lifecycle(events, attendance, ["l4"])
    assert statuses(lifecycle) == {
        "A": pa.STATUS_RETURNING, "B": pa.STATUS_ELSEWHERE, "C": pa.STATUS_ELSEWHERE,
        "D": pa.STATUS_LAPSED, "E": pa.STATUS_ELSEWHERE,
    }  # fmt: skip
    in_selection = lifecycle.partners.set_index(schema.PARTNER)[pa.IN_SELECTION].to_dict()
    assert in_selection == {"A": 1, "B": 0, "C": 0, "D": 0, "E": 0}


def test_lifecycle_per_year_counts_new_returning_and_lapsed() -> None:
    """2021: 4 new; 2022: C back, A, B and D lapsed; 2023: E new, A and B back.

    A and B lapse on 1 Jun 2022 (twelve months after 1 Jun 2021); C's next silence would end
    on 5 May 2023, the data's last day, so it has not lapsed.
    """
    events, attendance = lifecycle_events(), lifecycle_partners()
    per_year = pa.partner_lifecycle(events, attendance, []).per_year
    assert per_year.to_dict("list") == {
        pa.YEAR: [2021, 2022, 2023],
        pa.STATUS_NEW: [4, 0, 1],
        pa.STATUS_RETURNING: [0, 1, 2],
        pa.STATUS_LAPSED: [0, 3, 0],
    }
    figure = pa.lifecycle_figure(per_year)
    assert [t.name for t in figure.data] == [pa.STATUS_NEW, pa.STATUS_RETURNING, pa.STATUS_LAPSED]
    assert list(figure.data[2].y) == [0, 3, 0]


def test_lapsed_list_for_download() -> None:
    """The lapsed list has D with its last event and pillars, under user-facing labels."""
    events, attendance = lifecycle_events(), lifecycle_partners()
    lapsed = pa.partner_lifecycle(events, attendance, events[schema.ID].tolist()).lapsed()
    assert list(lapsed.columns) == [
        pa.LABEL_PARTNER, pa.LABEL_KIND, pa.LABEL_FIRST, pa.LABEL_LAST_SEEN,
        pa.LABEL_LAST_TITLE, pa.LABEL_EVENTS_EVER, pa.LABEL_PILLARS,
    ]  # fmt: skip
    assert lapsed.iloc[0].tolist() == [
        "D", "Kind one", dt.date(2021, 3, 1), dt.date(2021, 3, 1), "First", 1, "WBCTi",
    ]  # fmt: skip


def test_lifecycle_of_no_events() -> None:
    """No events: no statuses, no years, a figure that says so."""
    events = lifecycle_events().iloc[0:0]
    lifecycle = pa.partner_lifecycle(events, lifecycle_partners().iloc[0:0], [])
    assert lifecycle.as_of is None and lifecycle.partners.empty and lifecycle.per_year.empty
    assert lifecycle.lapsed().empty
    assert pa.status_counts(lifecycle) == dict.fromkeys(pa.STATUSES, 0)
    assert len(pa.lifecycle_figure(lifecycle.per_year).data) == 0


# -- comparison ---------------------------------------------------------------------------------


def test_compare_two_partners() -> None:
    """A and B: two events each in 2021, one each in 2023; they shared e1 and e2."""
    events = inline_events().assign(
        **{
            schema.TITLE: ["One", "Two", "Three", "Four"],
            schema.END_DATE: inline_events()[schema.START_DATE],
            schema.CITY: [None] * 4,
            schema.COUNTRY: [None] * 4,
        }
    )
    comparison = pa.compare_partners(
        events, inline_partners(), inline_pillars(), ["A", "B"], PILLARS
    )
    assert comparison.partners == ("A", "B")
    assert comparison.per_year.loc["A"].tolist() == [2, 0, 1]
    assert comparison.per_year.loc["B"].tolist() == [2, 0, 1]
    assert comparison.pillars.loc["A"].tolist() == [2, 0, 1]  # WBCTi, WBCSCi, WBBSi
    assert comparison.pillars.loc["B"].tolist() == [2, 1, 1]
    assert list(comparison.pairs.itertuples(index=False, name=None)) == [("A", "B", 2)]
    assert comparison.together["Title"].tolist() == ["Two", "One"]
    assert comparison.facts[pa.EVENTS].tolist() == [3, 3]
    figure = pa.comparison_figure(comparison.per_year)
    assert [t.name for t in figure.data] == ["A", "B"]
    assert list(figure.data[0].x) == ["2021", "2022", "2023"]


def test_compare_three_partners_and_at_most_four() -> None:
    """A, B, C: every pair listed (B-C once); only e2 had all three; a fifth name is ignored."""
    events = inline_events().assign(
        **{
            schema.TITLE: ["One", "Two", "Three", "Four"],
            schema.END_DATE: inline_events()[schema.START_DATE],
            schema.CITY: [None] * 4,
            schema.COUNTRY: [None] * 4,
        }
    )
    comparison = pa.compare_partners(
        events, inline_partners(), inline_pillars(), ["C", "A", "B", "X", "Y"], PILLARS
    )
    assert comparison.partners == ("C", "A", "B", "X")
    pairs = {(a, b): n for a, b, n in comparison.pairs.itertuples(index=False, name=None)}
    assert pairs[("C", "A")] == 2 and pairs[("C", "B")] == 1 and pairs[("A", "B")] == 2
    assert pairs[("C", "X")] == 0
    assert comparison.together.empty  # X attended nothing
    three = pa.compare_partners(
        events, inline_partners(), inline_pillars(), ["C", "A", "B"], PILLARS
    )
    assert three.together["Title"].tolist() == ["Two"]


def test_lifecycle_reference_day_is_the_datas_last_event_even_without_partners() -> None:
    """A later event that no partner attended moves the reference day: C lapses."""
    events = pd.concat(
        [
            lifecycle_events(),
            lifecycle_events()
            .iloc[[0]]
            .assign(
                **{
                    schema.ID: "l6",
                    schema.START_DATE: pd.Timestamp("2023-09-01"),
                    schema.END_DATE: pd.Timestamp("2023-09-01"),
                    schema.YEAR: 2023,
                }
            ),
        ],
        ignore_index=True,
    )
    lifecycle = pa.partner_lifecycle(events, lifecycle_partners(), events[schema.ID].tolist())
    assert lifecycle.as_of == pd.Timestamp("2023-09-01")
    assert statuses(lifecycle)["C"] == pa.STATUS_LAPSED
    # C's silence after 5 May 2022 ran out on 5 May 2023, before the data's end: lapsed in 2023.
    assert lifecycle.per_year.set_index(pa.YEAR)[pa.STATUS_LAPSED].to_dict() == {
        2021: 0,
        2022: 3,
        2023: 1,
    }


# -- Western Balkan partners --------------------------------------------------------------------

WB_KIND = schema.PARTNER_KINDS["wb_partner"]
NATIONAL = schema.PARTNER_KINDS["national_institution"]
COMPANY = schema.PARTNER_KINDS["company"]


# Five events by hand:
#   w1 in Tirana (Albania)      partners: Albania, ARK IT (company, Albania)
#   w2 in Podgorica (Montenegro) partners: Western Balkans Partners, MoI Serbia
#   w3 in Skopje (North Macedonia) partners: Western Balkans Partners, MoI Serbia, Serbia
#   w4 in Vienna (Austria)      partners: ARK IT only
#   w5 in Tirana, not counted (not among the events passed in): Albania, WB group
def wb_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            schema.ID: ["w1", "w2", "w3", "w4"],
            schema.COUNTRY: ["Albania", "Montenegro", "North Macedonia", "Austria"],
        }
    )


def wb_partners() -> pd.DataFrame:
    rows = [
        ("w1", "Albania", WB_KIND, "Albania"),
        ("w1", "ARK IT", COMPANY, "Albania"),
        ("w2", schema.WB_GROUP, GROUP, None),
        ("w2", "Ministry of Interior of Serbia", NATIONAL, "Serbia"),
        ("w3", schema.WB_GROUP, GROUP, None),
        ("w3", "Ministry of Interior of Serbia", NATIONAL, "Serbia"),
        ("w3", "Serbia", WB_KIND, "Serbia"),
        ("w4", "ARK IT", COMPANY, "Albania"),
        ("w5", "Albania", WB_KIND, "Albania"),
        ("w5", schema.WB_GROUP, GROUP, None),
    ]
    columns = [schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY]
    return pd.DataFrame(rows, columns=columns).astype("string")


def test_wb_participation_counts_hosted_own_and_group_apart() -> None:
    """Each of the six gets hosted, own-institution and group counts counted by hand."""
    table = pa.western_balkan_participation(wb_events(), wb_partners()).set_index(pa.WB_PARTNER)
    assert list(table.index) == [
        "Albania",
        "Bosnia and Herzegovina",
        "Kosovo*",
        "Montenegro",
        "North Macedonia",
        "Serbia",
    ]
    assert table[pa.WB_HOSTED].tolist() == [1, 0, 0, 1, 1, 0]
    assert table[pa.WB_OWN].tolist() == [1, 0, 0, 0, 0, 2]
    # The group entry names w2 and w3: two events for each of the six, never split.
    assert table[pa.WB_VIA_GROUP].tolist() == [2] * 6
    # Serbia: w2 and w3 through its ministry and the group, each event once.
    assert table[pa.WB_EITHER].tolist() == [3, 2, 2, 2, 2, 2]


def test_wb_participation_never_counts_a_company() -> None:
    """ARK IT (a company of Albania) is listed as not counted; Albania's own count is w1 alone."""
    table = pa.western_balkan_participation(wb_events(), wb_partners()).set_index(pa.WB_PARTNER)
    assert table.at["Albania", pa.WB_BODIES] == "Albania (1)"
    assert table.at["Albania", pa.WB_NOT_COUNTED] == "ARK IT (2)"
    assert table.at["Serbia", pa.WB_BODIES] == "Ministry of Interior of Serbia (2), Serbia (1)"
    only_company = wb_events()[wb_events()[schema.ID] == "w4"]
    alone = pa.western_balkan_participation(only_company, wb_partners())
    assert alone[pa.WB_OWN].sum() == 0
    assert alone[pa.WB_EITHER].sum() == 0


def test_wb_bodies_list_each_partner_once_per_event_most_events_first() -> None:
    """Repeated rows and unnamed rows do not count; names of equal counts go by name, any case."""
    rows = [
        ("w1", "Serbia", WB_KIND, "Serbia"),
        ("w1", "Serbia", WB_KIND, "Serbia"),
        ("w2", "police of Serbia", NATIONAL, "Serbia"),
        ("w3", "Ministry of Interior of Serbia", NATIONAL, "Serbia"),
        ("w3", "Serbia", WB_KIND, "Serbia"),
        ("w4", None, NATIONAL, "Serbia"),
    ]
    columns = [schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY]
    table = pa.western_balkan_participation(
        wb_events(), pd.DataFrame(rows, columns=columns).astype("string")
    ).set_index(pa.WB_PARTNER)
    assert table.at["Serbia", pa.WB_BODIES] == (
        "Serbia (2), Ministry of Interior of Serbia (1), police of Serbia (1)"
    )
    # w1 to w4: the unnamed row still marks w4 as an event of Serbia's own institutions.
    assert table.at["Serbia", pa.WB_OWN] == 4
    assert table.at["Serbia", pa.WB_VIA_GROUP] == 0


def test_wb_participation_of_no_events_is_six_rows_of_zeros() -> None:
    """With no events every count is 0 and the six partners are still listed."""
    table = pa.western_balkan_participation(wb_events().iloc[0:0], wb_partners())
    assert len(table) == 6
    assert table[[pa.WB_HOSTED, pa.WB_OWN, pa.WB_VIA_GROUP, pa.WB_EITHER]].sum().sum() == 0
    assert table[pa.WB_BODIES].tolist() == [""] * 6


def test_wb_figure_shows_own_institutions_group_and_hosted_side_by_side() -> None:
    """Three bars a partner: Serbia's own 2, every partner 2 through the group, Albania hosts 1."""
    table = pa.western_balkan_participation(wb_events(), wb_partners())
    figure = pa.wb_participation_figure(table)
    bars = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in figure.data}
    assert list(bars) == [
        "Own institutions",
        "Group entry",
        "Hosted",
    ]
    assert bars["Own institutions"]["Serbia"] == 2
    assert bars["Own institutions"]["Albania"] == 1
    assert set(bars["Group entry"].values()) == {2}
    assert bars["Hosted"]["Albania"] == 1
    assert "Kosovo*" in bars["Hosted"]


def test_wb_figure_of_no_events_says_so() -> None:
    """No events: a figure with a message, no bars."""
    table = pa.western_balkan_participation(wb_events().iloc[0:0], wb_partners())
    figure = pa.wb_participation_figure(table)
    assert len(figure.data) == 0
    assert "No matching event" in figure.layout.annotations[0].text


def test_long_names_are_cut_beside_the_axis_but_kept_in_the_data() -> None:
    """A 57-character name is written in 30 characters beside the bars and the heatmap rows;
    the bar's category, its click target and the chart's numbers keep the whole name."""
    long_name = "Countering Serious Crime in the Western Balkans (project)"
    rows = pd.DataFrame(
        {
            schema.EVENT_ID: ["e1", "e1", "e2"],
            schema.PARTNER: [long_name, "A & B", long_name],
            schema.PARTNER_KIND: ["Kind one", "Kind one", "Kind one"],
        }
    ).astype("string")
    rows[schema.PARTNER_COUNTRY] = pd.NA
    ranking = pa.rank_partners(rows)
    figure = pa.ranking_figure(ranking, pa.kind_colours())
    axis = figure.layout.yaxis
    labels = dict(zip(axis.tickvals, axis.ticktext, strict=True))
    assert labels[long_name] == long_name[:29] + "…" and len(labels[long_name]) == 30
    assert labels["A &amp; B"] == "A &amp; B"  # escaped once, never cut inside "&amp;"
    assert [point[0] for point in figure.data[0].customdata] == [long_name, "A & B"]
    assert long_name in charts_table_names(figure)
    heatmap = pa.year_heatmap(pa.year_counts(inline_events(), rows, [long_name, "A & B"]))
    assert heatmap.layout.yaxis.ticktext[0] == long_name[:29] + "…"


def charts_table_names(figure: go.Figure) -> list[str]:
    from analytics.chart_data import figure_table

    return [str(name) for name in figure_table(figure).iloc[:, 0]]
