"""App tests of the Events page (pages/5_events.py) with Streamlit's AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import BUNDLED, SMALL, RunPage, markdown_text, raw_events
from ui.filters import KEY_PERIOD, KEY_TEXT

PAGE = "pages/5_events.py"


def downloads(app: AppTest) -> dict[str, object]:
    return {button.proto.label: button.proto for button in app.get("download_button")}


def test_bundled_data_table_has_every_event(run_page: RunPage) -> None:
    """The table lists every event of the file, with its id and title."""
    raw = raw_events(BUNDLED)
    app = run_page(PAGE, BUNDLED)
    table = app.dataframe[0].value
    assert len(table) == len(raw)
    assert set(table["Event id"]) == {e["id"] for e in raw}
    assert {"Start", "End", "Title", "Curators' notes", "Source link"} <= set(table.columns)
    buttons = downloads(app)
    assert set(buttons) == {"Download CSV", "Download Excel"}
    # Built only when clicked, and clicking does not rerun the page.
    assert all(b.deferred_file_id and b.ignore_rerun for b in buttons.values())


def test_fixture_table_and_a_year_filter(run_page: RunPage) -> None:
    """The fixture shows 4 rows; the 2023 period keeps the 2 events of 2023."""
    app = run_page(PAGE, SMALL)
    table = app.dataframe[0].value
    # Newest first, as the README says.
    assert table["Event id"].tolist() == [
        "2023-10-17-online-database",
        "2023-03-03-pristina-rsg-wbcti",
        "2022-06-20-sarajevo-board",
        "2022-06-09-podgorica-rsg-wbcsci",
    ]
    assert table["Country"].tolist() == ["", "Kosovo*", "Bosnia and Herzegovina", "Montenegro"]
    app.selectbox(key=KEY_PERIOD).set_value("2023").run()
    assert not app.exception
    assert app.dataframe[0].value["Event id"].tolist() == [
        "2023-10-17-online-database",
        "2023-03-03-pristina-rsg-wbcti",
    ]


def test_choosing_an_event_shows_its_details(run_page: RunPage) -> None:
    """Choosing the Pristina event shows its title, Kosovo*, partners and a source link."""
    app = run_page(PAGE, SMALL)
    app.selectbox(key="events_detail").set_value("2023-03-03-pristina-rsg-wbcti").run()
    assert not app.exception
    text = markdown_text(app)
    assert "Regional Pillar Support Group Meeting – WBCTi" in text
    assert "Pristina, Kosovo\\*" in text
    assert "DG NEAR; United States" in text
    links = [button.proto.url for button in app.get("link_button")]
    assert links == ["https://example.org/event"]


def test_an_event_with_a_text_source_has_no_link(run_page: RunPage) -> None:
    """A source that is not a web address is shown as text, never as a link."""
    app = run_page(PAGE, SMALL)
    app.selectbox(key="events_detail").set_value("2022-06-20-sarajevo-board").run()
    assert not app.exception
    assert not app.get("link_button")
    assert any(t.value == "test fixture" for t in app.text)


def test_a_filter_matching_nothing_shows_the_empty_state(run_page: RunPage) -> None:
    """No matching event: a message, no table, no downloads, no exception."""
    app = run_page(PAGE, SMALL)
    app.text_input(key=KEY_TEXT).input("zzzz-no-match").run()
    assert not app.exception
    assert any("No events match" in info.value for info in app.info)
    assert not app.dataframe
    assert not app.get("download_button")


def test_the_picker_of_many_events_lists_the_newest(run_page: RunPage, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Over the picker's limit, the table has every event and the picker the newest, with a note."""
    from analytics import display
    from analytics.synthetic import write_dataset

    count = display.MAX_PICKER_EVENTS + 5
    events_file = write_dataset(tmp_path / "events.yaml", count, seed=3)
    app = run_page(PAGE, events_file)
    assert len(app.dataframe[0].value) == count
    assert len(app.selectbox(key="events_detail").options) == display.MAX_PICKER_EVENTS
    assert any(f"newest {display.MAX_PICKER_EVENTS:,}" in c.value for c in app.caption)


def test_over_the_table_limit_the_newest_are_listed_with_a_notice(
    run_page: RunPage, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Over the table's limit, the table lists the newest events first and says so."""
    from analytics import display

    monkeypatch.setattr(display, "MAX_TABLE_EVENTS", 2)
    raw = raw_events(SMALL)
    newest = sorted(raw, key=lambda e: (str(e["start_date"]), e["id"]))[-2:][::-1]
    app = run_page(PAGE, SMALL)
    assert not app.exception
    assert app.dataframe[0].value["Event id"].tolist() == [e["id"] for e in newest]
    notice = " ".join(info.value for info in app.info)
    assert f"newest 2 of the {len(raw)} matching events" in notice
    assert "download every matching event" in notice


def test_under_the_table_limit_there_is_no_notice(run_page: RunPage) -> None:
    """The bundled data fits the table: no notice about left-out events."""
    app = run_page(PAGE, BUNDLED)
    assert not any("matching events, newest first" in info.value for info in app.info)
