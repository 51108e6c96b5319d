"""Tests of the report: ReportData figures against hand counts, and its DOCX, XLSX and HTML."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml

from analytics import filters, load_dataset, periods
from analytics.filters import EventFilter
from analytics.report import build, formats, model, render_docx, render_html, render_xlsx
from tests.report.shared import BUNDLED, NOW, ROOT, SMALL, in_period, raw_events

H1_2023 = periods.half_year(2023, 1)


@pytest.fixture(scope="module")
def h1_report(bundled: Any) -> model.ReportData:
    return build.build_report(bundled, H1_2023, now=NOW)


@pytest.fixture(scope="module")
def h1_expected() -> dict[str, Any]:
    chosen = [e for e in raw_events(BUNDLED) if in_period(e, H1_2023)]
    before = periods.previous(H1_2023)
    pillar_counts = {
        code: sum(code in (e.get("pillars") or []) for e in chosen)
        for code in ("WBCTi", "WBCSCi", "WBBSi")
    }
    return {
        "events": chosen,
        "count": len(chosen),
        "previous": sum(in_period(e, before) for e in raw_events(BUNDLED)),
        "days": sum(
            ((e.get("end_date") or e["start_date"]) - e["start_date"]).days + 1 for e in chosen
        ),
        "cities": len({(e["city"], e["country"]) for e in chosen if e.get("city")}),
        "pillars": pillar_counts,
        "no_pillar": sum(not e.get("pillars") for e in chosen),
        "cross": sum(len(e.get("pillars") or []) > 1 for e in chosen),
        "albania_hosted": sum(e.get("country") == "Albania" for e in chosen),
        "montenegro_hosted": sum(e.get("country") == "Montenegro" for e in chosen),
        "wb_group": sum("Western Balkans Partners" in (e.get("partners") or []) for e in chosen),
        "titles": sorted(e["title"] for e in chosen),
    }


def test_report_figures_equal_counts_made_from_the_yaml(
    h1_report: model.ReportData, h1_expected: dict[str, Any]
) -> None:
    """Events, days, host cities, previous period and pillar counts match the raw file."""
    headlines = {h.label: h for h in h1_report.headlines}
    assert headlines[model.KPI_EVENTS].value == h1_expected["count"]
    assert headlines[model.KPI_EVENTS].previous == h1_expected["previous"]
    assert headlines[model.KPI_DAYS].value == h1_expected["days"]
    assert headlines[model.KPI_CITIES].value == h1_expected["cities"]
    per_pillar = dict(
        zip(
            h1_report.pillar_table[model.COL_PILLAR],
            h1_report.pillar_table[model.COL_EVENTS],
            strict=True,
        )
    )
    assert {code: per_pillar[code] for code in h1_expected["pillars"]} == h1_expected["pillars"]
    groups = dict(
        zip(
            h1_report.group_table[model.COL_GROUP],
            h1_report.group_table[model.COL_EVENTS],
            strict=True,
        )
    )
    assert groups["Cross-cutting (several pillars)"] == h1_expected["cross"]
    assert groups["No pillar named"] == h1_expected["no_pillar"]
    assert sum(groups.values()) == h1_expected["count"]
    wb = h1_report.wb_table.set_index(model.COL_PARTNER)
    assert wb.at["Albania", model.COL_HOSTED] == h1_expected["albania_hosted"]
    assert wb.at["Montenegro", model.COL_HOSTED] == h1_expected["montenegro_hosted"]
    assert list(wb.index) == [
        "Albania",
        "Bosnia and Herzegovina",
        "Kosovo*",
        "Montenegro",
        "North Macedonia",
        "Serbia",
    ]
    assert h1_report.wb_group_events == h1_expected["wb_group"]
    assert sorted(h1_report.events["Title"]) == h1_expected["titles"]


def test_western_balkans_group_is_not_split_into_the_six() -> None:
    """On the fixture the group attends 2 events, Kosovo* 1 (as host), no WB country takes part."""
    data = build.build_report(
        load_dataset(SMALL), periods.custom(dt.date(2022, 1, 1), dt.date(2023, 12, 31)), now=NOW
    )
    assert data.wb_group_events == 2
    wb = data.wb_table.set_index(model.COL_PARTNER)
    assert wb[model.COL_TOOK_PART].sum() == 0
    assert wb.at["Kosovo*", model.COL_HOSTED] == 1
    international = set(data.partner_table[model.COL_PARTNER])
    assert international == {"Italy", "DG NEAR", "Austria", "United States"}
    assert (
        dict(
            zip(
                data.partner_table[model.COL_PARTNER],
                data.partner_table[model.COL_EVENTS],
                strict=True,
            )
        )["DG NEAR"]
        == 2
    )


def test_narrative_states_the_computed_numbers(
    h1_report: model.ReportData, h1_expected: dict[str, Any]
) -> None:
    """The text names the dates, the event count and the previous period's count."""
    text = h1_report.narrative_text
    assert text.startswith("Between 1 January 2023 and 30 June 2023")
    assert f"records {h1_expected['count']} events" in text
    change = h1_expected["count"] - h1_expected["previous"]
    assert f"{abs(change)} events {'more' if change > 0 else 'fewer'}" in text
    assert (
        f"'Western Balkans Partners', which stands for the six together, is named at {h1_expected['wb_group']} events"
        in text
    )


