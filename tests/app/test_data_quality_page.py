"""App tests of the Data quality page (pages/7_data_quality.py) with Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analytics import display
from analytics.quality import EVENT, MESSAGE, MISSING, SEVERITY
from tests.app.conftest import BAD, BUNDLED, SMALL, RunPage, metrics, raw_events
from ui.filters import KEY_TEXT

PAGE = "pages/7_data_quality.py"


def test_bundled_data_has_no_problems_and_its_latest_event(run_page: RunPage) -> None:
    """The curated file: every event shown, no problem, latest date as in the raw YAML."""
    raw = raw_events(BUNDLED)
    latest = max(e["start_date"] for e in raw)
    app = run_page(PAGE, BUNDLED)
    shown = metrics(app)
    assert shown["Events in the file"] == str(len(raw))
    assert shown["Events shown"] == str(len(raw))
    assert shown["Errors"] == "0"
    assert shown["Warnings"] == "0"
    assert shown["Latest event"] == f"{latest.day} {latest.strftime('%b %Y')}"
    assert any("No problems" in s.value for s in app.success)
    days = (dt.date.today() - latest).days
    assert any(f"latest event: {days} days ago" in c.value for c in app.caption)
    # The caveats table has one row per caveat written in the file.
    caveats = sum(len(e.get("caveats") or []) for e in raw)
    tables = [f.value for f in app.dataframe if "Caveat" in f.value.columns]
    assert len(tables[0]) == caveats
    # No banner on this page: the problems are its subject.
    assert not app.warning


def test_small_fixture_lists_the_online_event_lacking_partners_and_pillar(
    run_page: RunPage,
) -> None:
    """The fixture's online event is the one event lacking facts (partners, pillar)."""
    app = run_page(PAGE, SMALL)
    tables = [f.value for f in app.dataframe if MISSING in f.value.columns]
    assert len(tables) == 1
    assert tables[0][EVENT].tolist() == ["2023-10-17-online-database"]
    assert tables[0][MISSING].tolist() == ["partners, pillar"]


def test_problems_table_lists_every_problem_errors_first(run_page: RunPage) -> None:
    """A file with errors and a warning: counts by severity and one row per problem."""
    app = run_page(PAGE, BAD / "javascript_link.yaml")
    assert metrics(app)["Warnings"] == "1"
    app = run_page(PAGE, BAD / "yaml11_yes_on.yaml")
    shown = metrics(app)
    assert (shown["Events in the file"], shown["Events shown"], shown["Errors"]) == ("3", "2", "2")
    problems = next(f.value for f in app.dataframe if MESSAGE in f.value.columns)
    assert problems[SEVERITY].tolist() == ["error", "error"]
    assert problems["Line"].tolist() == [20, 21]
    assert problems["Field"].tolist() == ["format", "summary"]


def test_unknown_partner_and_city_are_listed(run_page: RunPage) -> None:
    """Names the registries do not know appear in their own tables."""
    app = run_page(PAGE, BAD / "unknown_partner.yaml")
    names = next(f.value for f in app.dataframe if "Listed as" in f.value.columns)
    assert names["Name"].tolist() == ["Ministry of Magic"]
    app = run_page(PAGE, BAD / "unknown_city.yaml")
    cities = next(f.value for f in app.dataframe if "City" in f.value.columns)
    assert cities["City"].tolist() == ["Atlantisville"]


def test_possible_duplicate_is_listed(run_page: RunPage, tmp_path: Path) -> None:
    """Two events on the same day in the same city are shown as a possible duplicate."""
    text = BAD.joinpath("duplicate_id.yaml").read_text(encoding="utf-8")
    path = tmp_path / "events.yaml"
    path.write_text(
        text.replace(
            "id: 2023-04-25-tirana-rsg-wbcsci\n    title: Regional Support Group Meeting\n"
            "    start_date: 2023-04-25\n    city: Tirana\n    country: Albania\n"
            "    event_type: support group meeting\n    pillars: [WBCSCi]\n"
            "    iisg_role: organiser\n    partners: [Western Balkans Partners, CEPOL]\n"
            "    summary: The same id again.",
            "id: 2023-04-25-tirana-again\n    title: Regional Support Group Meeting\n"
            "    start_date: 2023-04-25\n    city: Tirana\n    country: Albania\n"
            "    event_type: support group meeting\n    pillars: [WBCSCi]\n"
            "    iisg_role: organiser\n    partners: [Western Balkans Partners, CEPOL]\n"
            "    summary: The same id again.",
        ),
        encoding="utf-8",
    )
    app = run_page(PAGE, path)
    pairs = next(f.value for f in app.dataframe if "Why" in f.value.columns)
    assert pairs[["First event", "Second event"]].values.tolist() == [
        ["2023-04-25-tirana-again", "2023-04-25-tirana-rsg-wbcsci"]
    ]
    assert "same start date and city (Tirana)" in pairs["Why"].iloc[0]


