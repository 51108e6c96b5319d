"""Browser tests of the Partners page: a profile's own address, click-through from the ranking."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from analytics.dataset.reference import load_reference
from tests.app.conftest import BUNDLED, raw_events
from tests.browser.conftest import APP_READY, SCREENSHOT_DIR, open_page, screenshot

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def events_attended() -> dict[str, int]:
    """Partner -> events attended, counted here from the YAML (aliases resolved)."""
    registry = load_reference(BUNDLED.parent).registry
    counts: dict[str, int] = {}
    for event in raw_events(BUNDLED):
        names = set()
        for written in event.get("partners") or []:
            entry = registry.resolve(written)
            names.add(entry.name if entry else written)
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return counts


def metric(page: Page, label: str):  # noqa: ANN201 (a Playwright locator)
    """The metric box with this label."""
    return page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )


def test_a_profile_link_shows_the_events_count_on_the_first_screen(
    app_server: str, page: Page
) -> None:
    """partners?profile=Italy at 1440x900 shows Italy and its events without scrolling."""
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners?profile=Italy")
    box = metric(page, "Events attended")
    box.wait_for(timeout=30_000)
    assert box.locator('[data-testid="stMetricValue"]').inner_text() == str(
        events_attended()["Italy"]
    )
    bounds = box.bounding_box()
    assert bounds is not None
    assert bounds["y"] >= 0 and bounds["y"] + bounds["height"] <= LAPTOP["height"], bounds
    assert page.get_by_role("heading", name="Italy").is_visible()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "partners_profile_italy_first_screen.png"))
    screenshot(page, "partners_profile_italy_whole_page")


def test_clicking_the_longest_bar_opens_that_partners_profile(app_server: str, page: Page) -> None:
    """The longest ranking bar is the most active partner; clicking it puts profile= in the URL."""
    counts = events_attended()
    most = max(counts.values())
    (busiest,) = [name for name, count in counts.items() if count == most]
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners")
    ranking = chart(page, "Events attended, by partner")
    ranking.wait_for(timeout=30_000)
    bars = ranking.locator("g.trace.bars g.point path")
    widths = [(bars.nth(i).bounding_box() or {"width": 0})["width"] for i in range(bars.count())]
    click_centre(page, bars.nth(widths.index(max(widths))).bounding_box())
    assert wait_for_profile(page) == busiest
    box = metric(page, "Events attended")
    box.wait_for(timeout=30_000)
    assert box.locator('[data-testid="stMetricValue"]').inner_text() == str(counts[busiest])
    screenshot(page, "partners_after_clicking_the_longest_bar")


def open_section(page: Page, name: str) -> None:
    """Click a tab of the page and wait for the rerun that draws it (only the open tab runs)."""
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(300)
    page.wait_for_selector(APP_READY, timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)


def click_centre(page: Page, box: dict[str, float] | None) -> None:
    """Click the middle of a box with the mouse (plotly's drag layer lies over the marks)."""
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def wait_for_profile(page: Page) -> str:
    """Wait until a click has put profile= in the address; return the partner named."""
    page.wait_for_function(
        "() => new URL(window.location.href).searchParams.has('profile')", timeout=30_000
    )
    page.wait_for_selector(APP_READY, timeout=60_000)
    return parse_qs(urlparse(page.url).query)["profile"][0]


def chart(page: Page, title: str):  # noqa: ANN201 (a Playwright locator)
    """The plotly chart with this title (ui.charts.show_chart writes it as text above the chart)."""
    return page.locator(
        f'xpath=//strong[normalize-space()="{title}"]/following::*[@data-testid="stPlotlyChart"][1]'
    )


def test_clicking_a_heatmap_row_opens_that_partners_profile(app_server: str, page: Page) -> None:
    """A click on the first row of the pillar heatmap opens the most active partner."""
    counts = events_attended()
    most = max(counts.values())
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners")
    open_section(page, "Pillars and years")
    heatmap = chart(page, "Events attended by pillar (top partners)")
    heatmap.wait_for(timeout=30_000)
    cells = heatmap.locator("g.trace.scatter path.point")
    cells.first.wait_for(state="attached", timeout=30_000)
    heatmap.evaluate("element => element.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    first_row = min(
        (cells.nth(i).bounding_box() for i in range(cells.count())),
        key=lambda box: (box or {"y": 1e9})["y"],
    )
    click_centre(page, first_row)
    assert counts[wait_for_profile(page)] == most


def test_clicking_a_network_dot_opens_that_partners_profile(app_server: str, page: Page) -> None:
    """The largest dot of the network is the most active partner; a click opens its profile."""
    counts = events_attended()
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners")
    open_section(page, "Network")
    network = chart(page, "Partners that attended the same events")
    network.wait_for(timeout=30_000)
    dots = network.locator("g.trace.scatter path.point")
    dots.first.wait_for(state="attached", timeout=30_000)
    # The mouse clicks where a dot is on screen: bring the whole chart into the window first.
    page.mouse.move(10, 10)
    network.evaluate("element => element.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    boxes = [dots.nth(i).bounding_box() for i in range(dots.count())]
    largest = max(boxes, key=lambda box: (box or {"width": 0})["width"])
    click_centre(page, largest)
    assert counts[wait_for_profile(page)] == max(counts.values())
    screenshot(page, "partners_network_after_clicking_the_largest_dot")


def test_clicking_a_table_row_opens_that_partners_profile(app_server: str, page: Page) -> None:
    """Ticking the first row of the new-and-lapsed table opens that partner's profile."""
    from analytics import load_dataset
    from analytics import partners as partner_analytics
    from analytics.schema import ID, PARTNER

    dataset = load_dataset(BUNDLED)
    expected = (
        partner_analytics.partner_lifecycle(
            dataset.events, dataset.event_partners, dataset.events[ID].tolist()
        )
        .partners[PARTNER]
        .iloc[0]
    )
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners")
    open_section(page, "New and lapsed")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    box = grid.bounding_box()
    assert box is not None
    # The grid is a canvas: the first row's selection box sits left of its first cell, one
    # header height (35 px) below the top.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    assert wait_for_profile(page) == expected


def test_an_unknown_profile_is_a_plain_notice_and_the_page_works(
    app_server: str, page: Page
) -> None:
    """A made-up name with Markdown shows as written in a notice; the ranking still draws."""
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners?profile=**Nobody**%20[x](javascript:alert(1))")
    notice = page.locator('[data-testid="stAlert"]', has_text="No partner called")
    notice.wait_for(timeout=30_000)
    assert "**Nobody** [x](javascript:alert(1))" in notice.inner_text()
    assert notice.locator("a, strong").count() == 0
    assert page.locator("text=Events attended, by partner").count() == 1


@pytest.mark.parametrize("tab", ["Network", "New and lapsed", "Compare", "Western Balkans"])
def test_each_section_at_phone_width(app_server: str, page: Page, tab: str) -> None:
    """At 390 px each tab opens without an error (screenshots to look at)."""
    page.set_viewport_size(PHONE)
    open_page(page, app_server, "partners?profile=Italy")
    open_section(page, tab)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"partners_390_{tab.replace(' ', '_')}")


@pytest.mark.parametrize("tab", ["Network", "New and lapsed", "Compare", "Western Balkans"])
def test_each_section_at_laptop_width(app_server: str, page: Page, tab: str) -> None:
    """At 1440 px each tab opens without an error (screenshots to look at)."""
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners")
    open_section(page, tab)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"partners_1440_{tab.replace(' ', '_')}")
