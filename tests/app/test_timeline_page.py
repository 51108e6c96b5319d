"""App tests of the Timeline page (pages/1_timeline.py) with Streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "small_events.yaml"
BUNDLED = ROOT / "data" / "events.yaml"
PAGE = "pages/1_timeline.py"


def run_page(monkeypatch: pytest.MonkeyPatch, events_file: Path) -> AppTest:
    """Run the page on an events file and check that it did not raise.

    The app starts from its entry point and switches to the page, as a user arrives there: the
    shared navigation links to dashboard.py, which resolves only from the entry point.
    """
    monkeypatch.setenv("EVENTS_FILE", str(events_file))
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def charts(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def event_ids_in(chart: dict[str, Any]) -> list[str]:
    return [
        point[0]
        for trace in chart["data"]
        if trace["type"] == "bar"
        for point in trace["customdata"]
    ]


def markdown(app: AppTest) -> str:
    return "\n".join(element.value for element in app.markdown)


def test_timeline_shows_every_bundled_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the bundled data the timeline has one bar per event, each with its id."""
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["events"]
    app = run_page(monkeypatch, BUNDLED)
    timeline_chart, activity = charts(app)
    assert sorted(event_ids_in(timeline_chart)) == sorted(event["id"] for event in raw)
    # Quarter by default: the bars add up to every event.
    bars = activity["data"][0]
    assert sum(bars["y"]) == len(raw)
    assert len(app.selectbox(key="timeline_event").options) == len(raw)


def test_timeline_on_the_small_fixture_per_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switching to years shows 2 events in 2022 and 2 in 2023, with 2022's count for 2023's year before."""
    app = run_page(monkeypatch, SMALL)
    app.segmented_control(key="timeline_granularity").set_value("Year").run()
    assert not app.exception
    activity = charts(app)[1]
    bars, line = activity["data"]
    assert bars["x"] == ["2022", "2023"]
    assert bars["y"] == [2, 2]
    assert line["y"] == [0, 2]
    assert line["name"] == "Previous year"


def test_choosing_an_event_shows_its_details(monkeypatch: pytest.MonkeyPatch) -> None:
    """Picking the Pristina event shows its dates, Kosovo*, partners and a link to its source."""
    app = run_page(monkeypatch, SMALL)
    assert any("No event chosen" in info.value for info in app.info)
    app.selectbox(key="timeline_event").set_value("2023-03-03-pristina-rsg-wbcti").run()
    assert not app.exception
    text = markdown(app)
    assert "3–5 Mar 2023 \\(3 days\\)" in text
    assert "Pristina, Kosovo\\*" in text
    assert "DG NEAR; United States" in text
    assert "(<https://example.org/event>)" in text


def test_a_plain_text_source_is_not_a_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """The online meeting's source "test fixture" is shown as text, with no link."""
    app = run_page(monkeypatch, SMALL)
    app.selectbox(key="timeline_event").set_value("2023-10-17-online-database").run()
    source = [md.value for md in app.markdown if md.value.startswith("**Source:**")]
    assert source == ["**Source:** test fixture"]


def test_no_matching_event_shows_the_empty_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search that matches nothing shows the empty state and no chart."""
    app = run_page(monkeypatch, SMALL)
    app.text_input(key="filter_text").input("zzzz-no-match").run()
    assert not app.exception
    assert not app.get("plotly_chart")
    assert any("No events match" in info.value for info in app.info)


def test_a_filter_narrows_the_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Filtering to Kosovo leaves only the Pristina event on the timeline and in the picker."""
    app = run_page(monkeypatch, SMALL)
    app.multiselect(key="filter_countries").set_value(["Kosovo"]).run()
    assert not app.exception
    assert event_ids_in(charts(app)[0]) == ["2023-03-03-pristina-rsg-wbcti"]
    assert app.selectbox(key="timeline_event").options == [
        "3–5 Mar 2023 · Regional Pillar Support Group Meeting – WBCTi"
    ]


def test_a_dataset_without_events(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A file with no events says the dataset is empty instead of failing."""
    empty = tmp_path / "events.yaml"
    empty.write_text("events: []\n", encoding="utf-8")
    app = run_page(monkeypatch, empty)
    assert any("no events yet" in info.value for info in app.info)
    assert not app.get("plotly_chart")
