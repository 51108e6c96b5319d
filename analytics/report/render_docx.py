"""The report as a Word document (python-docx), with the charts drawn as PNG by kaleido."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from analytics import caveats, pillars
from analytics.indicators import section as indicator_section
from analytics.report import model
from analytics.report.model import ReportData

DOCX_MIME: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TOPOJSON_DIR: Final = Path(__file__).resolve().parents[2] / "static" / "topojson"
# Pixel size of the drawn charts; scale 2 keeps them sharp when printed at 16 cm.
IMAGE_WIDTH_PX: Final = 1000
IMAGE_SCALE: Final = 2
IMAGE_HEIGHTS_PX: Final = {
    model.CHART_ACTIVITY: 460,
    model.CHART_PILLARS: 460,
    model.CHART_MAP: 700,
    model.CHART_PARTNERS: 560,
}
# A4 with 2 cm margins: the text is 17 cm wide in portrait, 25.7 cm in landscape.
PAGE_SHORT_CM: Final = 21.0
PAGE_LONG_CM: Final = 29.7
MARGIN_CM: Final = 2.0
PORTRAIT_TEXT_CM: Final = PAGE_SHORT_CM - 2 * MARGIN_CM
LANDSCAPE_TEXT_CM: Final = PAGE_LONG_CM - 2 * MARGIN_CM
# Charts span the text width.
IMAGE_WIDTH_CM: Final = PORTRAIT_TEXT_CM
# Column widths: a column is never narrower than its longest word (up to this many characters;
# a longer word, e.g. a web address, is broken) and a cell gets this padding (Word's
# default cell margins are 0.19 cm a side).
MIN_WORD_CHARS: Final = 14
CELL_PADDING_CM: Final = 0.45
BODY_FONT: Final = "Arial"
# The width of a character of Arial as a share of the font size: lower-case letters, capitals
# and digits; bold headers are a little wider.
CHAR_EM: Final = 0.52
WIDE_CHAR_EM: Final = 0.7
BOLD_FACTOR: Final = 1.1
# Seconds one chart may take before the browser is given up (a hung browser must not hang
# the app or the command line).
IMAGE_TIMEOUT_S: Final = 60
ANNEX_FONT_PT: Final = 8
TABLE_FONT_PT: Final = 9
TABLE_STYLE: Final = "Table Grid"
CHART_CAPTIONS: Final = {
    model.CHART_ACTIVITY: "Activity per month by pillar.",
    model.CHART_PILLARS: "Events by pillar, each event counted once.",
    model.CHART_MAP: "Host cities of the period's events.",
    model.CHART_PARTNERS: "The most active partners.",
}
NO_BROWSER_NOTE: Final = (
    "The charts are not included: they are drawn by a headless Chromium browser, which could "
    "not be started here ({reason}). Install Chromium (Debian: apt-get install chromium) and "
    "build the report again, or use the HTML report, whose charts need no browser on this "
    "machine."
)
NO_IMAGES_NOTE: Final = "The charts were left out on request (no images)."


@dataclass(frozen=True)
class ChartImages:
    """The charts as PNG bytes by key, or the reason they could not be drawn."""

    images: dict[str, bytes] = field(default_factory=dict)
    note: str | None = None


def topojson_url(folder: Path = TOPOJSON_DIR) -> str:
    """The file:// address of the bundled map outlines, so maps draw without the internet."""
    return folder.resolve().as_uri() + "/"


def print_figure(figure: go.Figure, key: str) -> go.Figure:
    """A copy of a chart laid out for paper: fixed size, white background, legend title above.

    A variant of the pages' figures: on screen the background is transparent (for the dark
    theme) and the legend title shares the legend's row, which a fixed-width picture cuts off.

    Args:
        figure: A chart of ``analytics.report.build.report_figures``.
        key: Its key (sets the height).

    Returns:
        The copy.
    """
    copy = go.Figure(figure)
    copy.update_layout(
        width=IMAGE_WIDTH_PX,
        height=IMAGE_HEIGHTS_PX.get(key, 500),
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend_title_side="top",
    )
    return copy


