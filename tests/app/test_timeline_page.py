"""App tests of the Timeline page (pages/1_timeline.py) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.app.conftest import (
    BUNDLED,
    SMALL,
    RunPage,
    markdown_text,
    plotly_specs,
    raw_events,
)

PAGE = "pages/1_timeline.py"


def event_ids_in(chart: dict[str, Any]) -> list[str]:
    return [
        point[0]
        for trace in chart["data"]
        if trace["type"] == "bar"
        for point in trace["customdata"]
    ]


def test_timeline_shows_every_bundled_event(run_page: RunPage) -> None:
    """On the bundled data the timeline has one bar per event, each with its id."""
    raw = raw_events(BUNDLED)
    app = run_page(PAGE, BUNDLED)
    timeline_chart, activity = plotly_specs(app)
    assert sorted(event_ids_in(timeline_chart)) == sorted(event["id"] for event in raw)
    # Years for the whole record (2017-2023): the bars add up to every event.
    bars = activity["data"][0]
    assert sum(bars["y"]) == len(raw)
    assert len(app.selectbox(key="timeline_event").options) == len(raw)


def test_timeline_on_the_small_fixture_per_year(run_page: RunPage) -> None:
    """Switching to years shows 2 events in 2022 and 2 in 2023, with 2022's count for 2023's year before."""
    app = run_page(PAGE, SMALL)
    app.segmented_control(key="timeline_granularity").set_value("Year").run()
    assert not app.exception
    activity = plotly_specs(app)[1]
    bars, line = activity["data"]
    assert bars["x"] == ["2022", "2023"]
    assert bars["y"] == [2, 2]
    assert line["y"] == [0, 2]
    assert line["name"] == "Previous year"


def test_choosing_an_event_shows_its_details(run_page: RunPage) -> None:
    """Picking the Pristina event shows its dates, Kosovo*, partners and a button to its source."""
    app = run_page(PAGE, SMALL)
    assert any("No event chosen" in info.value for info in app.info)
    app.selectbox(key="timeline_event").set_value("2023-03-03-pristina-rsg-wbcti").run()
    assert not app.exception
    text = markdown_text(app)
    assert "3–5 Mar 2023 \\(3 days\\)" in text
    assert "Pristina, Kosovo\\*" in text
    assert "DG NEAR; United States" in text
    links = [button.proto.url for button in app.get("link_button")]
    assert links == ["https://example.org/event"]


def test_a_plain_text_source_is_not_a_link(run_page: RunPage) -> None:
    """The online meeting's source "test fixture" is shown as text, with no link."""
    app = run_page(PAGE, SMALL)
    app.selectbox(key="timeline_event").set_value("2023-10-17-online-database").run()
    assert not app.get("link_button")
    assert any(t.value == "test fixture" for t in app.text)


def test_no_matching_event_shows_the_empty_state(run_page: RunPage) -> None:
    """A search that matches nothing shows the empty state and no chart."""
    app = run_page(PAGE, SMALL)
    app.text_input(key="filter_text").input("zzzz-no-match").run()
    assert not app.exception
    assert not app.get("plotly_chart")
    assert any("No events match" in info.value for info in app.info)


def test_a_filter_narrows_the_timeline(run_page: RunPage) -> None:
    """Filtering to Kosovo leaves only the Pristina event on the timeline and in the picker."""
    app = run_page(PAGE, SMALL)
    app.multiselect(key="filter_countries").set_value(["Kosovo"]).run()
    assert not app.exception
    assert event_ids_in(plotly_specs(app)[0]) == ["2023-03-03-pristina-rsg-wbcti"]
    assert app.selectbox(key="timeline_event").options == [
        "3–5 Mar 2023 · Regional Pillar Support Group Meeting – WBCTi"
    ]


def test_a_dataset_without_events(run_page: RunPage, empty_events: Path) -> None:
    """A file with no events says the dataset is empty instead of failing."""
    app = run_page(PAGE, empty_events)
    assert any("no events yet" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_a_long_timeline_shows_the_latest_events_with_a_notice(
    run_page: RunPage, tmp_path: Path
) -> None:
    """With more matching events than the timeline draws, it draws the latest and says so."""
    from analytics import timeline
    from analytics.synthetic import write_dataset

    count = timeline.MAX_TIMELINE_EVENTS + 20
    events_file = write_dataset(tmp_path / "events.yaml", count, seed=2)
    app = run_page(PAGE, events_file)
    timeline_chart, activity = plotly_specs(app)
    assert len(event_ids_in(timeline_chart)) == timeline.MAX_TIMELINE_EVENTS
    assert f"of {count:,} matching events" in " ".join(info.value for info in app.info)
    # The activity chart still counts every event; the picker offers the drawn ones.
    assert sum(activity["data"][0]["y"]) == count
    options = app.selectbox(key="timeline_event").options
    assert len(options) == timeline.MAX_TIMELINE_EVENTS


def test_the_activity_step_follows_the_period_until_the_user_picks_one(
    run_page: RunPage,
) -> None:
    """2023 is counted per month; a step the user picks stays for 2022 (also one year); the
    whole record (2017-2023) switches to years."""
    app = run_page(PAGE, BUNDLED, query={"period": "2023"})
    step = app.segmented_control(key="timeline_granularity")
    assert step.value == "Month"
    bars = plotly_specs(app)[1]["data"][0]
    assert len(bars["x"]) == 12 and bars["x"][0] == "Jan 2023"
    step.set_value("Quarter").run()
    app.selectbox(key="filter_period").set_value("2022").run()
    assert not app.exception
    assert app.segmented_control(key="timeline_granularity").value == "Quarter"
    assert plotly_specs(app)[1]["data"][0]["x"] == ["Q1 2022", "Q2 2022", "Q3 2022", "Q4 2022"]
    app.selectbox(key="filter_period").set_value("All").run()
    assert not app.exception
    assert app.segmented_control(key="timeline_granularity").value == "Year"
    starts = sorted(str(e["start_date"])[:4] for e in raw_events(BUNDLED))
    assert plotly_specs(app)[1]["data"][0]["x"] == [
        str(y) for y in range(int(starts[0]), int(starts[-1]) + 1)
    ]


def test_a_relative_period_after_the_data_says_when_the_data_ends(run_page: RunPage) -> None:
    """ "Last 12 months" (counted back from today) lies after the small fixture's last day."""
    app = run_page(PAGE, SMALL, query={"period": "Last 12 months"})
    assert not app.get("plotly_chart")
    assert any("the data ends on 17 Oct 2023" in info.value for info in app.info)
