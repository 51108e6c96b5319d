"""Every page at 1440, 800 and 390 px: nothing scrolls sideways, no metric or chart title is
cut, no text is squeezed into a sliver, text has AA contrast, and the keyboard reaches the
sidebar. Screenshots of every page at every width go to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from ui.layout import available_pages

from .conftest import open_page, screenshot
from .test_pages_browser import url_path

pytestmark = pytest.mark.browser

WIDTHS = (1440, 800, 390)
HEIGHT = 900
PAGES = available_pages()
# Narrower than this, a text column shows a few letters a line.
MIN_TEXT_PX = 60
# WCAG 2.1 AA: 4.5:1 for body text, 3:1 for large text (24 px, or 18.66 px bold).
AA_TEXT = 4.5
AA_LARGE_TEXT = 3.0

# Finds what does not fit, on the page as it is drawn; returns one sentence a problem.
LAYOUT_PROBLEMS = """
(minText) => {
  const problems = [];
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const main = document.querySelector('[data-testid="stMain"]');
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page scrolls sideways (${doc.scrollWidth} px of content in ${window.innerWidth} px)`);
  }
  for (const id of ['stMain', 'stMainBlockContainer', 'stAppViewContainer']) {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (el && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${id} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  }
  for (const metric of main.querySelectorAll('[data-testid="stMetricLabel"], [data-testid="stMetricValue"]')) {
    for (const el of [metric, ...metric.querySelectorAll('*')]) {
      if (shown(el) && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`metric text cut: "${metric.innerText.trim()}" needs ${el.scrollWidth} px, has ${el.clientWidth} px`);
        break;
      }
    }
  }
  // Text in a sliver: a column under minText px holding text, or a text under minText px
  // that breaks onto more lines or overflows (a short label that fits on one line is fine).
  for (const column of main.querySelectorAll('[data-testid="stColumn"]')) {
    const r = column.getBoundingClientRect();
    const text = column.innerText.trim();
    if (r.width > 0 && r.width < minText && text.length > 3) {
      problems.push(`text in a column ${Math.round(r.width)} px wide: "${text.slice(0, 40)}"`);
    }
  }
  const texts = main.querySelectorAll(
    '[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"], ' +
    '[data-testid="stMetric"], [data-testid="stAlertContainer"], button p');
  for (const el of texts) {
    const r = el.getBoundingClientRect();
    const text = el.innerText.trim();
    if (r.width === 0 || r.width >= minText || text.length <= 3) continue;
    const line = parseFloat(getComputedStyle(el).lineHeight) || 1.6 * parseFloat(getComputedStyle(el).fontSize);
    if (r.height > 1.5 * line || el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text squeezed into ${Math.round(r.width)} px: "${text.slice(0, 40)}"`);
    }
  }
  const right = main.getBoundingClientRect().right;
  for (const plot of main.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    if (box.right > right + 1) {
      problems.push(`a chart runs ${Math.round(box.right - right)} px past the page`);
    }
    for (const text of plot.querySelectorAll('.gtitle, .g-gtitle text, .legendtext')) {
      const r = text.getBoundingClientRect();
      if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1)) {
        const what = text.classList.contains('legendtext') ? 'legend entry' : 'chart title';
        problems.push(`${what} past its chart: "${text.textContent.slice(0, 50)}"`);
      }
    }
    // Level column labels written over each other ("WBCTiWBCSCiWBBSi"); turned labels
    // have overlapping boxes without touching, and plotly turns them only when they fit.
    const level = (t) => !/rotate\\((?!0[,)])/.test(t.getAttribute('transform') || '');
    for (const axis of plot.querySelectorAll('.xaxislayer-above, .xaxislayer-below')) {
      const boxes = [...axis.querySelectorAll('.xtick text')]
        .filter(level)
        .map(t => [t.getBoundingClientRect(), t.textContent])
        .filter(([r]) => r.width > 0)
        .sort((a, b) => a[0].left - b[0].left);
      for (let i = 1; i < boxes.length; i++) {
        const [before, name] = boxes[i - 1];
        const [after, next] = boxes[i];
        const sameRow = before.top < after.bottom && after.top < before.bottom;
        if (sameRow && before.right > after.left + 1) {
          problems.push(`axis labels overlap: "${name}" and "${next}"`);
          break;
        }
      }
    }
  }
  return problems;
}
"""

# The contrast of text with what is behind it, for the kinds of text the app writes.
CONTRAST_PROBLEMS = """
([normal, large]) => {
  const rgba = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const problems = [];
  const selector = 'p, li, label, a, h1, h2, h3, h4, [data-testid="stCaptionContainer"], ' +
    '[data-testid="stMetricValue"], [data-testid="stMetricDelta"], button';
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    const text = (el.innerText || '').trim();
    if (!text || r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    const back = background(el);
    const fore = over(rgba(style.color), back);
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? large : normal;
    const got = ratio(fore, back);
    if (got < needed) {
      problems.push(`"${text.slice(0, 40)}": contrast ${got.toFixed(2)}:1, needs ${needed}:1`);
    }
  }
  for (const text of document.querySelectorAll('.js-plotly-plot svg text')) {
    const fill = rgba(getComputedStyle(text).fill);
    const r = text.getBoundingClientRect();
    // Heatmap cell text is drawn on its cell, in a colour plotly picks against it.
    if (!fill || fill[3] === 0 || r.width === 0 || text.closest('.heatmaplayer, .pielayer')) continue;
    const got = ratio(over(fill, [255, 255, 255, 1]), [255, 255, 255, 1]);
    if (got < normal) {
      problems.push(`chart text "${text.textContent.slice(0, 30)}": contrast ${got.toFixed(2)}:1`);
    }
  }
  return [...new Set(problems)];
}
"""


@pytest.fixture(scope="module")
def tabs(browser: Browser) -> Iterator[dict[int, Page]]:
    """One tab a width, kept for the module: each visits every page in turn."""
    contexts = {
        width: browser.new_context(viewport={"width": width, "height": HEIGHT}) for width in WIDTHS
    }  # type: ignore[arg-type]
    try:
        tabs = {width: context.new_page() for width, context in contexts.items()}
        for tab in tabs.values():
            # A full-page shot of a tall page at 390 px takes a while on a busy machine.
            tab.set_default_timeout(90_000)
        yield tabs
    finally:
        for context in contexts.values():
            context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_width(app_server: str, tabs: dict[int, Page], width: int) -> None:
    """At this width no page scrolls sideways, cuts a metric or a chart title, or squeezes
    text into a column under 60 px; a screenshot of each page is saved."""
    tab = tabs[width]
    problems: list[str] = []
    for page_link in PAGES:
        path = url_path(page_link)
        open_page(tab, app_server, path)
        # Charts draw after the script has finished.
        tab.wait_for_timeout(500)
        found = tab.evaluate(LAYOUT_PROBLEMS, MIN_TEXT_PX)
        shot = screenshot(tab, f"{path or 'home'}_{width}")
        problems += [f"{page_link.label} at {width} px ({shot.name}): {p}" for p in found]
    assert not problems, "\n".join(problems)


def test_text_has_aa_contrast(app_server: str, tabs: dict[int, Page]) -> None:
    """Every visible text on the pages with most kinds of text meets WCAG AA contrast."""
    tab = tabs[WIDTHS[0]]
    problems: list[str] = []
    for page_link in PAGES:
        if page_link.path not in ("dashboard.py", "pages/2_pillars.py", "pages/7_data_quality.py"):
            continue
        open_page(tab, app_server, url_path(page_link))
        tab.wait_for_timeout(500)
        found = tab.evaluate(CONTRAST_PROBLEMS, [AA_TEXT, AA_LARGE_TEXT])
        problems += [f"{page_link.label}: {p}" for p in found]
    assert not problems, "\n".join(problems)


def test_the_keyboard_reaches_the_page_links_and_the_filters(
    app_server: str, tabs: dict[int, Page]
) -> None:
    """Pressing Tab from the top of the page reaches a page link and a filter in the sidebar."""
    tab = tabs[WIDTHS[0]]
    open_page(tab, app_server, "")
    # Start from the top of the document, as after loading the page.
    tab.evaluate("() => { document.activeElement?.blur(); window.focus(); }")
    reached: set[str] = set()
    for _ in range(60):
        tab.keyboard.press("Tab")
        reached.add(
            tab.evaluate(
                """() => {
                  const el = document.activeElement;
                  if (!el || !el.closest('[data-testid="stSidebar"]')) return 'elsewhere';
                  if (el.matches('a[href]') || el.closest('[data-testid^="stPageLink"]')) return 'page link';
                  if (el.matches('input, [role="combobox"], [role="slider"]')) return 'filter';
                  return 'sidebar';
                }"""
            )
        )
        if {"page link", "filter"} <= reached:
            break
    assert {"page link", "filter"} <= reached, reached