async def _draw(figures: Mapping[str, go.Figure]) -> dict[str, bytes]:
    import kaleido

    # One browser for every chart: starting it costs seconds, each chart well under one.
    # MathJax is off: by default kaleido would fetch it from a CDN.
    async with kaleido.Kaleido(n=1, timeout=IMAGE_TIMEOUT_S, mathjax=False) as browser:
        drawn: dict[str, bytes] = {}
        for key, figure in figures.items():
            drawn[key] = await browser.calc_fig(
                print_figure(figure, key),
                opts={"format": "png", "scale": IMAGE_SCALE},
                topojson=topojson_url(),
            )
        return drawn


def chart_images(figures: Mapping[str, go.Figure]) -> ChartImages:
    """Draw the report's charts as PNG, or say why they cannot be drawn.

    Never raises for a missing or failing browser: the document is still written, with a
    note in place of the charts.

    Args:
        figures: Chart key -> figure.

    Returns:
        The images, or no images and a note.
    """
    if not figures:
        return ChartImages()
    try:
        # A thread of its own: asyncio.run must not meet an event loop already running in the
        # caller's thread (Streamlit, notebooks).
        with ThreadPoolExecutor(max_workers=1) as pool:
            images = pool.submit(asyncio.run, _draw(figures)).result(
                timeout=IMAGE_TIMEOUT_S * (len(figures) + 1)
            )
    except Exception as error:  # noqa: BLE001 - any browser failure leaves the charts out
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        return ChartImages(note=NO_BROWSER_NOTE.format(reason=reason))
    return ChartImages(images=images)


def _clean(value: Any) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    # Word's XML cannot hold control characters; python-docx refuses them.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _cell_text(value: Any) -> str:
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return _clean(value)


def _text_cm(text: str, font_pt: float, *, bold: bool = False) -> float:
    # Capitals and digits are wider than lower-case letters ("WBCSCi" needs more than "office").
    ems = sum(WIDE_CHAR_EM if c.isupper() or c.isdigit() else CHAR_EM for c in text)
    return ems * (BOLD_FACTOR if bold else 1.0) * font_pt / 72 * 2.54


def column_widths(table: pd.DataFrame, total_cm: float, font_pt: float) -> list[float]:
    """Widths of a table's columns sized by their content, together exactly ``total_cm``.

    Each column gets at least its longest word (so "Bosnia" or "2023-04-25" is never split),
    up to ``MIN_WORD_CHARS``; the rest of the width is shared in proportion to how much more
    the column's longest text needs, so long titles and partner lists get the most room.

    Args:
        table: The rows (column names are the header).
        total_cm: The width of the table (the text width of the page).
        font_pt: The font size of the cells.

    Returns:
        One width in centimetres per column.
    """
    minimum: list[float] = []
    wanted: list[float] = []
    for name in table.columns:
        cells = [_cell_text(v) for v in table[name]]
        words = [(w[:MIN_WORD_CHARS], False) for t in cells for w in t.split()]
        words += [(w[:MIN_WORD_CHARS], True) for w in str(name).split()]
        longest_word = max((_text_cm(w, font_pt, bold=b) for w, b in words), default=0.0)
        longest_text = max(
            [_text_cm(t, font_pt) for t in cells] + [_text_cm(str(name), font_pt, bold=True)]
        )
        minimum.append(longest_word + CELL_PADDING_CM)
        wanted.append(longest_text + CELL_PADDING_CM)
    floor = sum(minimum)
    if floor >= total_cm:
        return [total_cm * m / floor for m in minimum]
    extra = [max(w - m, 0.0) for w, m in zip(wanted, minimum, strict=True)]
    spare = total_cm - floor
    if sum(extra) <= spare:
        # Everything fits on one line: share what is left in proportion to the wanted widths.
        return [total_cm * w / sum(wanted) for w in wanted]
    return [m + spare * e / sum(extra) for m, e in zip(minimum, extra, strict=True)]


def _fixed_layout(word_table: Any) -> None:
    # A fixed layout keeps the widths given; "autofit" would let long words push the table
    # beyond the page.
    properties = word_table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


