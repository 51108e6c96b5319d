"""Tests of analytics.partners: one partner's profile and finding a partner by name."""

from __future__ import annotations

import pandas as pd

from analytics import Dataset, charts, schema
from analytics import partners as pa
from tests.partners.fixtures import (
    EU_BODY,
    GROUP,
    MEMBER_STATE,
    PILLARS,
    THIRD_COUNTRY,
    empty_partners,
)


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
