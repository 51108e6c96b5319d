"""The report as one self-contained HTML file: interactive charts that work offline."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analytics import pillars, safe_text
from analytics.indicators import section as indicator_section
from analytics.report import model
from analytics.report.model import ReportData

HTML_MIME: Final = "text/html"
TOPOJSON_DIR: Final = Path(__file__).resolve().parents[2] / "static" / "topojson"
# No mode bar link to plotly's cloud editor; the picture download stays.
PLOT_CONFIG: Final = {"displaylogo": False, "responsive": True}
STYLE: Final = """
body { font-family: "Source Sans Pro", Arial, sans-serif; color: #1a1a1a; margin: 2rem auto;
       max-width: 1100px; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.8rem; margin-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.number { text-align: right; }
.note { color: #555; font-size: .85rem; font-style: italic; }
.empty { font-weight: bold; }
.annex { font-size: .8rem; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
td.caveat { white-space: nowrap; }
table.annex { width: 99%; }
table.annex td { overflow-wrap: break-word; }
@page { size: A4; margin: 15mm; }
/* The annex and the source caveats print on landscape pages, as in the DOCX. */
@page annex { size: A4 landscape; margin: 12mm 15mm; }
@media print {
  section.annex-pages { page: annex; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  /* Each chart whole on one page, as wide as the paper allows. */
  .chart { break-inside: avoid; page-break-inside: avoid; width: 100%; }
  .chart .plotly-graph-div { width: 180mm !important; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .modebar { display: none !important; }
}
"""


def topojson_names(figures: Mapping[str, go.Figure]) -> list[str]:
    """The map outline files the charts need, named as plotly.js names them ("europe_50m").

    Args:
        figures: The report's charts.

    Returns:
        The names, without duplicates.
    """
    names: list[str] = []
    for figure in figures.values():
        geo = figure.layout.geo
        if not any(trace.type in ("scattergeo", "choropleth") for trace in figure.data):
            continue
        scope = geo.scope or "world"
        resolution = int(geo.resolution or 110)
        name = f"{scope.replace(' ', '-')}_{resolution}m"
        if name not in names:
            names.append(name)
    return names


def geo_assets_script(names: list[str], folder: Path = TOPOJSON_DIR) -> str:
    """A script that hands plotly.js the map outlines, so it never fetches them from its CDN.

    plotly.js looks up ``window.PlotlyGeoAssets.topojson[name]`` before fetching
    ``topojsonURL + name + ".json"``; it must run before plotly.js is loaded.

    Args:
        names: Outline names (``topojson_names``).
        folder: Where the outline files are.

    Returns:
        A ``<script>`` element ("" when no map is drawn).
    """
    if not names:
        return ""
    assets = {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in names
    }
    payload = json.dumps({"topojson": assets}, separators=(",", ":"))
    # "</" could close the script element early; JSON allows "<\/" for it.
    payload = payload.replace("</", "<\\/")
    return f"<script>window.PlotlyGeoAssets={payload};</script>"


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return html.escape(value.isoformat())
    if isinstance(value, float):
        return f"{value:.1f}"
    return html.escape(str(value))


def _source_cell(value: Any) -> str:
    link = safe_text.safe_link(value)
    if link is None:
        return _text(value)
    return f'<a href="{html.escape(link)}" rel="noopener noreferrer">{html.escape(link)}</a>'


def table_html(table: pd.DataFrame, *, css_class: str = "", empty_text: str = "None.") -> str:
    """An HTML table of a frame, every value escaped; only http(s) sources become links.

    Args:
        table: The rows.
        css_class: A class for the table element.
        empty_text: What to write when there are no rows.

    Returns:
        The HTML.
    """
    if table.empty:
        return f"<p>{html.escape(empty_text)}</p>" if empty_text else ""
    head = "".join(f"<th>{_text(name)}</th>" for name in table.columns)
    rows = []
    for values in table.itertuples(index=False, name=None):
        cells = []
        for name, value in zip(table.columns, values, strict=True):
            if name == model.ANNEX_SOURCE:
                cells.append(f"<td>{_source_cell(value)}</td>")
            elif name == model.ANNEX_CAVEATS:
                cells.append(f'<td class="caveat">{_text(value)}</td>')
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<td class="number">{_text(value)}</td>')
            else:
                cells.append(f"<td>{_text(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<table{attribute}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _annex(data: ReportData) -> pd.DataFrame:
    """The annex's rows as a reader reads them: "Dates" says when each event took place.

    Start and End (real dates, for sorting in the XLSX) would only repeat it, as in the DOCX.
    """
    return data.events.drop(columns=["Start", "End"])


def _note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def _charts_html(data: ReportData) -> str:
    if not data.figures:
        return "<p>No charts: there are no events to show.</p>"
    parts = []
    for index, key in enumerate(model.CHART_ORDER):
        figure = data.figures.get(key)
        if figure is None:
            continue
        parts.append(
            '<div class="chart">'
            + pio.to_html(
                figure,
                full_html=False,
                # plotly.js inlined once, with the first chart; never a CDN.
                include_plotlyjs=index == 0,
                include_mathjax=False,
                config=PLOT_CONFIG,
                div_id=f"chart-{key}",
            )
            + "</div>"
        )
    return "\n".join(parts)


def indicators_html(data: ReportData) -> str:
    """The "Progress against indicators" section ("" when the report has no indicators)."""
    if data.indicators is None:
        return ""
    notes = indicator_section.notes(data.indicators)
    parts = [
        f'<h2 id="indicators">{html.escape(indicator_section.TITLE)}</h2>',
        f"<p>{html.escape(notes[0])}</p>",
        table_html(
            indicator_section.document_table(data.indicators),
            css_class="indicators",
            empty_text="The indicators file defines no valid indicator.",
        ),
        *(_note(note) for note in notes[1:]),
    ]
    if data.indicators.results:
        parts += [
            "<h3>What each indicator counts</h3>",
            table_html(indicator_section.definitions_table(data.indicators)),
        ]
    return "\n".join(parts)


def to_html(data: ReportData) -> str:
    """Write the report as one HTML page that needs nothing from the internet.

    Args:
        data: The report.

    Returns:
        The HTML text.
    """
    source = data.provenance
    facts = [
        ("Reporting period", f"{data.period.label} ({data.period.dates_text})"),
        ("Compared with", f"{data.previous_period.dates_text} (same number of days)"),
        ("Filters", data.filters_text),
        ("Generated", source.generated_text),
        (
            "Dataset",
            f"{source.file_name}, {source.valid_events} events, SHA-256 "
            f"{source.content_hash[:12]}…",
        ),
        ("Source caveats", data.caveats_line),
    ]
    body = [
        f"<h1>{html.escape(data.title)}</h1>",
        '<dl class="facts">'
        + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in facts)
        + "</dl>",
    ]
    if data.empty:
        body.append(f'<p class="empty">{html.escape(model.NO_EVENTS_NOTE)}</p>')
    narrative = "".join(
        f"<h3>{html.escape(p.heading)}</h3><p>{html.escape(p.text)}</p>" for p in data.narrative
    )
    partners_note = _note(data.partners_note) if data.partners_note else ""
    body += [
        "<h2>Summary</h2>",
        f'<div id="narrative">{narrative}</div>',
        "<h2>Headline figures</h2>",
        table_html(data.headline_table(change_as_text=True)),
        _note(model.PREVIOUS_NOTE),
        "<h2>Pillars</h2>",
        _note(pillars.COUNTING_RULE),
        "<h3>Events per pillar</h3>",
        table_html(data.pillar_table),
        "<h3>Each event counted once</h3>",
        table_html(data.group_table),
        _note(model.GROUP_NOTE),
        "<h2>Western Balkan partners</h2>",
        table_html(data.wb_table),
        _note(model.WB_NOTE),
        "<h2>International partners</h2>",
        partners_note,
        "<h3>By kind</h3>",
        table_html(data.kind_table, empty_text="No international partner took part."),
        "<h3>Partners and the events each attended</h3>",
        table_html(data.partner_table, empty_text="No international partner took part."),
        "<h2>Host cities</h2>",
        table_html(data.places_table, empty_text="No event has a stated host city."),
        indicators_html(data),
        "<h2>Charts</h2>",
        _charts_html(data),
        '<section class="annex-pages">',
        "<h2>Annex: events of the period</h2>",
        table_html(
            _annex(data), css_class="annex", empty_text="No events fall in the reporting period."
        ),
        '<h2 id="source-caveats">Source caveats</h2>',
        f"<p>{html.escape(data.caveats_summary)}</p>",
        _note(model.CAVEATS_NOTE) if not data.caveat_table.empty else "",
        table_html(data.caveat_table, css_class="annex", empty_text=""),
        "</section>",
        "<h2>About this report</h2>",
        table_html(data.about_table()),
        _note(data.footnote),
    ]
    head = (
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(data.title)}</title>"
        f"<style>{STYLE}</style>" + geo_assets_script(topojson_names(data.figures))
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head><body>{"".join(body)}</body></html>\n'
    )


def to_html_bytes(data: ReportData) -> bytes:
    """Write the report as UTF-8 HTML bytes (see ``to_html``)."""
    return to_html(data).encode("utf-8")
