"""Every page of the app runs without exception on real, small, empty and unmatched data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import BUNDLED, SMALL, RunPage
from ui.filters import KEY_TEXT
from ui.layout import available_pages

PAGES = [page.path for page in available_pages()]
FILTERED = [page.path for page in available_pages() if page.filtered]
# Pages that pick their own reporting period (the sidebar has no period box there).
OWN_PERIOD_PAGES = ("pages/6_report.py", "pages/9_results.py")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("data", ["bundled", "small"])
def test_page_runs(run_page: RunPage, page: str, data: str) -> None:
    """The page runs without exception and shows its title."""
    app = run_page(page, BUNDLED if data == "bundled" else SMALL)
    assert app.title, "no title shown"


@pytest.mark.parametrize("page", FILTERED)
@pytest.mark.parametrize("data", ["bundled", "small"])
def test_page_shows_the_filter_caption(run_page: RunPage, page: str, data: str) -> None:
    """The page says how many events match."""
    events_file = BUNDLED if data == "bundled" else SMALL
    app = run_page(page, events_file)
    total = 4 if data == "small" else None
    captions = [caption.value for caption in app.caption]
    assert any(text.startswith("Showing ") for text in captions), captions
    if total is not None:
        assert any(text.startswith(f"Showing {total} of {total} events") for text in captions)


@pytest.mark.parametrize("page", FILTERED)
def test_page_with_a_filter_matching_nothing_shows_an_empty_state(
    run_page: RunPage, page: str
) -> None:
    """Zero matching events give a clear message, not an exception."""
    app = run_page(page, SMALL)
    app.text_input(key=KEY_TEXT).input("zzzz-no-such-event").run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(text.value.startswith("Showing 0 of 4 events") for text in app.caption)
    assert any("No events match" in info.value for info in app.info)


@pytest.mark.parametrize("page", PAGES)
def test_page_with_an_empty_dataset(run_page: RunPage, page: str, empty_events: Path) -> None:
    """A dataset with no events shows an empty state on every page that shows events."""
    app = run_page(page, empty_events)
    if page in FILTERED:
        assert any("no events" in info.value.lower() for info in app.info)


@pytest.mark.parametrize("page", FILTERED)
def test_page_with_a_period_after_the_data(run_page: RunPage, page: str) -> None:
    """ "This year" (counted back from today) after the data's last day (17 Oct 2023): no
    exception; a page limited by the sidebar period says when the data ends."""
    app = run_page(page, SMALL, query={"period": "This year"})
    captions = [caption.value for caption in app.caption]
    if page in OWN_PERIOD_PAGES:
        # The page picks its own period: the sidebar period is remembered, not applied.
        assert any(text.startswith("Showing 4 of 4 events") for text in captions), captions
        return
    assert any(text.startswith("Showing 0 of 4 events") for text in captions), captions
    assert any("the data ends on 17 Oct 2023" in info.value for info in app.info)
