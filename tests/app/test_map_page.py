"""App tests of the Map of host cities page (pages/4_map.py) with Streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from analytics import geomap
from ui.filters import KEY_TEXT

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/4_map.py"
BUNDLED = ROOT / "data" / "events.yaml"
SMALL = ROOT / "tests" / "data" / "small_events.yaml"


def open_page(monkeypatch: pytest.MonkeyPatch, events_file: Path) -> AppTest:
    """Run the map page on an events file, through the app's entry script as a user would."""
    monkeypatch.setenv("EVENTS_FILE", str(events_file))
    monkeypatch.chdir(ROOT)
    # From the entry script: the sidebar's page links need the multipage app around the page.
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def map_spec(app: AppTest) -> dict:
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def test_bundled_data_map_counts_equal_the_raw_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Host cities, events without a city and the bubbles match counts made from the YAML."""
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["events"]
    cities = {(e["city"], e.get("country")) for e in raw if e.get("city")}
    no_city = [e for e in raw if not e.get("city")]
    online = sum(1 for e in no_city if e.get("format") == "online")
    not_stated = sum(1 for e in no_city if not e.get("format"))
    app = open_page(monkeypatch, BUNDLED)
    shown = metrics(app)
    assert shown["Host cities"] == str(len(cities))
    assert shown["Events with a host city"] == str(len(raw) - len(no_city))
    assert any(
        md.value.startswith(
            f"{len(no_city)} events have no host city: {online} online, {not_stated} not stated"
        )
        for md in app.markdown
    )
    spec = map_spec(app)
    bubbles = [t for t in spec["data"] if t.get("mode") == "markers"]
    assert {t["type"] for t in spec["data"]} == {"scattergeo"}
    assert sum(len(t["customdata"]) for t in bubbles) == len(cities)
    assert sum(sum(t["marker"]["size"]) for t in bubbles) == len(raw) - len(no_city)
    assert spec["layout"]["geo"]["scope"] == "europe"
    assert app.dataframe[-1].value["Events"].sum() == len(raw) - len(no_city)
    assert any("UNSCR 1244/1999" in caption.value for caption in app.caption)


def test_choosing_a_city_lists_its_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing Pristina in the city selector lists its one fixture event."""
    app = open_page(monkeypatch, SMALL)
    assert metrics(app)["Host cities"] == "3"
    app.selectbox(key="map_city").set_value(geomap.city_id("Pristina", "Kosovo")).run()
    assert not app.exception
    assert "**Pristina, Kosovo\\***: 1 matching event" in [md.value for md in app.markdown]
    listed = [df.value for df in app.dataframe if "Title" in df.value.columns]
    assert any(
        table["Title"].tolist() == ["Regional Pillar Support Group Meeting – WBCTi"]
        for table in listed
    )


def test_one_bubble_per_pillar_group_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switching the colour mode gives Sarajevo's cross-cutting event its own bubble."""
    app = open_page(monkeypatch, SMALL)
    app.radio(key="map_colour").set_value(geomap.COLOUR_PER_GROUP).run()
    assert not app.exception
    spec = map_spec(app)
    groups = {t.get("legendgroup") for t in spec["data"] if t.get("mode") == "markers"}
    assert groups == {"WBCTi", "WBCSCi", "Cross-cutting"}


def test_a_filter_matching_nothing_shows_the_empty_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """No matching event: a message, no map, no exception."""
    app = open_page(monkeypatch, SMALL)
    app.text_input(key=KEY_TEXT).input("zzzz-no-match").run()
    assert not app.exception
    assert any("No events match" in info.value for info in app.info)
    assert not app.get("plotly_chart")
