"""Tests of analytics.partners: two to four partners side by side."""

from __future__ import annotations

from analytics import partners as pa
from analytics import schema
from tests.partners.fixtures import PILLARS, inline_events, inline_partners, inline_pillars


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
