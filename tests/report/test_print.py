"""The 2023 report printed as a reader prints it: LibreOffice converts the DOCX and XLSX to PDF.

Needs LibreOffice (``soffice``) and poppler-utils (``pdfinfo``, ``pdftotext``), installed by
``make test`` (scripts/ensure_office.sh); the tests are skipped, saying so, where they are absent.
One conversion of both files serves the whole module (a conversion takes seconds).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from analytics import load_dataset, periods
from analytics.report import build, model, render_docx, render_xlsx

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "events.yaml"
NOW = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
A4_POINTS = (595.3, 841.9)
CM = 72 / 2.54
TOOLS = ("soffice", "pdfinfo", "pdftotext")
# The report drawn with charts needs Chromium; without it the DOCX has a note instead.
CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class Printed:
    """The 2023 report's files and their PDFs."""

    data: model.ReportData
    docx_bytes: bytes
    xlsx_bytes: bytes
    docx_pdf: Path
    xlsx_pdf: Path


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page, from pdfinfo."""
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]
    out = _run("pdfinfo", "-f", "1", "-l", str(pages), str(pdf))
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)
    ]


def page_texts(pdf: Path, pages: int) -> list[str]:
    return [
        _run("pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-")
        for i in range(1, pages + 1)
    ]


def word_boxes(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, right edge in points, word) of every word, from pdftotext -bbox."""
    html = _run("pdftotext", "-bbox", str(pdf), "-")
    boxes: list[tuple[int, float, str]] = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMax="([\d.]+)".*>(.*)</word>', line)
        if match:
            boxes.append((page, float(match.group(1)), match.group(2)))
    return boxes


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=180).stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"{', '.join(missing)} not installed: run scripts/ensure_office.sh (Debian packages "
            "libreoffice-writer-nogui, libreoffice-calc-nogui, poppler-utils)"
        )
    data = build.build_report(load_dataset(BUNDLED), periods.calendar_year(2023), now=NOW)
    folder = tmp_path_factory.mktemp("printed")
    docx_bytes = render_docx.to_docx_bytes(data, images=CHROMIUM.exists())
    xlsx_bytes = render_xlsx.to_xlsx_bytes(data)
    (folder / "report-docx.docx").write_bytes(docx_bytes)
    (folder / "report-xlsx.xlsx").write_bytes(xlsx_bytes)
    # A profile of its own, so a LibreOffice running elsewhere does not take the conversion.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "report-docx.docx"),
            str(folder / "report-xlsx.xlsx"),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    print(f"\nReport PDFs in {folder}")  # noqa: T201 - where to look at the pages
    return Printed(
        data, docx_bytes, xlsx_bytes, folder / "report-docx.pdf", folder / "report-xlsx.pdf"
    )


def is_a4(size: tuple[float, float], within: float = 0.0) -> bool:
    """A4 either way round: to the tenth of a point, or within `within` points (Chromium rounds
    the millimetres otherwise than LibreOffice)."""
    return all(
        abs(round(got, 1) - want) <= within
        for got, want in zip(sorted(size), A4_POINTS, strict=True)
    )


def test_docx_prints_on_a4_with_every_word_inside_the_margins(printed: Printed) -> None:
    """Every page is A4; no word (table cells included) runs into the 2 cm right margin."""
    sizes = page_sizes(printed.docx_pdf)
    assert 5 <= len(sizes) <= 12
    assert all(is_a4(size) for size in sizes)
    assert any(w > h for w, h in sizes), "the annex is printed landscape"
    widths = {page: w for page, (w, _) in enumerate(sizes, start=1)}
    outside = [
        (page, word)
        for page, right, word in word_boxes(printed.docx_pdf)
        if right > widths[page] - 1.8 * CM
    ]
    assert not outside


def test_docx_has_one_kosovo_footnote_and_lists_the_caveats(printed: Printed) -> None:
    """The printed text carries the designation footnote once and a Source caveats section."""
    text = "\n".join(page_texts(printed.docx_pdf, len(page_sizes(printed.docx_pdf))))
    assert text.count("UNSCR 1244/1999") == 1
    assert "Source caveats" in text
    assert "All 12 events of the period carry source caveats" in " ".join(text.split())


def test_docx_tables_span_the_text_width_titles_widest(printed: Printed) -> None:
    """Each table is as wide as its page's text; in the annex Title and Partners are widest."""
    document = docx.Document(io.BytesIO(printed.docx_bytes))
    annex = next(t for t in document.tables if t.rows[0].cells[2].text == "Title")
    header = [cell.text for cell in annex.rows[0].cells]
    widths = dict(zip(header, (column.width for column in annex.columns), strict=True))
    total_cm = sum(widths.values()) / 360000
    assert total_cm == pytest.approx(render_docx.LANDSCAPE_TEXT_CM, rel=0.01)
    widest = sorted(widths, key=widths.__getitem__, reverse=True)[:3]
    assert {"Title", "Partners"} <= set(widest)
    for table in document.tables:
        row = table.rows[0]._tr
        assert row.trPr is not None and row.trPr.find(qn("w:tblHeader")) is not None
    if printed.data.figures and CHROMIUM.exists():
        assert len(document.inline_shapes) == len(model.CHART_ORDER)
        for shape in document.inline_shapes:
            assert shape.width / 360000 == pytest.approx(render_docx.PORTRAIT_TEXT_CM, rel=0.01)


def test_xlsx_sheets_print_landscape_one_page_wide_with_titles(printed: Printed) -> None:
    """Every sheet: landscape A4, one page wide, title, period and header repeated and frozen."""
    book = openpyxl.load_workbook(io.BytesIO(printed.xlsx_bytes))
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.print_title_rows == f"$1:${render_xlsx.HEADER_ROW}", sheet.title
        assert sheet.freeze_panes == f"A{render_xlsx.HEADER_ROW + 1}", sheet.title
        assert str(sheet["A1"].value).startswith("IISG events report: 2023")
        assert "Filters: no filters" in str(sheet["A2"].value)


def test_xlsx_prints_few_pages_each_holding_its_sheets_title(printed: Printed) -> None:
    """The 2023 workbook prints on a few landscape pages (27 before), none a strip of columns.

    A page of columns cut off to the right would lack column A, where the title is: every
    printed page shows the title, so every sheet is one page wide.
    """
    sizes = page_sizes(printed.xlsx_pdf)
    book = openpyxl.load_workbook(io.BytesIO(printed.xlsx_bytes))
    assert len(book.sheetnames) <= len(sizes) <= 2 * len(book.sheetnames)
    assert all(is_a4(size) and size[0] > size[1] for size in sizes)
    texts = page_texts(printed.xlsx_pdf, len(sizes))
    assert all("IISG events report: 2023" in text for text in texts)
    widths = {page: w for page, (w, _) in enumerate(sizes, start=1)}
    assert not [word for page, right, word in word_boxes(printed.xlsx_pdf) if right > widths[page]]
