"""App tests of the shared sidebar filters: URL round trip, notices, reset, caption."""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import SMALL, RunPage, metrics
from ui import filters as ui_filters
from ui.layout import available_pages


def query_as_lists(app) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {k: v if isinstance(v, list) else [v] for k, v in app.query_params.items()}


def test_a_shared_link_restores_the_filters(run_page: RunPage) -> None:
    """Opening a link with pillar and period parameters shows the same filtered view."""
    app = run_page("dashboard.py", SMALL, query={"pillar": "WBCTi", "period": "2023"})
    assert app.multiselect(key=ui_filters.KEY_PILLARS).value == ["WBCTi"]
    assert app.selectbox(key=ui_filters.KEY_PERIOD).value == "2023"
    assert metrics(app)["Events"] == "1"
    assert any(c.value.startswith("Showing 1 of 4 events") for c in app.caption)


def test_changing_a_filter_updates_the_url(run_page: RunPage) -> None:
    """Choosing a country writes it to the query string, so the view can be bookmarked."""
    app = run_page("dashboard.py", SMALL)
    app.multiselect(key=ui_filters.KEY_COUNTRIES).set_value(["Kosovo"]).run()
    assert query_as_lists(app).get("country") == ["Kosovo"]
    assert metrics(app)["Events"] == "1"
    # The caption is escaped Markdown: the footnote star is written \\*.
    assert any("countries Kosovo\\*" in c.value for c in app.caption)


def test_an_invalid_link_parameter_is_ignored_with_a_notice(run_page: RunPage) -> None:
    """A pillar that does not exist is dropped with a visible notice; the page still works."""
    app = run_page("dashboard.py", SMALL, query={"pillar": ["WBCTi", "NOPE"], "junk": "1"})
    notices = [w.value for w in app.warning]
    assert any("NOPE" in text for text in notices)
    assert any("junk" in text for text in notices)
    assert app.multiselect(key=ui_filters.KEY_PILLARS).value == ["WBCTi"]


def test_reset_clears_filters_and_url(run_page: RunPage) -> None:
    """Reset filters shows every event again and empties the query string."""
    app = run_page("dashboard.py", SMALL, query={"city": "Sarajevo"})
    assert metrics(app)["Events"] == "1"
    app.button(key=ui_filters.KEY_RESET).click().run()
    assert metrics(app)["Events"] == "4"
    assert query_as_lists(app) == {}
    assert app.multiselect(key=ui_filters.KEY_CITIES).value == []


def test_custom_dates_and_kpi_change_against_previous_period(run_page: RunPage) -> None:
    """A custom period compares with the period of equal length before it."""
    app = run_page("dashboard.py", SMALL, query={"from": "2023-01-01", "to": "2023-12-31"})
    assert app.selectbox(key=ui_filters.KEY_PERIOD).value == "Custom dates"
    events = next(m for m in app.metric if m.label == "Events")
    # 2023: 2 events; 2022: 2 events -> change 0.
    assert events.value == "2"
    assert events.proto.delta == "0"


def test_filter_state_survives_moving_between_pages(run_page: RunPage) -> None:
    """A filter chosen on the overview is still applied on another page and back."""
    others = [page.path for page in available_pages() if page.path != "dashboard.py"]
    if not others:
        pytest.skip("no other page yet")
    app = run_page("dashboard.py", SMALL)
    app.multiselect(key=ui_filters.KEY_CITIES).set_value(["Pristina"]).run()
    app.switch_page(others[0]).run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.multiselect(key=ui_filters.KEY_CITIES).value == ["Pristina"]
    assert any(c.value.startswith("Showing 1 of 4 events") for c in app.caption)
    app.switch_page("dashboard.py").run()
    assert app.multiselect(key=ui_filters.KEY_CITIES).value == ["Pristina"]
    assert metrics(app)["Events"] == "1"


# An unescaped Markdown link or image: "[text](" or "![alt](" not preceded by a backslash.
_LINK_OR_IMAGE = re.compile(r"(?<!\\)\]\(")
HOSTILE_LINK = {
    "q": "[Session expired - sign in again](https://evil.example/login)",
    "period": "![x](https://evil.example/t.png)",
    "city": "[click](https://evil.example/c)",
    "[x](https://evil.example/p)": "1",
}


@pytest.mark.parametrize("page", [page.path for page in available_pages() if page.filtered])
def test_markdown_in_the_link_is_shown_as_text(run_page: RunPage, page: str) -> None:
    """A link whose parameters hold Markdown links or images shows them as plain text."""
    app = run_page(page, SMALL, query=HOSTILE_LINK)
    shown = [c.value for c in app.caption] + [w.value for w in app.warning]
    quoted = [text for text in shown if "evil.example" in text.replace("\\", "")]
    # The search text is in the caption; the period, city and parameter name in notices.
    assert len(quoted) >= 4, shown
    for text in quoted:
        assert not _LINK_OR_IMAGE.search(text), text
    assert any("Session expired - sign in again" in text.replace("\\", "") for text in quoted)
