"""App tests of the overview page (dashboard.py) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "small_events.yaml"


def run_overview(monkeypatch: pytest.MonkeyPatch, events_file: Path) -> AppTest:
    monkeypatch.setenv("EVENTS_FILE", str(events_file))
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_overview_kpis_on_the_small_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's KPIs are the counts written by hand: 4 events, 6 partners, 3 cities."""
    app = run_overview(monkeypatch, SMALL)
    shown = metrics(app)
    assert shown["Events"] == "4"
    # Western Balkans Partners, Italy, DG NEAR, Austria, United States.
    assert shown["Partners engaged"] == "5"
    assert shown["Host cities"] == "3"
    assert shown["Host countries"] == "3"
    assert shown["Days of meetings"] == str(1 + 2 + 3 + 1)
    assert any("9 Jun 2022 – 17 Oct 2023" in md.value for md in app.markdown)


def test_overview_kpis_on_the_bundled_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled dataset's KPIs equal counts computed here from the raw YAML."""
    raw = yaml.safe_load((ROOT / "data" / "events.yaml").read_text(encoding="utf-8"))["events"]
    cities = {(e["city"], e["country"]) for e in raw if e.get("city")}
    countries = {e["country"] for e in raw if e.get("country")}
    app = run_overview(monkeypatch, ROOT / "data" / "events.yaml")
    shown = metrics(app)
    assert shown["Events"] == str(len(raw))
    assert shown["Host cities"] == str(len(cities))
    assert shown["Host countries"] == str(len(countries))
    table = app.dataframe[0].value
    newest = max(raw, key=lambda e: e["start_date"])
    assert table["Title"].iloc[0] == newest["title"]


def test_unreadable_dataset_leaves_the_app_up_with_an_explanation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file that is not YAML shows an error message, not a traceback."""
    broken = tmp_path / "events.yaml"
    broken.write_text("events: [\n  - {id: x\n", encoding="utf-8")
    app = run_overview(monkeypatch, broken)
    assert any("cannot be read" in error.value for error in app.error)
    assert not app.metric


def test_overview_trend_counts_events_per_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small trend shows the fixture's events per year: 2 in 2022, 2 in 2023."""
    import json

    app = run_overview(monkeypatch, SMALL)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    bars = spec["data"][0]
    assert bars["x"] == ["2022", "2023"]
    assert bars["y"] == [2, 2]