def test_narrative_uses_singular_and_zero() -> None:
    """One event reads "1 event", none "No events"; no "1 events"."""
    small = load_dataset(SMALL)
    one = build.build_report(small, periods.quarter(2023, 1), now=NOW)
    text = one.narrative_text
    assert "records 1 event of the IISG, with 3 days of meetings" in text
    assert "1 events" not in text
    none = build.build_report(small, periods.calendar_year(2030), now=NOW)
    assert none.narrative_text.startswith("No events are recorded between 1 January 2030")


def test_filters_apply_to_both_periods_and_are_described(bundled: Any) -> None:
    """A pillar filter narrows the counts and is stated; the sidebar period is ignored."""
    chosen = EventFilter(
        period="2017", start=dt.date(2017, 1, 1), end=dt.date(2017, 12, 31), pillars=("WBCTi",)
    )
    data = build.build_report(bundled, H1_2023, chosen, now=NOW)
    expected = [
        e
        for e in raw_events(BUNDLED)
        if in_period(e, H1_2023) and "WBCTi" in (e.get("pillars") or [])
    ]
    assert data.kpis.events == len(expected)
    assert data.filters_text == "pillars WBCTi"
    assert data.event_filter.start == H1_2023.start
    assert data.file_name("docx") == "iisg-report-2023-H1-filtered.docx"


