"""Tests of analytics.partners: ranking, pillar and year counts, co-participation, profiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics import Dataset, charts, load_dataset, schema
from analytics import partners as pa

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


def test_circle_layout_is_deterministic_and_grouped_by_kind() -> None:
    """The same partners get the same places whatever their order; the busiest is on top."""
    nodes = pa.rank_partners(inline_partners())
    layout = pa.circle_layout(nodes)
    shuffled = pa.circle_layout(nodes.iloc[::-1])
    assert layout == shuffled
    # Kind one (A) comes first: at the top of the circle.
    assert layout["A"] == pytest.approx((0.0, 1.0), abs=1e-9)
    for x, y in layout.values():
        assert x * x + y * y == pytest.approx(1.0)


def test_network_figure_sizes_nodes_and_widens_strong_links() -> None:
    """Dots carry the partner name and grow with events; a 2-event link is thicker."""
    nodes = pa.rank_partners(inline_partners())
    edges = pa.co_participation(inline_partners())
    colours = {"Kind one": "#0072B2", "Kind two": "#E69F00"}
    figure = pa.network_figure(nodes, edges, colours)
    lines = [t for t in figure.data if t.mode == "lines"]
    widths = {t.name: t.line.width for t in lines}
    assert widths["2 shared events"] > widths["1 shared events"]
    # Two links of weight 2: two segments, each ending with a gap.
    strong = next(t for t in lines if t.name == "2 shared events")
    assert len(strong.x) == 6 and strong.x[2] is None
    nodes_by_kind = {t.name: t for t in figure.data if t.mode == "markers+text"}
    assert set(nodes_by_kind) == {"Kind one", "Kind two"}
    kind_two = nodes_by_kind["Kind two"]
    assert [row[0] for row in kind_two.customdata] == ["B", "C"]
    assert kind_two.marker.color == "#E69F00"
    sizes = list(kind_two.marker.size)
    assert sizes[0] > sizes[1]  # B: 3 events, C: 2
    middles = next(t for t in figure.data if t.mode == "markers" and t.hovertext is not None)
    assert "A – B: 2 shared events" in middles.hovertext
    assert "B – C: 1 shared event" in middles.hovertext


def test_network_shortens_long_names_beside_dots_but_not_in_hover() -> None:
    """A 57-character name is cut with an ellipsis on the canvas; hovering shows it whole."""
    long_name = "Countering Serious Crime in the Western Balkans (project)"
    attendance = inline_partners().replace({schema.PARTNER: {"C": long_name}})
    nodes = pa.rank_partners(attendance)
    figure = pa.network_figure(nodes, pa.co_participation(attendance), pa.kind_colours())
    dots = next(t for t in figure.data if t.name == "Kind two")
    assert list(dots.hovertext) == ["B", long_name]
    assert dots.text[1] == "Countering Serious Crime in the…"
    assert len(dots.text[1]) == pa.NETWORK_LABEL_CHARS


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
        pa.rank_partners(empty_partners()), pa.co_participation(empty_partners()), {}
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


def test_wb_participation_of_no_events_is_six_rows_of_zeros() -> None:
    """With no events every count is 0 and the six partners are still listed."""
    table = pa.western_balkan_participation(wb_events().iloc[0:0], wb_partners())
    assert len(table) == 6
    assert table[[pa.WB_HOSTED, pa.WB_OWN, pa.WB_VIA_GROUP, pa.WB_EITHER]].sum().sum() == 0
    assert table[pa.WB_BODIES].tolist() == [""] * 6
