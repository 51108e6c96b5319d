"""The 2023 HTML report printed from Chromium, as a reader prints it from the browser.

Needs Debian's chromium and poppler-utils (``pdfinfo``, ``pdftotext``), installed by ``make
test``; the tests are skipped, saying so, where they are absent. One print serves the module.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from analytics import load_dataset, periods
from analytics.report import build, render_html
from tests.report.test_print import (
    BUNDLED,
    CHROMIUM,
    CM,
    NOW,
    is_a4,
    page_sizes,
    page_texts,
    word_boxes,
)


@dataclass(frozen=True)
class PrintedHtml:
    pdf: Path
    sizes: list[tuple[float, float]]
    texts: list[str]


@pytest.fixture(scope="module")
def printed_html(tmp_path_factory: pytest.TempPathFactory) -> PrintedHtml:
    missing = [tool for tool in ("pdfinfo", "pdftotext") if shutil.which(tool) is None]
    if missing or not CHROMIUM.exists():
        pytest.skip("chromium or poppler-utils not installed: run `make test`, which installs them")
    data = build.build_report(load_dataset(BUNDLED), periods.calendar_year(2023), now=NOW)
    folder = tmp_path_factory.mktemp("printed-html")
    page = folder / "report.html"
    page.write_bytes(render_html.to_html_bytes(data))
    pdf = folder / "report.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={folder / 'profile'}",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=15000",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    print(f"\nHTML report PDF in {folder}")  # noqa: T201 - where to look at the pages
    sizes = page_sizes(pdf)
    return PrintedHtml(pdf, sizes, page_texts(pdf, len(sizes)))


def _titles_2023() -> list[str]:
    """The titles of the bundled events that start in 2023, read from the YAML itself."""
    events = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["events"]
    return [
        str(event["title"])
        for event in events
        if dt.date(2023, 1, 1) <= event["start_date"] <= dt.date(2023, 12, 31)
    ]


def test_annex_and_caveats_print_landscape_the_rest_portrait(printed_html: PrintedHtml) -> None:
    """The annex of events and the source caveats get landscape pages, as in the DOCX."""
    # Chromium's A4 is 594.96 x 841.92 points.
    assert all(is_a4(size, within=0.9) for size in printed_html.sizes)
    landscape = [number for number, (w, h) in enumerate(printed_html.sizes, start=1) if w > h]
    assert landscape, "no landscape page"
    # One run of landscape pages, after the portrait pages of the report itself.
    assert landscape == list(range(landscape[0], landscape[-1] + 1))
    assert landscape[0] > 1
    first, last = printed_html.texts[landscape[0] - 1], printed_html.texts[landscape[-1] - 1]
    assert "Annex: events of the period" in first
    assert "Source caveats" in "".join(printed_html.texts[page - 1] for page in landscape)
    assert "About this report" not in last
    assert "About this report" in "".join(printed_html.texts[landscape[-1] :])


def test_every_event_of_the_period_is_in_the_landscape_annex(printed_html: PrintedHtml) -> None:
    """Each 2023 title's words are on the landscape pages (titles wrap over lines in cells)."""
    landscape = " ".join(
        text for text, (w, h) in zip(printed_html.texts, printed_html.sizes, strict=True) if w > h
    ).split()
    titles = _titles_2023()
    assert len(titles) == 12
    for title in titles:
        missing = [word for word in title.split() if word not in landscape]
        assert not missing, title


def test_no_word_runs_into_the_right_margin(printed_html: PrintedHtml) -> None:
    """Nothing is cut or crosses the 15 mm margin, on portrait and landscape pages alike."""
    widths = {page: w for page, (w, _h) in enumerate(printed_html.sizes, start=1)}
    outside = [
        (page, word)
        for page, right, word in word_boxes(printed_html.pdf)
        if right > widths[page] - 1.4 * CM
    ]
    assert not outside
