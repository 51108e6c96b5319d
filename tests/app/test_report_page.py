"""App tests of the Report page (pages/6_report.py) with Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import BUNDLED, SMALL, RunPage, metrics, raw_events
from ui.filters import KEY_PILLARS, KEY_TEXT

PAGE = "pages/6_report.py"


def choose_part_of_year(app: AppTest, kind: str, year: int, part: int) -> None:
    """Choose a quarter or half of a year as the report period."""
    app.segmented_control(key="report_period_kind").set_value(kind).run()
    app.selectbox(key="report_year").set_value(year).run()
    app.selectbox(key="report_part").set_value(part).run()


def choose_dates(app: AppTest, start: dt.date, end: dt.date) -> None:
    """Choose custom dates as the report period."""
    app.segmented_control(key="report_period_kind").set_value("custom").run()
    app.date_input(key="report_from").set_value(start).run()
    app.date_input(key="report_to").set_value(end).run()


def test_report_page_defaults_to_the_latest_year_of_the_bundled_data(run_page: RunPage) -> None:
    """The page opens on the latest year; its event count equals a count of the YAML."""
    app = run_page(PAGE, BUNDLED)
    raw = raw_events(BUNDLED)
    latest = max(e["start_date"].year for e in raw)
    expected = sum(
        e["start_date"].year <= latest and (e.get("end_date") or e["start_date"]).year >= latest
        for e in raw
    )
    assert metrics(app)["Events"] == str(expected)
    assert app.subheader[0].value == f"IISG events report: {latest}"
    assert len(app.get("download_button")) == 3


def test_report_page_quarter_and_half_on_the_small_fixture(run_page: RunPage) -> None:
    """Q1 2023 has the Pristina event (3 days); switching to H2 2022 shows 0 events."""
    app = run_page(PAGE, SMALL)
    choose_part_of_year(app, "quarter", 2023, 1)
    shown = metrics(app)
    assert (shown["Events"], shown["Days of meetings"]) == ("1", "3")
    wb = app.dataframe[2].value.set_index("Partner")
    assert wb.at["Kosovo*", "Events hosted"] == 1
    choose_part_of_year(app, "half", 2022, 2)
    assert not app.exception
    assert metrics(app)["Events"] == "0"
    assert any("No events match" in info.value for info in app.info)


def test_report_page_custom_dates_and_sidebar_filter(run_page: RunPage) -> None:
    """Custom dates over the fixture with the WBCTi filter count its 2 WBCTi events."""
    app = run_page(PAGE, SMALL)
    choose_dates(app, dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    app.multiselect(key=KEY_PILLARS).set_value(["WBCTi"]).run()
    assert not app.exception
    assert metrics(app)["Events"] == "2"
    pillar_rows = app.dataframe[0].value.set_index("Pillar")
    assert pillar_rows.at["WBCTi", "Events"] == 2
    assert any("pillars WBCTi" in caption.value for caption in app.caption)


def test_report_page_end_before_start_is_explained(run_page: RunPage) -> None:
    """An end date before the start shows an error instead of a report."""
    app = run_page(PAGE, SMALL)
    choose_dates(app, dt.date(2023, 6, 1), dt.date(2023, 1, 1))
    assert not app.exception
    assert any("before the start" in error.value for error in app.error)
    assert not app.metric


def test_report_page_with_no_match_still_offers_the_download(run_page: RunPage) -> None:
    """A search matching nothing says so and keeps the three download buttons."""
    app = run_page(PAGE, SMALL)
    app.text_input(key=KEY_TEXT).input("zzzz-no-such-event").run()
    assert not app.exception
    assert any("No events match" in info.value for info in app.info)
    assert metrics(app)["Events"] == "0"
    assert len(app.get("download_button")) == 3


def test_report_page_on_an_empty_dataset(run_page: RunPage, empty_events: Path) -> None:
    """A dataset with no events gives an empty report and a clear message."""
    app = run_page(PAGE, empty_events)
    assert any("no events" in info.value.lower() for info in app.info)
    assert metrics(app)["Events"] == "0"
