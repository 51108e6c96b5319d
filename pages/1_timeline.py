"""Timeline: every matching event on a time axis, activity per period, and one event's details."""

from __future__ import annotations

import streamlit as st

from analytics import timeline
from analytics.event_card import event_card
from analytics.page_models.timeline import TimelinePage
from ui.charts import show_chart
from ui.controls import granularity_control
from ui.event import event_picker, show_event_card
from ui.layout import kosovo_footnote
from ui.page import filtered_page

TITLE = "Timeline"
ICON = ":material/timeline:"
KEY_GRANULARITY = "timeline_granularity"
KEY_EVENT = "timeline_event"
KEY_CHART = "timeline_chart"
# The last click handled, so a later choice in the picker is not overridden by the same click.
STATE_LAST_CLICK = "_timeline_last_click"

dataset, view = filtered_page(TITLE, ICON)

st.caption(
    "Each row is one event, newest at the top: a bar from its first to its last day and a "
    "diamond on its first day. Colours show the pillar; events of several pillars are "
    "Cross-cutting. Click an event to see its details below."
)
model = TimelinePage(dataset, view.events, view.event_filter)
if model.notice is not None:
    st.info(model.notice, icon=":material/filter_alt:")
chart = show_chart(
    model.figure,
    key=KEY_CHART,
    data=model.table,
    noun="event",
    on_select="rerun",
    selection_mode="points",
)

st.subheader("Activity over time")
granularity = granularity_control(KEY_GRANULARITY, default=model.suggested_step)
show_chart(model.activity_figure(granularity), key="timeline_activity")
st.caption(
    "An event is counted in the period in which it starts. The grey line counts the events "
    "with the same filters in the same period one year earlier; periods without events show 0. "
    "The step follows the period (months up to 18 months, quarters up to four years, years "
    "beyond) until you choose another."
)

st.subheader("Event details")
chosen = event_picker(
    view.events,
    key=KEY_EVENT,
    clicked=model.clicked_event(chart.selection if chart is not None else None),
    last_click_key=STATE_LAST_CLICK,
    placeholder="Click an event in the chart, or choose one here",
    limit=timeline.MAX_TIMELINE_EVENTS,
)
card = event_card(view.events, chosen, dataset.reference)
if card is None:
    st.info("No event chosen yet.", icon=":material/touch_app:")
else:
    show_event_card(card)

kosovo_footnote()
