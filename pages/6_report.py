"""Report: the periodic report to DG NEAR for a chosen period, previewed and downloaded."""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from analytics import filters, indicators, periods, pillars, safe_text
from analytics.report import build, formats, model
from analytics.schema import DatasetError
from ui.controls import Download, download_buttons, metric_row
from ui.layout import kosovo_footnote
from ui.page import end_page, filtered_page

TITLE = "Report"
ICON = ":material/description:"
FORMAT_ICONS = {
    "docx": ":material/article:",
    "xlsx": ":material/table_view:",
    "html": ":material/language:",
}
KEY_KIND = "report_period_kind"
KEY_YEAR = "report_year"
KEY_PART = "report_part"
KEY_FROM = "report_from"
KEY_TO = "report_to"

dataset, view = filtered_page(TITLE, ICON, with_period=False, stop_when_empty=False)
st.caption(
    "**The report period is chosen here** (the sidebar's period box is hidden on this page); "
    "the sidebar's other "
    "filters (pillars, types, countries, partners, search) apply to the report."
)

options = filters.filter_options(
    dataset.events, dataset.event_partners, dataset.reference.pillar_codes
)
years = list(options.years) or [dt.date.today().year]
left, middle, right = st.columns([3, 1, 2])
with left:
    kind = st.segmented_control(
        "Report period",
        periods.KINDS,
        format_func=lambda k: periods.KIND_LABELS[k],
        default=periods.YEAR,
        required=True,
        key=KEY_KIND,
    )
kind = kind or periods.YEAR
if kind == periods.CUSTOM:
    first_default = dt.date(years[0], 1, 1)
    with middle:
        start = st.date_input("From", value=first_default, key=KEY_FROM, format="YYYY-MM-DD")
    with right:
        end = st.date_input("To", value=dt.date(years[0], 12, 31), key=KEY_TO, format="YYYY-MM-DD")
    try:
        period = periods.custom(start, end)  # type: ignore[arg-type]
    except ValueError as error:
        st.error(f"Choose other dates: {error}.", icon=":material/event_busy:")
        end_page()
else:
    with middle:
        year = st.selectbox("Year", years, key=KEY_YEAR)
    parts = periods.part_labels(kind)
    part: int | None = 1
    if parts:
        # A quarter 3 or 4 has no half-year: fall back to the first part when the kind changes.
        if st.session_state.get(KEY_PART) not in parts:
            st.session_state[KEY_PART] = 1
        with right:
            part = st.selectbox(
                "Part", list(parts), format_func=lambda number: parts[number], key=KEY_PART
            )
    period = periods.calendar_part(kind, int(year), int(part or 1))

indicators_file = indicators.indicators_path(dataset.path)
try:
    indicator_set: indicators.IndicatorSet | None = indicators.load_indicators(
        indicators_file, dataset.reference
    )
except DatasetError as error:
    indicator_set = None
    st.warning(
        "The downloads leave out *Progress against indicators*: "
        f"{safe_text.escape_markdown(str(error))}",
        icon=":material/warning:",
    )
data = build.build_report(dataset, period, view.event_filter, indicators=indicator_set)
st.subheader(data.title)
st.caption(
    f"{safe_text.escape_markdown(data.period.dates_text)} · compared with "
    f"{safe_text.escape_markdown(data.previous_period.dates_text)} (same number of days) · "
    f"filters: {safe_text.escape_markdown(data.filters_text)}"
)
if data.empty:
    if view.total == 0:
        st.info(
            "The dataset has no events yet, so the report is empty. It can still be downloaded.",
            icon=":material/inbox:",
        )
    else:
        st.info(
            f"No events match the filters in {data.period.label}. The report can still be "
            "downloaded; it says so. Widen the period or remove a filter in the sidebar.",
            icon=":material/filter_alt_off:",
        )

st.markdown("**Download the report**")
download_buttons(
    [
        Download(
            file_format.label,
            partial(file_format.render, data),
            data.file_name(file_format.extension),
            file_format.mime,
            icon=FORMAT_ICONS.get(file_format.name, ":material/download:"),
            key=f"report_download_{file_format.name}",
            help=file_format.help,
        )
        for file_format in formats.FORMATS
    ]
)

if data.indicator_count is not None:
    st.caption(
        f"The downloads include *Progress against indicators*: "
        f"{data.indicator_count} indicators of "
        f"{safe_text.escape_markdown(indicators_file.name)}, shown on the Results page."
    )

st.subheader("Headline figures")
shown_kpis = [h for h in data.headlines if h.label in model.OVERVIEW_KPIS]
columns = metric_row(len(shown_kpis))
for column, headline in zip(columns, shown_kpis, strict=True):
    column.metric(
        headline.label,
        headline.value,
        delta=headline.change,
        help=f"Previous period: {headline.previous}",
    )
    if headline.note:
        column.caption(headline.note)

st.subheader("Summary")
for paragraph in data.narrative:
    st.markdown(f"**{safe_text.escape_markdown(paragraph.heading)}**")
    st.markdown(safe_text.escape_markdown(paragraph.text))

st.subheader("Pillars")
st.caption(pillars.COUNTING_RULE)
st.dataframe(data.pillar_table, hide_index=True, width="stretch", key="report_pillars")
st.dataframe(data.group_table, hide_index=True, width="stretch", key="report_groups")

st.subheader("Western Balkan partners")
st.dataframe(data.wb_table, hide_index=True, width="stretch", key="report_wb")
st.caption(model.WB_NOTE)

st.subheader("International partners")
st.dataframe(data.kind_table, hide_index=True, width="stretch", key="report_kinds")
if data.partners_note:
    st.caption(data.partners_note)

st.subheader("Events of the period")
st.dataframe(
    data.events[
        [
            model.ANNEX_NUMBER,
            "Dates",
            "Title",
            "City",
            "Country",
            "Pillars",
            model.ANNEX_CAVEATS,
        ]
    ],
    hide_index=True,
    width="stretch",
    key="report_events",
)

st.subheader("Source caveats")
st.markdown(safe_text.escape_markdown(data.caveats_summary))
if not data.caveat_table.empty:
    st.dataframe(data.caveat_table, hide_index=True, width="stretch", key="report_caveats")

st.caption(
    f"Dataset {safe_text.escape_markdown(data.provenance.file_name)} · SHA-256 "
    f"{data.provenance.content_hash[:12]}… · {data.provenance.valid_events} events · "
    f"{data.provenance.errors} errors, {data.provenance.warnings} warnings"
)
kosovo_footnote()
