"""The reports' "Progress against indicators" section in XLSX, DOCX and HTML, and on the command line."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from analytics import load_dataset, periods
from analytics.indicators import load_indicators
from analytics.report import build, model, render_docx, render_html, render_xlsx
from tests.helpers import ROOT, SMALL, run_analytics

FIXTURES = ROOT / "tests" / "data" / "indicators"
EVENTS = FIXTURES / "events.yaml"
NOW = dt.datetime(2024, 2, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def data() -> model.ReportData:
    """The 2023 report of the fixture events with the fixture indicators (eleven, with targets)."""
    dataset = load_dataset(EVENTS)
    indicator_set = load_indicators(FIXTURES / "indicators.yaml", dataset.reference)
    return build.build_report(
        dataset, periods.calendar_year(2023), now=NOW, indicators=indicator_set
    )


def sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    """A sheet's table as dicts, from the row whose first cell is "Id" (its header)."""
    rows = list(book[name].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Id")
    header = rows[start]
    return [dict(zip(header, row, strict=True)) for row in rows[start + 1 :] if row[0]]


def test_xlsx_has_one_indicator_row_per_valid_indicator(data: model.ReportData) -> None:
    """The Indicators sheet lists each valid indicator with numbers and the events counted."""
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx.to_xlsx_bytes(data)))
    rows = {row["Id"]: row for row in sheet_rows(book, "Indicators")}
    assert len(rows) == 11
    organised = rows["organised"]
    assert (organised["This period"], organised["Previous period"], organised["Target"]) == (
        3,
        1,
        4,
    )
    assert organised["Baseline"] == 7 and organised["Baseline year"] == 2021
    assert organised["Progress (% of target)"] == 75
    assert organised["Status"] == "Close to the target"
    assert organised["Event ids"] == "e3-skopje-board; e4-podgorica-rsg; e6-podgorica-coordination"
    assert rows["organised-share"]["This period"] == 60


def test_docx_has_the_section_with_the_table(data: model.ReportData) -> None:
    """The Word report has the heading, the progress table and the rule."""
    document = docx.Document(io.BytesIO(render_docx.to_docx_bytes(data, images=False)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Progress against indicators" in headings
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Indicator")
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert len(rows) == 11
    assert rows["Events"] == ["Events", "5", "2", "2 (2022)", "4", "125 %", "Target met"]
    assert rows["Share organised"][1] == "60.0 %"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Progress rule." in text


def test_html_has_the_section(data: model.ReportData) -> None:
    """The web report has the section, its table and the definitions."""
    page = render_html.to_html(data)
    assert '<h2 id="indicators">Progress against indicators</h2>' in page
    assert "<td>Western Balkan partners engaged</td>" in page
    assert "Behind the target" in page
    assert "What each indicator counts" in page


def test_the_indicator_results_are_computed_once_when_first_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The report counts its indicators at once but computes their results only when read."""
    calls: list[int] = []
    real = build.build_results

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "build_results", counted)
    dataset = load_dataset(EVENTS)
    indicator_set = load_indicators(FIXTURES / "indicators.yaml", dataset.reference)
    report = build.build_report(
        dataset, periods.calendar_year(2023), now=NOW, indicators=indicator_set
    )
    assert report.indicator_count == 11
    assert calls == []
    assert report.indicators is not None and len(report.indicators.results) == 11
    assert report.indicators is report.indicators
    assert calls == [1]


def test_a_report_without_indicators_has_no_section() -> None:
    """build_report without an indicator set leaves the section out of every format."""
    dataset = load_dataset(EVENTS)
    plain = build.build_report(dataset, periods.calendar_year(2023), now=NOW)
    assert plain.indicators is None and plain.indicator_count is None
    assert "Progress against indicators" not in render_html.to_html(plain)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx.to_xlsx_bytes(plain)))
    assert "Indicators" not in book.sheetnames


def run_cli(*args: str, events_file: Path = EVENTS) -> subprocess.CompletedProcess[str]:
    return run_analytics(
        "report", *args, env={"EVENTS_FILE": str(events_file)}, unset=("INDICATORS_FILE",)
    )


def test_cli_takes_an_indicators_file(tmp_path: Path) -> None:
    """--indicators FILE puts that file's indicators in the workbook."""
    output = tmp_path / "r.xlsx"
    result = run_cli(
        "--period",
        "2023",
        "--indicators",
        str(FIXTURES / "indicators.yaml"),
        "--output",
        str(output),
    )
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    assert len(sheet_rows(book, "Indicators")) == 11


def test_cli_uses_the_bundled_indicators_by_default(tmp_path: Path) -> None:
    """Without --indicators (and none beside the events) the bundled thirteen are reported."""
    output = tmp_path / "r.xlsx"
    result = run_cli("--period", "2023", "--output", str(output), events_file=SMALL)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    assert len(sheet_rows(book, "Indicators")) == 13


def test_cli_reports_broken_indicators_and_goes_on(tmp_path: Path) -> None:
    """Bad indicators are named on stderr and left out; the report is still written."""
    output = tmp_path / "r.xlsx"
    result = run_cli(
        "--period", "2023", "--indicators", str(FIXTURES / "broken.yaml"), "--output", str(output)
    )
    assert result.returncode == 0, result.stderr
    assert (
        "warning: broken.yaml, line 13, indicator bad-pillar, field filter.pillars" in result.stderr
    )
    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    assert [row["Id"] for row in sheet_rows(book, "Indicators")] == ["good"]


def test_cli_unreadable_indicators_file_fails_with_a_message(tmp_path: Path) -> None:
    """A missing indicators file exits 1 with one line naming it, and writes nothing."""
    output = tmp_path / "r.xlsx"
    result = run_cli(
        "--period", "2023", "--indicators", str(tmp_path / "none.yaml"), "--output", str(output)
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot use the indicators file:")
    assert "none.yaml" in result.stderr
    assert not output.exists()
