"""App tests of the overview page (dashboard.py) with Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.app.conftest import (
    BUNDLED,
    SMALL,
    RunPage,
    figure_title,
    metrics,
    plotly_specs,
    raw_events,
)

PAGE = "dashboard.py"


def test_overview_kpis_on_the_small_fixture(run_page: RunPage) -> None:
    """The fixture's KPIs are the counts written by hand: 4 events, 6 partners, 3 cities."""
    app = run_page(PAGE, SMALL)
    shown = metrics(app)
    assert shown["Events"] == "4"
    # Western Balkans Partners, Italy, DG NEAR, Austria, United States.
    assert shown["Partners engaged"] == "5"
    assert shown["Host cities"] == "3"
    assert shown["Host countries"] == "3"
    assert shown["Days of meetings"] == str(1 + 2 + 3 + 1)
    assert any("9 Jun 2022 – 17 Oct 2023" in md.value for md in app.markdown)


def test_overview_kpis_on_the_bundled_data(run_page: RunPage) -> None:
    """The bundled dataset's KPIs equal counts computed here from the raw YAML."""
    raw = raw_events(BUNDLED)
    cities = {(e["city"], e["country"]) for e in raw if e.get("city")}
    countries = {e["country"] for e in raw if e.get("country")}
    app = run_page(PAGE, BUNDLED)
    shown = metrics(app)
    assert shown["Events"] == str(len(raw))
    assert shown["Host cities"] == str(len(cities))
    assert shown["Host countries"] == str(len(countries))
    # The latest-events table (the chart's own table of numbers comes first).
    table = next(frame.value for frame in app.dataframe if "Title" in frame.value)
    newest = max(raw, key=lambda e: e["start_date"])
    assert table["Title"].iloc[0] == newest["title"]


def test_unreadable_dataset_leaves_the_app_up_with_an_explanation(
    run_page: RunPage, tmp_path: Path
) -> None:
    """A file that is not YAML shows an error message, not a traceback."""
    broken = tmp_path / "events.yaml"
    broken.write_text("events: [\n  - {id: x\n", encoding="utf-8")
    app = run_page(PAGE, broken)
    assert any("cannot be read" in error.value for error in app.error)
    assert not app.metric


def test_overview_trend_of_the_small_fixture_is_per_month(run_page: RunPage) -> None:
    """The fixture spans Jun 2022 - Oct 2023 (17 months): its trend counts events per month."""
    app = run_page(PAGE, SMALL)
    spec = plotly_specs(app)[0]
    bars = spec["data"][0]
    assert figure_title(spec).startswith("Events per month")
    assert len(bars["x"]) == 17
    assert (bars["x"][0], bars["x"][-1]) == ("Jun 2022", "Oct 2023")
    by_month = dict(zip(bars["x"], bars["y"], strict=True))
    assert (by_month["Jun 2022"], by_month["Mar 2023"], by_month["Oct 2023"]) == (2, 1, 1)
    assert sum(bars["y"]) == 4


def start_days(raw: list[dict[str, Any]]) -> list[dt.date]:
    return [dt.date.fromisoformat(str(e["start_date"])) for e in raw]


def test_overview_trend_of_all_bundled_events_is_per_year(run_page: RunPage) -> None:
    """2017-2023 is more than four years: one bar a year, counts from the YAML."""
    starts = start_days(raw_events(BUNDLED))
    app = run_page(PAGE, BUNDLED)
    spec = plotly_specs(app)[0]
    bars = spec["data"][0]
    assert figure_title(spec) == "Events per year (grey: the previous year)"
    years = range(min(starts).year, max(starts).year + 1)
    assert bars["x"] == [str(year) for year in years]
    assert bars["y"] == [sum(1 for d in starts if d.year == year) for year in years]


def test_overview_trend_of_2023_is_per_month(run_page: RunPage) -> None:
    """Period 2023: twelve monthly bars (not one full-width bar), counts from the YAML."""
    starts = [d for d in start_days(raw_events(BUNDLED)) if d.year == 2023]
    app = run_page(PAGE, BUNDLED, query={"period": "2023"})
    spec = plotly_specs(app)[0]
    bars = spec["data"][0]
    assert figure_title(spec) == ("Events per month (grey: the same month a year earlier)")
    assert bars["x"] == [dt.date(2023, m, 1).strftime("%b 2023") for m in range(1, 13)]
    assert bars["y"] == [sum(1 for d in starts if d.month == m) for m in range(1, 13)]


def test_a_period_after_the_data_says_when_the_data_ends_and_offers_its_latest_months(
    run_page: RunPage,
) -> None:
    """ "This year" lies after the bundled data: the page says when the data ends; the button
    shows the twelve months up to the last event day, kept in the address."""
    raw = raw_events(BUNDLED)
    last = max(dt.date.fromisoformat(str(e.get("end_date") or e["start_date"])) for e in raw)
    assert dt.date.today() > last  # "This year" is after the data only while that holds
    app = run_page(PAGE, BUNDLED, query={"period": "This year"})
    notes = " ".join(info.value for info in app.info)
    assert f"the data ends on {last.day} {last.strftime('%b %Y')}" in notes
    assert not app.get("plotly_chart")
    app.button(key="empty_state_latest").click().run()
    assert not app.exception
    assert app.selectbox(key="filter_period").value == "Latest 12 months of data"
    assert app.query_params["period"] == "Latest 12 months of data"
    first = last.replace(year=last.year - 1) + dt.timedelta(days=1)
    matching = [
        e
        for e in raw
        if str(e["start_date"]) <= last.isoformat()
        and str(e.get("end_date") or e["start_date"]) >= first.isoformat()
    ]
    assert metrics(app)["Events"] == str(len(matching))
    spec = plotly_specs(app)[0]
    assert figure_title(spec).startswith("Events per month")
    assert sum(spec["data"][0]["y"]) == len(matching)