def test_zero_events_and_all_invalid_files(run_page: RunPage) -> None:
    """No events at all, or none valid: the page says so instead of showing empty tables."""
    app = run_page(PAGE, BAD / "zero_events.yaml")
    assert metrics(app)["Latest event"] == "none"
    assert any("no events" in info.value.lower() for info in app.info)
    app = run_page(PAGE, BAD / "all_invalid.yaml")
    assert metrics(app)["Errors"] == "2"
    assert any("No valid events" in info.value for info in app.info)


def test_unusable_file_shows_the_explanation(run_page: RunPage) -> None:
    """An unreadable file gives the app's error explanation on this page too."""
    app = run_page(PAGE, BAD / "flow_unclosed.yaml")
    assert any("cannot be read" in error.value and "line 4" in error.value for error in app.error)
    assert not app.metric


def test_page_ignores_the_filters_of_other_pages(run_page: RunPage) -> None:
    """A search matching nothing on the overview does not empty this page (it covers the file)."""
    app = run_page("dashboard.py", SMALL)
    app.text_input(key=KEY_TEXT).input("zzzz-no-such-event").run()
    app.switch_page(PAGE).run()
    assert not app.exception
    assert metrics(app)["Events shown"] == "4"
    assert metrics(app)["Latest event"] == display.format_date(dt.date(2023, 10, 17))


def test_a_long_table_shows_its_first_rows_and_offers_them_all(
    run_page: RunPage, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Over the table limit, the caveats table shows the first rows and a CSV of all."""
    monkeypatch.setattr(display, "MAX_TABLE_EVENTS", 3)
    written = sum(len(e.get("caveats") or []) for e in raw_events(BUNDLED))
    assert written > 3
    app = run_page(PAGE, BUNDLED)
    assert not app.exception
    tables = [f.value for f in app.dataframe if "Caveat" in f.value.columns]
    assert [len(t) for t in tables] == [3]
    assert any(f"The first 3 of {written:,} caveats" in c.value for c in app.caption)
    labels = [b.proto.label for b in app.get("download_button")]
    assert f"Download all {written:,} as CSV" in labels


def test_a_long_problem_list_shows_its_first_lines_and_offers_them_all(
    run_page: RunPage, tmp_path: Path
) -> None:
    """2,400 problems: the text shows the first 2,000 lines; a text download holds all 2,400."""
    events = tmp_path / "events.yaml"
    # Each event lacks four required fields: four problems an event.
    events.write_text(
        "events:\n"
        + "".join(f"  - id: e{number}\n    start_date: 2023-01-01\n" for number in range(600)),
        encoding="utf-8",
    )
    app = run_page(PAGE, events)
    assert metrics(app)["Errors"] == "2,400"
    texts = [element.value for element in app.get("text")]
    assert len(texts) == 1
    lines = texts[0].split("\n")
    assert len(lines) == 2000
    assert lines[0].startswith("events.yaml, line 2, event e0")
    assert any("The first 2,000 of 2,400 problems" in c.value for c in app.caption)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Download all 2,400 problems as text" in labels


def test_the_problem_text_download_holds_every_problem(tmp_path: Path) -> None:
    """The downloaded text has one line a problem, all of them."""
    from analytics import load_dataset, quality

    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n" + "".join(f"  - id: e{n}\n    start_date: 2023-01-01\n" for n in range(3)),
        encoding="utf-8",
    )
    problems = load_dataset(events).problems
    text = quality.problems_text_bytes(problems).decode("utf-8")
    assert text.splitlines() == [str(problem) for problem in problems]
    assert quality.problems_text(problems, 2).splitlines() == [str(p) for p in problems[:2]]
