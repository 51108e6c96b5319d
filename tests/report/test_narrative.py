"""Tests of the report's narrative and source caveats against the raw YAML and its own tables."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pandas as pd
import pytest

from analytics import periods
from analytics.filters import EventFilter
from analytics.report import build, model
from analytics.report import narrative as report_narrative
from tests.report.shared import NOW, in_period, raw_events

YEAR_2023 = periods.calendar_year(2023)
OTHER_PILLARS = ("WBCSCi", "WBBSi")


@pytest.fixture(scope="module")
def year_2023(bundled: Any) -> model.ReportData:
    return build.build_report(bundled, YEAR_2023, now=NOW)


def table_numbers(data: model.ReportData) -> set[int]:
    """Every whole number written in any cell of the report's tables (text cells included)."""
    tables = [
        data.headline_table(),
        data.pillar_table,
        data.group_table,
        data.wb_table,
        data.kind_table,
        data.partner_table,
        data.places_table,
        data.about_table(),
    ]
    numbers: set[int] = set()
    for table in tables:
        for value in table.to_numpy().ravel():
            numbers.update(int(n) for n in re.findall(r"\d+", str(value)))
    return numbers


def narrative_numbers(data: model.ReportData) -> list[int]:
    """The numbers of the narrative, leaving out the dates of the period and the previous one."""
    text = data.narrative_text
    for period in (data.period, data.previous_period):
        text = text.replace(periods.long_date(period.start), "").replace(
            periods.long_date(period.end), ""
        )
        text = text.replace(period.dates_text, "")
    text = re.sub(r"\b(WBCTi|WBCSCi|WBBSi)\b", "", text)
    return [int(n) for n in re.findall(r"\d+", text)]


@pytest.mark.parametrize(
    ("period", "event_filter"),
    [
        ("2023", None),
        ("2019", None),
        ("2023-H1", None),
        ("2023", EventFilter(pillars=("WBCTi",))),
        ("2023", EventFilter(countries=("Albania",))),
        ("2021", EventFilter(pillars=("WBCSCi",))),
    ],
)
def test_every_number_of_the_narrative_is_in_the_reports_tables(
    bundled: Any, period: str, event_filter: EventFilter | None
) -> None:
    """Each number the text states can be found in one of the same report's tables."""
    data = build.build_report(bundled, periods.parse_period(period), event_filter, now=NOW)
    numbers = narrative_numbers(data)
    assert numbers, data.narrative_text
    assert set(numbers) <= table_numbers(data), data.narrative_text


def test_2023_narrative_counts_from_the_yaml(year_2023: model.ReportData) -> None:
    """2023: events, days, partners and ties, each counted here from events.yaml."""
    chosen = [e for e in raw_events() if in_period(e, YEAR_2023)]
    days = sum(((e.get("end_date") or e["start_date"]) - e["start_date"]).days + 1 for e in chosen)
    text = year_2023.narrative_text
    assert f"records {len(chosen)} events of the IISG, with {days} days of meetings" in text
    per_partner = Counter(p for e in chosen for p in set(e.get("partners") or []))
    assert per_partner["DG NEAR"] == 5
    assert [p for p, n in per_partner.items() if n == 2 and p != "ARK IT"] and all(
        per_partner[p] == 2 for p in ("Austria", "GIZ", "Greece", "Italy")
    )
    # Ties are named, not cut after the third name.
    assert "DG NEAR (5 events), then Austria, GIZ, Greece and Italy with 2 each" in text
    headings = [p.heading for p in year_2023.narrative]
    assert headings == ["Activity", "Pillars", "Partners", "Places"]