def docx_text(content: bytes) -> tuple[str, list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return text, tables


def test_docx_holds_the_hand_counted_numbers(
    h1_report: model.ReportData, h1_expected: dict[str, Any]
) -> None:
    """Reopened with python-docx: headline table, annex rows and provenance are right."""
    text, tables = docx_text(render_docx.to_docx_bytes(h1_report, images=False))
    assert "H1 2023 (1 January 2023 – 30 June 2023)" in text
    headline = next(t for t in tables if t[0][:2] == ["Figure", "This period"])
    assert headline[1][:3] == ["Events", str(h1_expected["count"]), str(h1_expected["previous"])]
    annex = next(t for t in tables if t[0][:3] == ["No.", "Dates", "Title"])
    assert sorted(row[2] for row in annex[1:]) == h1_expected["titles"]
    about = next(t for t in tables if t[0] == ["Item", "Value"])
    values = {row[0]: row[1] for row in about[1:]}
    assert values["Dataset file"] == "events.yaml"
    assert values["Dataset SHA-256"] == load_dataset(BUNDLED).content_hash
    assert values["Generated"] == "2024-01-02 03:04 UTC"
    # The Kosovo* footnote once, in the text, not again in a table.
    assert text.count("UNSCR 1244/1999") == 1
    assert not any("UNSCR 1244/1999" in cell for t in tables for row in t for cell in row)
    assert render_docx.NO_IMAGES_NOTE in text


def test_docx_embeds_the_four_charts_as_pictures(h1_report: model.ReportData) -> None:
    """With Chromium present the DOCX carries one PNG per chart (slow: draws them)."""
    content = render_docx.to_docx_bytes(h1_report)
    document = docx.Document(io.BytesIO(content))
    pictures = document.inline_shapes
    assert len(pictures) == len(model.CHART_ORDER)
    blobs = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(blobs) == len(model.CHART_ORDER)
    assert all(blob.startswith(b"\x89PNG") for blob in blobs)


def test_docx_without_a_browser_has_a_note_instead_of_charts(
    h1_report: model.ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When Chromium cannot start, the DOCX is still written and says why charts are missing."""

    def no_browser(figures: Any) -> Any:
        raise RuntimeError("no browser found at /nonexistent")

    monkeypatch.setattr(render_docx, "_draw", no_browser)
    images = render_docx.chart_images(h1_report.figures)
    assert images.images == {} and images.note and "/nonexistent" in images.note
    text, _ = docx_text(render_docx.to_docx_bytes(h1_report))
    assert "The charts are not included" in text


def test_xlsx_sheets_are_typed_frozen_and_filtered(
    h1_report: model.ReportData, h1_expected: dict[str, Any]
) -> None:
    """Reopened with openpyxl: one sheet per table under its title, real dates, frozen header."""
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx.to_xlsx_bytes(h1_report)))
    header_row = render_xlsx.HEADER_ROW
    for name in ("Summary", "Pillars", "Western Balkans", "Partners", "Events", "About"):
        assert name in book.sheetnames
        assert book[name].freeze_panes == f"A{header_row + 1}"
        assert book[name].auto_filter.ref
    summary = {
        row[0]: row[1:]
        for row in book["Summary"].iter_rows(min_row=header_row + 1, values_only=True)
    }
    assert summary["Events"][:2] == (h1_expected["count"], h1_expected["previous"])
    events = book["Events"]
    header = [cell.value for cell in events[header_row]]
    start_column = header.index("Start") + 1
    assert events.max_row - header_row == h1_expected["count"]
    first_start = events.cell(row=header_row + 1, column=start_column).value
    assert isinstance(first_start, dt.datetime)
    assert first_start.date() == min(e["start_date"] for e in h1_expected["events"])
    pillars_sheet = {
        row[0]: row[1]
        for row in book["Pillars"].iter_rows(min_row=header_row + 1, values_only=True)
    }
    assert pillars_sheet["WBCTi"] == h1_expected["pillars"]["WBCTi"]


def test_xlsx_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    """A title such as "=1+1" is written as text, never as a formula."""
    path = tmp_path / "events.yaml"
    path.write_text(
        'events:\n  - id: a\n    title: "=1+1"\n    start_date: 2023-02-01\n'
        "    event_type: workshop\n    iisg_role: organiser\n    source: test\n",
        encoding="utf-8",
    )
    data = build.build_report(load_dataset(path), H1_2023, now=NOW)
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx.to_xlsx_bytes(data)))["Events"]
    title = [cell for cell in sheet[render_xlsx.HEADER_ROW + 1] if cell.value == "=1+1"][0]
    assert title.data_type == "s"


def test_html_is_self_contained(h1_report: model.ReportData) -> None:
    """No script or style from the web, plotly.js inline once, map outlines embedded."""
    page = render_html.to_html(h1_report)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"""(src|href)=["']?//""", page)
    assert page.count("<script>window.PlotlyGeoAssets=") == 1
    assert page.index("window.PlotlyGeoAssets=") < page.index("plotly.js v")
    assert '"europe_50m":' in page
    # plotly.js carries its CDN address as a default; outside the library nothing refers to it.
    without_library = re.sub(
        r"<script[^>]*>/\*\*\s*\* plotly\.js.*?</script>", "", page, flags=re.DOTALL
    )
    assert "cdn.plot.ly" not in without_library
    assert "topojson.json" not in page


def test_html_annex_gives_each_event_its_dates_once(
    h1_report: model.ReportData, h1_expected: dict[str, Any]
) -> None:
    """The annex says when in "Dates" alone (27 Feb 2023), as the DOCX does, not again in ISO
    Start and End columns; every event of the period is a row."""
    page = render_html.to_html(h1_report)
    annex = page[page.index('<table class="annex">') :]
    annex = annex[: annex.index("</table>")]
    header = re.findall(r"<th>(.*?)</th>", annex)
    assert header[:3] == ["No.", "Dates", "Title"]
    assert "Start" not in header and "End" not in header
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", annex)]
    dates_by_title = {html.unescape(cells[2]): cells[1] for cells in rows[1:]}
    assert sorted(dates_by_title) == h1_expected["titles"]
    for event in h1_expected["events"]:
        start = event["start_date"]
        dates = dates_by_title[event["title"]]
        assert start.isoformat() not in annex
        assert str(start.day) in dates and f"{start:%b}" in dates and str(start.year) in dates


def test_html_escapes_data_text(tmp_path: Path) -> None:
    """A title with markup appears as text in the HTML, never as an element."""
    path = tmp_path / "events.yaml"
    path.write_text(
        'events:\n  - id: a\n    title: "<img src=x onerror=alert(1)>"\n    start_date: 2023-02-01\n'
        "    city: Tirana\n    country: Albania\n"
        '    event_type: workshop\n    iisg_role: organiser\n    source: "javascript:alert(1)"\n',
        encoding="utf-8",
    )
    data = build.build_report(load_dataset(path), H1_2023, now=NOW)
    page = render_html.to_html(data)
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript' not in page


@pytest.mark.parametrize("renderer", ["docx", "xlsx", "html"])
def test_period_without_events_gives_a_valid_report_that_says_so(
    bundled: Any, renderer: str
) -> None:
    """2030 has no events: each format is written, has zero counts and says there are none."""
    data = build.build_report(bundled, periods.calendar_year(2030), now=NOW)
    assert data.empty and data.figures == {}
    content = formats.by_name(renderer).render(data, images=False)
    if renderer == "docx":
        text, tables = docx_text(content)
        assert model.NO_EVENTS_NOTE in text
        headline = next(t for t in tables if t[0][:2] == ["Figure", "This period"])
        assert headline[1][1] == "0"
    elif renderer == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        assert book["Events"].max_row == render_xlsx.HEADER_ROW
        summary = {
            row[0]: row[1]
            for row in book["Summary"].iter_rows(
                min_row=render_xlsx.HEADER_ROW + 1, values_only=True
            )
        }
        assert summary["Events"] == 0
    else:
        page = content.decode("utf-8")
        assert model.NO_EVENTS_NOTE in page
        assert "plotly.js v" not in page


def test_report_of_an_empty_dataset(tmp_path: Path) -> None:
    """A dataset with no events yields a report of zeros, not an exception."""
    path = tmp_path / "events.yaml"
    path.write_text("events: []\n", encoding="utf-8")
    data = build.build_report(load_dataset(path), H1_2023, now=NOW)
    assert [h.value for h in data.headlines] == [0] * 7
    assert data.provenance.valid_events == 0
    assert render_html.to_html(data).count("<h2>") >= 5
    assert filters.describe(EventFilter()) == data.filters_text


def test_2023_western_balkans_table_counts_own_institutions_and_group_apart(
    bundled: Any,
) -> None:
    """2023: hosted, own institutions (kinds wb_partner/national_institution) and group counts from the YAML."""
    year = periods.parse_period("2023")
    chosen = [e for e in raw_events(BUNDLED) if in_period(e, year)]
    registry = yaml.safe_load((ROOT / "data" / "partners.yaml").read_text(encoding="utf-8"))
    kinds = {p["name"]: (p["kind"], p.get("country")) for p in registry["partners"]}
    data = build.build_report(bundled, year, now=NOW)
    wb = data.wb_table.set_index(model.COL_PARTNER)
    group = sum("Western Balkans Partners" in (e.get("partners") or []) for e in chosen)
    for country in ("Albania", "Bosnia and Herzegovina", "Montenegro", "North Macedonia", "Serbia"):
        own = sum(
            any(
                kinds[p][1] == country and kinds[p][0] in ("wb_partner", "national_institution")
                for p in e.get("partners") or []
            )
            for e in chosen
        )
        assert wb.at[country, model.COL_HOSTED] == sum(e.get("country") == country for e in chosen)
        assert wb.at[country, model.COL_TOOK_PART] == own
        assert wb.at[country, model.COL_VIA_GROUP] == group
    assert "ARK IT" not in wb.at["Albania", model.COL_BODIES]
    assert "ARK IT" in wb.at["Albania", model.COL_NOT_COUNTED]


def test_every_format_lists_the_2023_caveats(bundled: Any) -> None:
    """DOCX, XLSX and HTML of 2023 state the caveated events and list each caveat once."""
    year = periods.parse_period("2023")
    chosen = [e for e in raw_events(BUNDLED) if in_period(e, year)]
    texts = [c for e in chosen for c in e.get("caveats") or []]
    data = build.build_report(bundled, year, now=NOW)
    summary = f"All {len(chosen)} events of the period carry source caveats ({len(texts)} in all)."
    text, tables = docx_text(render_docx.to_docx_bytes(data, images=False))
    assert summary in text
    listed = next(t for t in tables if t[0][-1] == "Caveat")
    assert sorted(row[-1] for row in listed[1:]) == sorted(texts)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx.to_xlsx_bytes(data)))
    sheet = book[render_xlsx.SHEET_CAVEATS]
    assert sheet.max_row - render_xlsx.HEADER_ROW == len(texts)
    page = render_html.to_html(data)
    assert 'id="source-caveats"' in page and summary in page
    assert page.count("⚠") >= len(chosen)
