"""Tests of analytics.page_models.partners: the Partners page's model, computed lazily.

Expected values are read off tests/data/small_events.yaml by hand:
    2022-06-09 WBCSCi               Western Balkans Partners, Italy
    2022-06-20 WBCTi WBCSCi WBBSi   Western Balkans Partners, DG NEAR, Austria
    2023-03-03 WBCTi                DG Near (an alias of DG NEAR), USA (United States)
    2023-10-17 (no pillar)          no partners
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import Dataset, filters, load_dataset
from analytics import partners as pa
from analytics.page_models.partners import PartnersPage

SMALL = Path(__file__).resolve().parents[1] / "data" / "small_events.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def model_for(dataset: Dataset, requested: str | None = None) -> PartnersPage:
    everything = filters.EventFilter()
    events = filters.apply(dataset.events, everything, dataset.event_partners)
    return PartnersPage(
        dataset,
        events,
        filters.apply_to_table(dataset.event_partners, events),
        filters.apply_to_table(dataset.event_pillars, events),
        everything,
        requested,
    )


def test_the_model_computes_nothing_until_a_section_is_read(
    small: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the model ranks nobody: a closed tab costs nothing."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("computed too early")

    monkeypatch.setattr(pa, "rank_partners", refuse)
    model = model_for(small, "Italy")
    with pytest.raises(AssertionError, match="too early"):
        _ = model.everyone


def test_a_section_is_computed_once_per_model(small: Dataset) -> None:
    model = model_for(small)
    assert model.lifecycle is model.lifecycle
    assert model.western_balkans is model.western_balkans


@pytest.mark.parametrize(
    ("requested", "expected"),
    [("DG NEAR", "DG NEAR"), ("dg near", "DG NEAR"), ("DG Near", "DG NEAR"), ("Nowhere", None)],
)
def test_the_address_names_a_profile_by_name_alias_or_case(
    small: Dataset, requested: str, expected: str | None
) -> None:
    assert model_for(small, requested).profile_name == expected


def test_no_profile_without_a_request(small: Dataset) -> None:
    model = model_for(small)
    assert model.profile_name is None and model.profile is None


def test_ranking_cut_to_the_partners_shown(small: Dataset) -> None:
    """Five partners; DG NEAR and the group entry attended two events each, first by name."""
    ranked = model_for(small).ranked((), 2)
    assert ranked.names == ["DG NEAR", "Western Balkans Partners"]
    assert len(ranked.every) == 5 and len(ranked.shown) == 2


def test_network_of_the_partners_shown(small: Dataset) -> None:
    """Pairs at the same event: WB-Italy; WB-DG NEAR, WB-Austria, DG NEAR-Austria; DG NEAR-US."""
    model = model_for(small)
    network = model.network(model.ranked((), 20), 1)
    pairs = {
        frozenset((str(a), str(b)))
        for a, b in zip(network.links[pa.PARTNER_A], network.links[pa.PARTNER_B], strict=True)
    }
    assert pairs == {
        frozenset(pair)
        for pair in [
            ("Western Balkans Partners", "Italy"),
            ("Western Balkans Partners", "DG NEAR"),
            ("Western Balkans Partners", "Austria"),
            ("DG NEAR", "Austria"),
            ("DG NEAR", "United States"),
        ]
    }
    assert network.scope == "among the 5 partners shown"


def test_network_around_an_open_profile(small: Dataset) -> None:
    """DG NEAR met the group entry, Austria and the United States once each; its ego network
    also links the two of them that met each other (Austria and the group, at the board)."""
    model = model_for(small, "DG NEAR")
    network = model.network(model.ranked((), 20), 1)
    assert len(network.links) == 4 and network.scope == "around DG NEAR"
    assert len(network.nodes) == 4  # DG NEAR and the three it met; Italy is not in it
    profile = model.profile
    assert profile is not None and profile.events == 2
    table, names = model.met_most(profile)
    assert sorted(names) == ["Austria", "United States", "Western Balkans Partners"]
    assert len(table) == 3
