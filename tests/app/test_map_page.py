"""App tests of the Map of host cities page (pages/4_map.py) with Streamlit's AppTest."""

from __future__ import annotations

from analytics import geomap
from tests.app.conftest import BUNDLED, SMALL, RunPage, metrics, plotly_specs, raw_events
from ui.filters import KEY_TEXT

PAGE = "pages/4_map.py"


def test_bundled_data_map_counts_equal_the_raw_file(run_page: RunPage) -> None:
    """Host cities, events without a city and the bubbles match counts made from the YAML."""
    raw = raw_events(BUNDLED)
    cities = {(e["city"], e.get("country")) for e in raw if e.get("city")}
    no_city = [e for e in raw if not e.get("city")]
    online = sum(1 for e in no_city if e.get("format") == "online")
    not_stated = sum(1 for e in no_city if not e.get("format"))
    app = run_page(PAGE, BUNDLED)
    shown = metrics(app)
    assert shown["Host cities"] == str(len(cities))
    assert shown["Events with a host city"] == str(len(raw) - len(no_city))
    assert any(
        md.value.startswith(
            f"{len(no_city)} events have no host city: {online} online, {not_stated} not stated"
        )
        for md in app.markdown
    )
    spec = plotly_specs(app)[0]
    bubbles = [t for t in spec["data"] if t.get("mode") == "markers"]
    assert {t["type"] for t in spec["data"]} == {"scattergeo"}
    assert sum(len(t["customdata"]) for t in bubbles) == len(cities)
    assert sum(sum(t["marker"]["size"]) for t in bubbles) == len(raw) - len(no_city)
    assert spec["layout"]["geo"]["scope"] == "europe"
    assert app.dataframe[-1].value["Events"].sum() == len(raw) - len(no_city)
    assert any("UNSCR 1244/1999" in caption.value for caption in app.caption)


def test_choosing_a_city_lists_its_events(run_page: RunPage) -> None:
    """Choosing Pristina in the city selector lists its one fixture event."""
    app = run_page(PAGE, SMALL)
    assert metrics(app)["Host cities"] == "3"
    app.selectbox(key="map_city").set_value(geomap.city_id("Pristina", "Kosovo")).run()
    assert not app.exception
    assert "**Pristina, Kosovo\\***: 1 matching event" in [md.value for md in app.markdown]
    listed = [df.value for df in app.dataframe if "Title" in df.value.columns]
    assert any(
        table["Title"].tolist() == ["Regional Pillar Support Group Meeting – WBCTi"]
        for table in listed
    )


def test_one_bubble_per_pillar_group_mode(run_page: RunPage) -> None:
    """Switching the colour mode gives Sarajevo's cross-cutting event its own bubble."""
    app = run_page(PAGE, SMALL)
    app.radio(key="map_colour").set_value(geomap.COLOUR_PER_GROUP).run()
    assert not app.exception
    spec = plotly_specs(app)[0]
    groups = {t.get("legendgroup") for t in spec["data"] if t.get("mode") == "markers"}
    assert groups == {"WBCTi", "WBCSCi", "Cross-cutting"}


def test_a_filter_matching_nothing_shows_the_empty_state(run_page: RunPage) -> None:
    """No matching event: a message, no map, no exception."""
    app = run_page(PAGE, SMALL)
    app.text_input(key=KEY_TEXT).input("zzzz-no-match").run()
    assert not app.exception
    assert any("No events match" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_2023_map_colours_no_city_cross_cutting_or_grey_against_its_events(
    run_page: RunPage,
) -> None:
    """Period 2023: a city is drawn cross-cutting only if a multi-pillar event took place there,
    and grey only if none of its events named a pillar (counted from the YAML)."""
    raw = [
        e
        for e in raw_events(BUNDLED)
        if str(e["start_date"]) <= "2023-12-31"
        and str(e.get("end_date") or e["start_date"]) >= "2023-01-01"
        and e.get("city")
    ]
    multi = {e["city"] for e in raw if len(e.get("pillars") or []) > 1}
    named = {e["city"] for e in raw if e.get("pillars")}
    app = run_page(PAGE, BUNDLED, query={"period": "2023"})
    spec = plotly_specs(app)[0]
    drawn = {
        row[1]: trace["legendgroup"]
        for trace in spec["data"]
        if trace.get("mode") == "markers"
        for row in trace["customdata"]
    }
    assert set(drawn) == {e["city"] for e in raw}
    assert {city for city, group in drawn.items() if group == "Cross-cutting"} <= multi
    assert not {city for city, group in drawn.items() if group == "No pillar"} & named
    assert (drawn["Budva"], drawn["Skopje"]) == ("WBCTi", "WBBSi")
    assert drawn["Tirana"] == geomap.MIXED_PILLARS
    assert spec["layout"]["legend"]["title"]["text"].replace("<br>", " ") == geomap.DOMINANT_RULE
