"""Data quality: what to fix in the events file, and what the dataset lacks or doubts."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import display, quality
from analytics.duplicates import TITLE_SIMILARITY
from analytics.page_models.data_quality import DataQualityPage
from analytics.safe_text import escape_markdown
from ui.controls import Download, download_buttons, long_table, metric_row
from ui.editor import editing_enabled
from ui.layout import editing_off_notice, kosovo_footnote, setup_page

# The problems are the subject of this page, so the banner pointing here is not shown.
dataset = setup_page("Data quality", ":material/fact_check:", banner=False)
# The sidebar filters are not drawn: data quality is about the whole file, every event.
st.caption(
    "What to fix in the events file, and which facts the events lack. This page always covers "
    "every event of the file, whatever the filters on the other pages."
)

model = DataQualityPage(dataset, dt.date.today())
fresh = model.freshness
columns = metric_row(5)
columns[0].metric("Events in the file", f"{dataset.total_events_in_file:,}")
columns[1].metric("Events shown", f"{len(dataset.events):,}")
columns[2].metric("Errors", f"{model.errors:,}", help="Each error leaves its event out.")
columns[3].metric("Warnings", f"{model.warnings:,}", help="The event is shown anyway.")
columns[4].metric(
    "Latest event",
    display.format_date(fresh.latest) if fresh.latest else "none",
    help="Start date of the most recent event in the file.",
)
st.caption(f"File: {escape_markdown(dataset.path.name)} · latest event: {fresh.describe}.")

st.subheader("Problems to fix")
if dataset.problems:
    st.write(
        "Each row names the line of the file to edit. Errors leave their event out until they "
        "are fixed; warnings keep the event. Click a column header to sort."
    )
    long_table(
        model.problems_table,
        key="quality_problems",
        noun="problems",
        file_name="iisg-events-problems.csv",
        column_config={
            quality.SEVERITY: st.column_config.TextColumn(width="small"),
            quality.LINE: st.column_config.NumberColumn(format="%d", width="small"),
            quality.FIELD: st.column_config.TextColumn(width="small"),
            quality.MESSAGE: st.column_config.TextColumn(width="large"),
        },
    )
    # Table cells cut long messages; the plain list shows each one whole, as text.
    limit = quality.MAX_PROBLEM_LINES
    many = len(dataset.problems) > limit
    with st.expander(
        f"The first {limit:,} problems in full, as text"
        if many
        else "Every problem in full, as one text to copy"
    ):
        if many:
            st.caption(
                f"The first {limit:,} of {len(dataset.problems):,} problems are shown; the text "
                "file has them all."
            )
            download_buttons(
                [
                    Download(
                        f"Download all {len(dataset.problems):,} problems as text",
                        model.problems_text_bytes,
                        "iisg-events-problems.txt",
                        "text/plain",
                        icon=":material/download:",
                        key="quality_problems_text",
                        help="Every problem, one a line, as the list below.",
                    )
                ],
                widths=[1, 2],
            )
        # The notice and the download come first: the text below is thousands of lines long.
        st.text(model.problems_text(limit))
else:
    st.success("No problems: every event of the file is valid.", icon=":material/check_circle:")

st.subheader("Events with missing facts")
if dataset.total_events_in_file == 0:
    st.info("The file has no events yet.", icon=":material/inbox:")
elif dataset.events.empty:
    st.info("No valid events: fix the errors above to see their facts.", icon=":material/inbox:")
else:
    st.write("Optional facts the events lack (an online event needs no city).")
    st.dataframe(
        model.missing_fact_counts,
        hide_index=True,
        key="quality_missing_counts",
    )
    lacking = model.lacking
    if not lacking.empty:
        with st.expander(model.lacking_title):
            long_table(
                lacking,
                key="quality_missing",
                noun="events lacking a fact",
                file_name="iisg-events-lacking-facts.csv",
            )

st.subheader("Names the registries do not know")
partners = model.unknown_partners
cities = model.unlocated_cities
if partners.empty and cities.empty:
    st.success(
        "Every partner is in the partners registry and every host city is on the map.",
        icon=":material/check_circle:",
    )
if not partners.empty:
    st.write(
        "Partners and organisers not in data/partners.yaml: they count as partners of their own "
        "kind (“Not in the registry”). Add them to the registry, or correct the spelling."
    )
    st.dataframe(partners, hide_index=True, width="stretch", key="quality_unknown_partners")
if not cities.empty:
    st.write(
        "Host cities the gazetteer does not know: their events are missing from the map. "
        "Correct the spelling, or add a `map_as:` line for them in data/places.yaml."
    )
    st.dataframe(cities, hide_index=True, width="stretch", key="quality_unknown_cities")

st.subheader("Possible duplicates")
duplicates = model.duplicates
if duplicates.empty:
    st.success("No two events look like the same event.", icon=":material/check_circle:")
else:
    st.write(
        "Pairs of events that start on the same day in the same city, or whose titles are "
        f"at least {TITLE_SIMILARITY:.0f}% alike within a day. Check whether they are "
        "one event entered twice."
    )
    long_table(
        duplicates,
        key="quality_duplicates",
        noun="possible duplicates",
        file_name="iisg-possible-duplicates.csv",
    )

st.subheader("Doubts recorded by the curators")
caveats = model.caveats
if caveats.empty:
    st.info("No caveats are recorded.", icon=":material/info:")
else:
    st.write(model.caveats_sentence)
    long_table(
        caveats,
        key="quality_caveats",
        noun="caveats",
        file_name="iisg-caveats.csv",
        column_config={quality.CAVEAT: st.column_config.TextColumn(width="large")},
    )

if not editing_enabled():
    st.subheader("Editing")
    editing_off_notice()

kosovo_footnote()