def test_2023_report_states_and_lists_its_caveats(year_2023: model.ReportData) -> None:
    """All 12 events of 2023 carry caveats: stated, counted apart from data problems, listed."""
    chosen = [e for e in raw_events() if in_period(e, YEAR_2023)]
    with_caveats = [e for e in chosen if e.get("caveats")]
    assert year_2023.caveated_events == len(with_caveats) == len(chosen) == 12
    assert f"All {len(chosen)} events carry caveats" in year_2023.narrative_text
    assert len(year_2023.caveat_table) == sum(len(e["caveats"]) for e in with_caveats)
    assert set(year_2023.caveat_table["Caveat"]) == {c for e in with_caveats for c in e["caveats"]}
    about = dict(year_2023.about_table().to_numpy().tolist())
    assert about["Events of the period with source caveats"].startswith(f"12 of {len(chosen)}")
    assert about["Data problems in the file: errors (event left out)"] == "0"
    marks = year_2023.events[model.ANNEX_CAVEATS].tolist()
    assert marks == [f"⚠ {len(e['caveats'])}" for e in sorted(chosen, key=_order)]


def _order(event: dict[str, Any]) -> tuple[dt.date, str]:
    return event["start_date"], event["id"]


def test_partner_counts_over_truncated_sources_say_at_least(year_2023: model.ReportData) -> None:
    """A 2023 source is truncated, so the partners figure reads "at least" in text and table."""
    chosen = [e for e in raw_events() if in_period(e, YEAR_2023)]
    assert any("truncated" in c for e in chosen for c in e.get("caveats") or [])
    assert f"At least {year_2023.kpis.partners} partners were engaged" in year_2023.narrative_text
    notes = year_2023.headline_table().set_index(model.COL_FIGURE)[model.COL_NOTE]
    assert notes[model.KPI_PARTNERS].startswith("At least")
    assert notes[model.KPI_EVENTS] == ""


def test_wbcti_report_counts_no_other_pillar(bundled: Any) -> None:
    """With pillar=WBCTi neither text nor pillar tables name WBCSCi, WBBSi or "no pillar"."""
    data = build.build_report(bundled, YEAR_2023, EventFilter(pillars=("WBCTi",)), now=NOW)
    chosen = [
        e for e in raw_events() if in_period(e, YEAR_2023) and "WBCTi" in (e.get("pillars") or [])
    ]
    text = data.narrative_text
    for other in (*OTHER_PILLARS, "no pillar", "No pillar"):
        assert other not in text
    assert "filters (pillars WBCTi)" in text
    assert f"{len(chosen)} events name WBCTi" in text
    assert data.pillar_table[model.COL_PILLAR].tolist() == ["WBCTi"]
    assert not set(data.group_table[model.COL_GROUP]) & {*OTHER_PILLARS, "No pillar named"}
    # Nothing to say is left out, not written as zero or "none".
    assert not re.search(r"\b0\b|\bnone\b", text, re.IGNORECASE)


def test_ranked_words_names_or_summarises_ties() -> None:
    """Groups of equal counts are kept whole; a long tail of ties is left to the table."""
    pairs = [("A", 5), ("B", 2), ("C", 2), ("D", 2), ("E", 1)]
    assert (
        report_narrative.ranked_words(pairs, "event") == "A (5 events), then B, C and D with 2 each"
    )
    tied = [(name, 3) for name in "ABCDEFGH"]
    assert report_narrative.ranked_words(tied, "event") == "8 partners (3 events each)"
    tail = [("A", 4), *[(name, 1) for name in "BCDEFGHIJ"]]
    assert report_narrative.ranked_words(tail, "event") == "A (4 events)"


def test_places_table_counts_cities_and_events_without_one(year_2023: model.ReportData) -> None:
    """Host cities with their events from the YAML; events without a city in a last row."""
    chosen = [e for e in raw_events() if in_period(e, YEAR_2023)]
    cities = Counter(e["city"] for e in chosen if e.get("city"))
    table = year_2023.places_table
    located = table[table[model.COL_CITY] != model.NO_CITY]
    assert dict(zip(located[model.COL_CITY], located[model.COL_EVENTS], strict=True)) == cities
    unplaced = sum(not e.get("city") for e in chosen)
    assert table[model.COL_EVENTS].sum() == len(chosen)
    assert (table[model.COL_CITY] == model.NO_CITY).sum() == (1 if unplaced else 0)
    assert isinstance(table, pd.DataFrame)
