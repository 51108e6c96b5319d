"""In a real browser: the map draws its outlines offline, and data never runs as markup."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from ui.layout import available_pages

from .conftest import external_requests, open_page, requested_urls, screenshot
from .test_pages_browser import url_path

pytestmark = pytest.mark.browser

INJECTED = '#injected-bold, #injected-partner, #injected-img, #injected-svg, a[href^="javascript:"]'


def test_map_draws_country_outlines_from_the_app_itself(app_server: str, page: Page) -> None:
    """The map's country outlines are drawn from static/topojson, with no outside request."""
    open_page(page, app_server, "map")
    outlines = page.locator(".geo .layer.countries path, .geo .layer.land path")
    outlines.first.wait_for(state="attached", timeout=30_000)
    lengths = [len(path.get_attribute("d") or "") for path in outlines.all()]
    assert max(lengths) > 1000, "the outline paths are empty"
    assert page.locator(".scattergeo .point").count() > 0, "no city bubbles drawn"
    assert any("/app/static/topojson/" in url for url in requested_urls(page))
    assert external_requests(page) == []
    screenshot(page, "map-outlines")


@pytest.mark.parametrize("app_server", ["tests/data/injection_events.yaml"], indirect=True)
def test_markup_in_the_data_shows_as_text_on_every_page(app_server: str, page: Page) -> None:
    """Script, HTML and javascript: links in titles, summaries and partners never execute."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for link in available_pages():
        path = url_path(link)
        open_page(page, app_server, path)
        assert page.evaluate("() => window.__injected") is None, f"script ran on /{path}"
        assert page.locator(INJECTED).count() == 0, f"markup injected on /{path}"
    assert dialogs == []
    open_page(page, app_server, "timeline")
    # The title is shown with its tags as plain characters (an axis label of the chart,
    # wrapped onto two lines: one tspan a line).
    page.wait_for_selector(".js-plotly-plot .ytick text")
    labels = page.evaluate(
        """() => [...document.querySelectorAll('.ytick text')].map(
            text => [...text.querySelectorAll('tspan')].map(t => t.textContent).join(' ')
                || text.textContent)"""
    )
    assert any('<b id="injected-bold">' in label for label in labels), labels
    screenshot(page, "injection-timeline")
