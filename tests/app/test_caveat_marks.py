"""App tests: the pages show the sources' caveats as the report does (a mark, a KPI note)."""

from __future__ import annotations

from tests.app.conftest import BUNDLED, RunPage, raw_events

OVERVIEW = "dashboard.py"
EVENTS = "pages/5_events.py"
REPORT = "pages/6_report.py"


def _missing_participants(event: dict) -> bool:
    return any(
        "truncated" in c.lower()
        or (
            ("participants" in c.lower() or "members" in c.lower())
            and "not" in c.lower()
            and ("named" in c.lower() or "listed" in c.lower())
        )
        for c in event.get("caveats") or []
    )


def test_overview_says_the_partner_count_is_a_lower_bound(run_page: RunPage) -> None:
    """Under "Partners engaged": how many matching events' sources may not name everyone."""
    raw = raw_events(BUNDLED)
    missing = sum(_missing_participants(e) for e in raw)
    app = run_page(OVERVIEW, BUNDLED)
    expected = f"the sources of {missing} of the {len(raw)} events may not name every participant"
    assert any(expected in caption.value for caption in app.caption)


def test_events_table_marks_events_with_caveats(run_page: RunPage) -> None:
    """The Events table has a mark column: "⚠ n" for an event with n caveats, else empty."""
    raw = {e["title"]: len(e.get("caveats") or []) for e in raw_events(BUNDLED)}
    app = run_page(EVENTS, BUNDLED)
    table = app.dataframe[0].value
    marks = dict(zip(table["Title"], table["Source caveats"], strict=True))
    assert marks == {title: f"⚠ {n}" if n else "" for title, n in raw.items() if title in marks}
    assert any(marks.values())


def test_report_page_lists_the_periods_caveats(run_page: RunPage) -> None:
    """The report preview (latest year, 2023) marks its events and lists their 26 caveats."""
    raw = [e for e in raw_events(BUNDLED) if e["start_date"].year == 2023]
    app = run_page(REPORT, BUNDLED)
    tables = [frame.value for frame in app.dataframe]
    events = next(t for t in tables if "Source caveats" in t.columns)
    assert len(events) == len(raw)
    caveat_rows = next(t for t in tables if "Caveat" in t.columns)
    assert len(caveat_rows) == sum(len(e.get("caveats") or []) for e in raw)
    assert any(
        f"All {len(raw)} events of the period carry source caveats" in md.value
        for md in app.markdown
    )