def add_table(
    document: DocumentObject,
    table: pd.DataFrame,
    *,
    font_pt: float = TABLE_FONT_PT,
    empty_text: str = "None.",
    width_cm: float = PORTRAIT_TEXT_CM,
) -> None:
    """Add a data frame as a Word table: bold header repeated on every page, widths by content.

    Args:
        document: The document.
        table: The rows to write (column names become the header).
        font_pt: Font size of the cells.
        empty_text: What to write instead of a table without rows.
        width_cm: The table's width: the text width of its page.
    """
    if table.empty:
        document.add_paragraph(empty_text)
        return
    word_table = document.add_table(rows=1, cols=len(table.columns))
    word_table.style = TABLE_STYLE
    word_table.autofit = False
    _fixed_layout(word_table)
    header = word_table.rows[0]
    # Header repeated on every page of a long table (w:tblHeader).
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for cell, name in zip(header.cells, table.columns, strict=True):
        run = cell.paragraphs[0].add_run(_clean(name))
        run.bold = True
        run.font.size = Pt(font_pt)
    for values in table.itertuples(index=False, name=None):
        cells = word_table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            run = cell.paragraphs[0].add_run(_cell_text(value))
            run.font.size = Pt(font_pt)
    widths = [Emu(int(Cm(w))) for w in column_widths(table, width_cm, font_pt)]
    # Word reads the cells' widths, LibreOffice the grid's: both are set.
    for column, width in zip(word_table.columns, widths, strict=True):
        column.width = width
    for row in word_table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _note(document: DocumentObject, text: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(_clean(text))
    run.italic = True
    run.font.size = Pt(9)


def _annex_rows(data: ReportData) -> pd.DataFrame:
    columns = [
        model.ANNEX_NUMBER,
        "Dates",
        "Title",
        "City",
        "Country",
        "Pillars",
        model.ANNEX_PARTNERS,
        model.ANNEX_CAVEATS,
    ]
    return data.events[[*columns, model.ANNEX_SOURCE]]


def add_indicator_section(document: DocumentObject, data: ReportData) -> None:
    """Add "Progress against indicators": notes, the progress table, what each counts."""
    if data.indicators is None:
        return
    document.add_heading(indicator_section.TITLE, level=1)
    notes = indicator_section.notes(data.indicators)
    document.add_paragraph(_clean(notes[0]))
    add_table(
        document,
        indicator_section.document_table(data.indicators),
        empty_text="The indicators file defines no valid indicator.",
    )
    for note in notes[1:]:
        _note(document, note)
    if data.indicators.results:
        document.add_heading("What each indicator counts", level=2)
        add_table(document, indicator_section.definitions_table(data.indicators))


def _page_break(document: DocumentObject) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cover(document: DocumentObject, data: ReportData) -> None:
    document.add_heading(_clean(data.title), level=0)
    source = data.provenance
    facts = document.add_paragraph()
    for label, text in (
        ("Reporting period: ", f"{data.period.label} ({data.period.dates_text})"),
        ("Compared with: ", f"{data.previous_period.dates_text} (same number of days)"),
        ("Filters: ", data.filters_text),
        ("Generated: ", source.generated_text),
        (
            "Dataset: ",
            f"{source.file_name}, {source.valid_events} events, SHA-256 "
            f"{source.content_hash[:12]}…",
        ),
        ("Source caveats: ", data.caveats_line),
    ):
        facts.add_run(label).bold = True
        facts.add_run(_clean(text) + "\n")


def build_document(data: ReportData, charts: ChartImages) -> DocumentObject:
    """Lay out the report as a Word document.

    A4 portrait with 2 cm margins; the annex and the source caveats in a landscape section.
    Every table spans the text width with its columns sized by content and its header row
    repeated on each page; charts span the text width, two to a page.

    Args:
        data: The report.
        charts: The chart images (or the note saying why there are none).

    Returns:
        The python-docx document.
    """
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_SHORT_CM), Cm(PAGE_LONG_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    document.core_properties.title = _clean(data.title)
    document.core_properties.subject = "IISG events: periodic report"
    # Arial is on every Office machine and LibreOffice prints it with the same widths
    # (Liberation Sans), so the column widths computed here hold in both.
    for style in ("Normal", "Title", "Heading 1", "Heading 2"):
        document.styles[style].font.name = BODY_FONT

    _cover(document, data)
    if data.empty:
        paragraph = document.add_paragraph()
        paragraph.add_run(model.NO_EVENTS_NOTE).bold = True

    document.add_heading("Summary", level=1)
    for part in data.narrative:
        document.add_heading(_clean(part.heading), level=2)
        document.add_paragraph(_clean(part.text))

    document.add_heading("Headline figures", level=1)
    add_table(document, data.headline_table(change_as_text=True))
    _note(document, model.PREVIOUS_NOTE)

    document.add_heading("Pillars", level=1)
    _note(document, pillars.COUNTING_RULE)
    document.add_heading("Events per pillar", level=2)
    add_table(document, data.pillar_table)
    document.add_heading("Each event counted once", level=2)
    add_table(document, data.group_table)
    _note(document, model.GROUP_NOTE)

    document.add_heading("Western Balkan partners", level=1)
    add_table(document, data.wb_table)
    _note(document, model.WB_NOTE)

    document.add_heading("International partners", level=1)
    if data.partners_note:
        _note(document, data.partners_note)
    document.add_heading("By kind", level=2)
    add_table(document, data.kind_table, empty_text="No international partner took part.")
    document.add_heading("Partners and the events each attended", level=2)
    add_table(document, data.partner_table, empty_text="No international partner took part.")

    document.add_heading("Host cities", level=1)
    add_table(document, data.places_table, empty_text="No event has a stated host city.")

    add_indicator_section(document, data)

    if data.empty:
        document.add_heading("Charts", level=1)
        document.add_paragraph("No charts: there are no events to show.")
    else:
        # Charts start on a page of their own, two to a page, none split from its caption.
        _page_break(document)
        document.add_heading("Charts", level=1)
        if charts.note:
            _note(document, charts.note)
    for key in model.CHART_ORDER:
        image = charts.images.get(key)
        if image is None:
            continue
        document.add_picture(io.BytesIO(image), width=Cm(IMAGE_WIDTH_CM))
        document.paragraphs[-1].paragraph_format.keep_with_next = True
        _note(document, CHART_CAPTIONS[key])

    annex = document.add_section()
    # The annex has long titles and partner lists: landscape gives them room.
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Cm(PAGE_LONG_CM), Cm(PAGE_SHORT_CM)
    document.add_heading("Annex: events of the period", level=1)
    if data.caveated_events:
        _note(
            document,
            f"{caveats.MARK}: the event carries source caveats (how many), listed "
            "under Source caveats with the event's number.",
        )
    add_table(
        document,
        _annex_rows(data),
        font_pt=ANNEX_FONT_PT,
        empty_text="No events fall in the reporting period.",
        width_cm=LANDSCAPE_TEXT_CM,
    )

    document.add_heading("Source caveats", level=1)
    document.add_paragraph(_clean(data.caveats_summary))
    if not data.caveat_table.empty:
        _note(document, model.CAVEATS_NOTE)
        add_table(document, data.caveat_table, font_pt=ANNEX_FONT_PT, width_cm=LANDSCAPE_TEXT_CM)

    document.add_heading("About this report", level=1)
    add_table(document, data.about_table(), width_cm=LANDSCAPE_TEXT_CM)
    _note(document, data.footnote)
    return document


def to_docx_bytes(
    data: ReportData, *, images: bool = True, charts: ChartImages | None = None
) -> bytes:
    """Write the report as a .docx file.

    Args:
        data: The report.
        images: Whether to draw the charts (needs Chromium; about 5 s).
        charts: Charts already drawn (skips drawing).

    Returns:
        The file's bytes.
    """
    if charts is None:
        if not images:
            charts = ChartImages(note=NO_IMAGES_NOTE if data.figures else None)
        else:
            charts = chart_images(data.figures)
    buffer = io.BytesIO()
    build_document(data, charts).save(buffer)
    return buffer.getvalue()
