"""Events: every matching event in a sortable table, one event's details, CSV and Excel downloads."""

from __future__ import annotations

import streamlit as st

from analytics import caveats, display, exports, schema
from analytics.event_card import event_card
from analytics.page_models.events import EventsPage
from ui.controls import Download, download_buttons, table_height
from ui.event import event_picker, show_event_card
from ui.layout import kosovo_footnote
from ui.page import filtered_page

TITLE = "Events"
ICON = ":material/table_view:"
KEY_TABLE = "events_table"
KEY_DETAIL = "events_detail"
# The row last selected in the table, so a selection moves the selectbox once, not every rerun.
STATE_LAST_ROW = "_events_last_selected"

dataset, view = filtered_page(TITLE, ICON)

# The table on screen holds the newest events up to a limit; the downloads hold every one.
model = EventsPage(dataset, view.events, view.event_filter)
shown = model.table

download_buttons(
    [
        Download(
            "Download CSV",
            model.csv_bytes,
            model.file_name("csv"),
            exports.CSV_MIME,
            icon=":material/download:",
            key="events_download_csv",
            help="The matching events, every field; opens in Excel with accents intact.",
        ),
        Download(
            "Download Excel",
            model.xlsx_bytes,
            model.file_name("xlsx"),
            exports.XLSX_MIME,
            icon=":material/download:",
            key="events_download_xlsx",
            help="The matching events, every field, with real dates and a filter on each column.",
        ),
    ],
    widths=[1, 1, 3],
)

if model.cut:
    st.info(
        f"The table lists the newest {len(shown):,} of the {len(view.events):,} matching "
        "events, newest first; sorting by a column header sorts these. Narrow the filters to "
        "list others, or download every matching event as CSV or Excel.",
        icon=":material/info:",
    )

column = st.column_config
label = display.DISPLAY_COLUMNS
selection = st.dataframe(
    shown,
    key=KEY_TABLE,
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    width="stretch",
    height=table_height(len(shown)),
    column_config={
        label[schema.START_DATE]: column.DateColumn(format="YYYY-MM-DD", width="small"),
        label[schema.END_DATE]: column.DateColumn(format="YYYY-MM-DD", width="small"),
        label["dates"]: column.TextColumn(width=130),
        label[schema.TITLE]: column.TextColumn(width="large"),
        caveats.MARK_LABEL: column.TextColumn(
            width="small", help="⚠ and the number of the curators' caveats about the sources"
        ),
        label[schema.SUMMARY]: column.TextColumn(width="large"),
        label[schema.PARTNERS]: column.TextColumn(width="medium"),
        label[schema.CAVEATS]: column.TextColumn(width="medium"),
        exports.NOTES_LABEL: column.TextColumn(width="medium"),
        label[schema.SOURCE]: column.TextColumn(width="medium"),
        label[schema.SOURCE_URL]: column.LinkColumn(
            help="The source's web page (only http and https addresses are links)",
            # Show the site's name rather than a long address.
            display_text=r"https?://(?:www\.)?([^/?#]+).*",
            width="small",
        ),
        label[schema.ID]: column.TextColumn(width="small"),
    },
)
st.caption("Sort by clicking a column header. Select a row to see the event's details below.")

st.subheader("Event details")
clicked = model.clicked_event(list(selection.selection.rows) if selection else [])
# The picker lists the newest events (and the one chosen or clicked), not all 100,000.
chosen = event_picker(
    view.events,
    key=KEY_DETAIL,
    clicked=clicked,
    last_click_key=STATE_LAST_ROW,
    placeholder="Select a row in the table, or choose an event here",
    beyond_hint="select a row in the table to see any other",
)
card = event_card(view.events, chosen, dataset.reference)
if card is not None:
    show_event_card(card)

st.divider()
kosovo_footnote()
