"""App tests of the Report page (pages/6_report.py) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.app.conftest import BUNDLED, SMALL, RunPage
from ui.filters import KEY_PILLARS, KEY_TEXT

PAGE = "pages/6_report.py"


def metrics(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {metric.label: metric.value for metric in app.metric}


def test_report_page_defaults_to_the_latest_year_of_the_bundled_data(run_page: RunPage) -> None:
    """The page opens on the latest year; its event count equals a count of the YAML."""
    app = run_page(PAGE, BUNDLED)
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["events"]
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
    app.segmented_control(key="report_period_kind").set_value("quarter").run()
    app.selectbox(key="report_year").set_value(2023).run()
    app.selectbox(key="report_part").set_value(1).run()
    shown = metrics(app)
    assert (shown["Events"], shown["Days of meetings"]) == ("1", "3")
    wb = app.dataframe[2].value.set_index("Partner")
    assert wb.at["Kosovo*", "Events hosted"] == 1
    app.segmented_control(key="report_period_kind").set_value("half").run()
    app.selectbox(key="report_year").set_value(2022).run()
    app.selectbox(key="report_part").set_value(2).run()
    assert not app.exception
    assert metrics(app)["Events"] == "0"
    assert any("No events match" in info.value for info in app.info)


def test_report_page_custom_dates_and_sidebar_filter(run_page: RunPage) -> None:
    """Custom dates over the fixture with the WBCTi filter count its 2 WBCTi events."""
    app = run_page(PAGE, SMALL)
    app.segmented_control(key="report_period_kind").set_value("custom").run()
    import datetime as dt

    app.date_input(key="report_from").set_value(dt.date(2022, 1, 1)).run()
    app.date_input(key="report_to").set_value(dt.date(2023, 12, 31)).run()
    app.multiselect(key=KEY_PILLARS).set_value(["WBCTi"]).run()
    assert not app.exception
    assert metrics(app)["Events"] == "2"
    pillar_rows = app.dataframe[0].value.set_index("Pillar")
    assert pillar_rows.at["WBCTi", "Events"] == 2
    assert any("pillars WBCTi" in caption.value for caption in app.caption)


def test_report_page_end_before_start_is_explained(run_page: RunPage) -> None:
    """An end date before the start shows an error instead of a report."""
    import datetime as dt

    app = run_page(PAGE, SMALL)
    app.segmented_control(key="report_period_kind").set_value("custom").run()
    app.date_input(key="report_from").set_value(dt.date(2023, 6, 1)).run()
    app.date_input(key="report_to").set_value(dt.date(2023, 1, 1)).run()
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


def test_report_page_on_an_empty_dataset(run_page: RunPage, tmp_path: Path) -> None:
    """A dataset with no events gives an empty report and a clear message."""
    path = tmp_path / "events.yaml"
    path.write_text("events: []\n", encoding="utf-8")
    app = run_page(PAGE, path)
    assert any("no events" in info.value.lower() for info in app.info)
    assert metrics(app)["Events"] == "0"
