"""App tests of the overview page (dashboard.py) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import BUNDLED, SMALL, RunPage, metrics, plotly_specs, raw_events

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
    table = app.dataframe[0].value
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


def test_overview_trend_counts_events_per_year(run_page: RunPage) -> None:
    """The small trend shows the fixture's events per year: 2 in 2022, 2 in 2023."""
    app = run_page(PAGE, SMALL)
    spec = plotly_specs(app)[0]
    bars = spec["data"][0]
    assert bars["x"] == ["2022", "2023"]
    assert bars["y"] == [2, 2]
