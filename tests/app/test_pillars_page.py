"""App tests of the Pillars page (pages/2_pillars.py) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import BUNDLED, SMALL, RunPage, figures_by_title, raw_events

PAGE = "pages/2_pillars.py"


def counting_rule_shown(app: AppTest) -> bool:
    return any("once for each pillar it names" in caption.value for caption in app.caption)


def test_pillars_on_the_bundled_data(run_page: RunPage) -> None:
    """Per pillar the counts equal those computed from the raw YAML; shares count each event once."""
    raw = raw_events(BUNDLED)
    app = run_page(PAGE, BUNDLED)
    assert counting_rule_shown(app)
    table = app.dataframe[0].value.set_index("Pillar")
    assert table.loc["All matching events", "Events"] == len(raw)
    for code, label in (
        ("WBCTi", "WBCTi – Counter-terrorism"),
        ("WBCSCi", "WBCSCi – Serious and organised crime"),
        ("WBBSi", "WBBSi – Border security"),
    ):
        assert table.loc[label, "Events"] == sum(code in (e.get("pillars") or []) for e in raw)
    assert table.loc["No pillar named", "Events"] == sum(not e.get("pillars") for e in raw)
    shown = figures_by_title(app)
    donut = shown["Share of events by pillar"]["data"][0]
    assert sum(donut["values"]) == len(raw)
    # The whole record (2017-2023) is counted per year, as the Timeline counts it.
    stacked = shown["Events per pillar and year (counted in the year they start)"]
    mentions = sum(max(1, len(e.get("pillars") or [])) for e in raw)
    assert sum(sum(trace["y"]) for trace in stacked["data"]) == mentions


def test_pillars_on_the_small_fixture_per_year(run_page: RunPage) -> None:
    """Per year on the fixture: 2022 WBCTi 1, WBCSCi 2, WBBSi 1; 2023 WBCTi 1 and one without pillar."""
    app = run_page(PAGE, SMALL)
    app.segmented_control(key="pillars_granularity").set_value("Year").run()
    assert not app.exception
    shown = figures_by_title(app)
    stacked = shown["Events per pillar and year (counted in the year they start)"]
    assert [trace["y"] for trace in stacked["data"]] == [[1, 1], [2, 0], [1, 0], [0, 1]]
    assert stacked["layout"]["barmode"] == "stack"
    donut = shown["Share of events by pillar"]["data"][0]
    assert donut["values"] == [1, 1, 1, 1]
    country = shown["Events per pillar and host country"]["data"][0]
    assert country["y"] == ["Bosnia and Herzegovina", "Kosovo*", "Montenegro", "Not stated"]
    table = app.dataframe[0].value.set_index("Pillar")
    assert table.loc["All matching events"].tolist() == [4, 7, 3, 5]
    assert any("UNSCR 1244/1999" in caption.value for caption in app.caption)


def test_no_matching_event_shows_the_empty_state(run_page: RunPage) -> None:
    """A search that matches nothing shows the counting rule, the empty state and no chart."""
    app = run_page(PAGE, SMALL)
    app.text_input(key="filter_text").input("zzzz-no-match").run()
    assert not app.exception
    assert not app.get("plotly_chart")
    assert not app.dataframe
    assert any("No events match" in info.value for info in app.info)
    assert counting_rule_shown(app)


def test_a_pillar_filter_keeps_cross_cutting_events(run_page: RunPage) -> None:
    """Filtering to WBBSi keeps the board meeting, which still counts under all three pillars."""
    app = run_page(PAGE, SMALL)
    app.multiselect(key="filter_pillars").set_value(["WBBSi"]).run()
    assert not app.exception
    table = app.dataframe[0].value.set_index("Pillar")
    assert table["Events"].tolist() == [1, 1, 1, 0, 1]


def test_a_dataset_without_events(run_page: RunPage, empty_events: Path) -> None:
    """A file with no events says the dataset is empty instead of failing."""
    app = run_page(PAGE, empty_events)
    assert any("no events yet" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_the_step_follows_the_period_as_on_the_timeline(run_page: RunPage) -> None:
    """2023 is counted per month (12 bars); the whole record per year; a picked step stays."""
    app = run_page(PAGE, BUNDLED, query={"period": "2023"})
    assert app.segmented_control(key="pillars_granularity").value == "Month"
    stacked = figures_by_title(app)["Events per pillar and month (counted in the month they start)"]
    assert len(stacked["data"][0]["x"]) == 12
    app.segmented_control(key="pillars_granularity").set_value("Quarter").run()
    app.selectbox(key="filter_period").set_value("2022").run()
    assert app.segmented_control(key="pillars_granularity").value == "Quarter"
    app.selectbox(key="filter_period").set_value("All").run()
    assert not app.exception
    assert app.segmented_control(key="pillars_granularity").value == "Year"
