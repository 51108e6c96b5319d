"""Every page of the app stays up on every file of the bad-input corpus, and shows no data as markup."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from analytics import DatasetError, load_dataset
from tests.app.conftest import BAD, RunPage
from ui.layout import DATA_QUALITY_PAGE, available_pages

ENTRY = "dashboard.py"
CASES = sorted(path.name for path in BAD.glob("*.yaml"))
BANNER = "The events file has"
# Data text that reached the browser as markup: an unescaped tag or javascript: link.
MARKUP = re.compile(
    r"(?<!\\)<(script|img|style|a\s)|(?<!\\)\]\(javascript:|href=.?javascript:", re.I
)
# The corpus's own markup (html_in_text.yaml), to look for in chart data: plotly renders <b>,
# <a href> and others in labels and hover text, including values it inserts from customdata.
CHART_MARKUP = re.compile(r"<script|<img|<style|<a\s+href|<b>Bold", re.I)


def _texts(app: AppTest) -> list[tuple[str, str, bool]]:
    """(element type, text, HTML allowed) of every element whose text Streamlit renders."""
    found = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "latex"):
        for element in app.get(kind):
            allow_html = bool(getattr(element.proto, "allow_html", False))
            found.append((kind, str(element.value), allow_html))
    for kind in ("info", "warning", "error", "success", "exception", "toast"):
        for element in app.get(kind):
            found.append((kind, str(element.value), False))
    for element in app.get("page_link") + app.get("button") + app.get("metric"):
        found.append(("label", str(getattr(element, "label", "")), False))
    return found


def _check_page(app: AppTest, page: str, case: str, problems: bool | None) -> list[str]:
    """What is wrong with one page on one corpus file (empty when it behaves)."""
    wrong = []
    if app.exception:
        return [f"{page}: exception {[e.value for e in app.exception]}"]
    texts = _texts(app)
    if problems is None:
        # The file is unusable: an explanation, never a traceback.
        if not any(kind == "error" and "cannot be read" in text for kind, text, _ in texts):
            wrong.append(f"{page}: no error explanation for an unusable file")
    elif page != DATA_QUALITY_PAGE:
        has_banner = any(kind == "warning" and BANNER in text for kind, text, _ in texts)
        if has_banner != problems:
            wrong.append(f"{page}: banner shown={has_banner}, file has problems={problems}")
    for kind, text, allow_html in texts:
        if allow_html:
            wrong.append(f"{page}: a {kind} allows HTML ({text[:60]!r})")
        if MARKUP.search(text):
            wrong.append(f"{page}: data shown as markup in a {kind}: {text[:120]!r}")
    for chart in app.get("plotly_chart"):
        shown = _chart_text(json.loads(chart.proto.spec))
        found = CHART_MARKUP.search(shown)
        if found:
            around = shown[max(0, found.start() - 60) : found.end() + 40]
            wrong.append(f"{page}: a chart shows data markup as HTML: ...{around}...")
    return wrong


def _chart_text(spec: dict[str, Any]) -> str:
    """The text a plotly figure renders: labels, hover text and the custom data it inserts.

    Custom data only used to identify clicked events is not rendered, so it is left out.
    """
    rendered: list[Any] = []
    for trace in spec.get("data", []):
        for name in ("text", "hovertext", "x", "y", "labels", "name", "parents"):
            rendered.append(trace.get(name))
        templates = " ".join(str(trace.get(n, "")) for n in ("hovertemplate", "texttemplate"))
        rows = trace.get("customdata") or []
        for index in {int(i) for i in re.findall(r"%\{customdata\[(\d+)\]", templates)}:
            rendered.append(
                [row[index] for row in rows if isinstance(row, list) and len(row) > index]
            )
        if "%{customdata}" in templates:
            rendered.append(rows)
    layout = spec.get("layout", {})
    for axis in (value for key, value in layout.items() if key.startswith(("xaxis", "yaxis"))):
        rendered.append(axis.get("ticktext"))
    rendered.append([annotation.get("text") for annotation in layout.get("annotations", [])])
    return json.dumps(rendered, ensure_ascii=False)


def _outcome(case: str) -> bool | None:
    """Whether the case loads with problems (True), cleanly (False) or not at all (None)."""
    try:
        return bool(load_dataset(BAD / case).problems)
    except DatasetError:
        return None


@pytest.mark.parametrize("case", CASES)
def test_every_page_survives_the_corpus_file(run_page: RunPage, case: str) -> None:
    """Each page runs on the file: no traceback, a banner when it has problems, no markup."""
    problems = _outcome(case)
    pages = [page.path for page in available_pages()]
    assert ENTRY in pages and DATA_QUALITY_PAGE in pages
    # From the entry point, then page by page, as a user moves through the app.
    app = run_page(ENTRY, BAD / case, check=False)
    wrong = _check_page(app, ENTRY, case, problems)
    for page in pages:
        if page == ENTRY:
            continue
        app.switch_page(page).run()
        wrong += _check_page(app, page, case, problems)
    assert not wrong, "\n".join(wrong)
