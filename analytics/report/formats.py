"""The report's file formats, one registry for the Report page and the command line.

Adding a format: a module ``render_<name>.py`` with a function ReportData -> bytes, and one
``ReportFormat`` in ``FORMATS`` below; the page offers it and ``python -m analytics report
--format <name>`` writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from analytics.report import render_docx, render_html, render_xlsx
from analytics.report.model import ReportData


@dataclass(frozen=True)
class ReportFormat:
    """One file format of the report."""

    name: str  # as the command line's --format takes it: "docx"
    label: str  # as the Report page's button says it: "Word (.docx)"
    extension: str  # without the dot
    mime: str
    help: str  # what the file holds, for the button's tooltip
    write: Callable[[ReportData, bool], bytes]  # (report, draw chart pictures) -> file bytes

    def render(self, report: ReportData, *, images: bool = True) -> bytes:
        """The report as this format's file bytes (images: chart pictures, where it has any)."""
        return self.write(report, images)


FORMATS: Final[tuple[ReportFormat, ...]] = (
    ReportFormat(
        "docx",
        "Word (.docx)",
        "docx",
        render_docx.DOCX_MIME,
        "With the charts as pictures; drawing them takes about 10 seconds.",
        lambda report, images: render_docx.to_docx_bytes(report, images=images),
    ),
    ReportFormat(
        "xlsx",
        "Excel (.xlsx)",
        "xlsx",
        render_xlsx.XLSX_MIME,
        "One sheet per table, real dates, filters on.",
        lambda report, _images: render_xlsx.to_xlsx_bytes(report),
    ),
    ReportFormat(
        "html",
        "Web page (.html)",
        "html",
        render_html.HTML_MIME,
        "One file with interactive charts; opens offline in any browser.",
        lambda report, _images: render_html.to_html_bytes(report),
    ),
)
NAMES: Final = tuple(file_format.name for file_format in FORMATS)


def by_name(name: str) -> ReportFormat:
    """The format called name ("docx", "xlsx", "html").

    Raises:
        ValueError: No such format.
    """
    for file_format in FORMATS:
        if file_format.name == name:
            return file_format
    raise ValueError(f"unknown format {name!r}; use one of {', '.join(NAMES)}")


def from_file_name(file_name: str, default: str = "docx") -> ReportFormat:
    """The format a file name's extension names, else the default one."""
    suffix = Path(file_name).suffix.lower().lstrip(".")
    for file_format in FORMATS:
        if file_format.extension == suffix:
            return file_format
    return by_name(default)
