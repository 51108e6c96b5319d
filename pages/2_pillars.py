"""Pillars: events per pillar over time, each pillar's share, and pillars by type and country."""

from __future__ import annotations

import streamlit as st

from analytics import pillars
from analytics.page_models.pillars import PillarsPage
from ui.charts import show_chart
from ui.controls import granularity_control
from ui.layout import kosovo_footnote
from ui.page import filtered_page

TITLE = "Pillars"
ICON = ":material/view_column:"
KEY_GRANULARITY = "pillars_granularity"

dataset, view = filtered_page(
    TITLE, ICON, caption=f"**How events are counted.** {pillars.COUNTING_RULE}"
)
model = PillarsPage(dataset, view.events, view.event_partners, view.event_filter)

st.subheader("Figures per pillar")
st.dataframe(model.figures_table, hide_index=True, width="stretch")
st.caption(
    "Days of meetings add up each event's days; partners and host countries are counted once "
    "per pillar. The last row counts every matching event once."
)

st.subheader("Over time")
chosen = granularity_control(KEY_GRANULARITY, default=model.suggested_step)
show_chart(model.per_period_figure(chosen), key="pillars_per_period")

# One under the other: side by side, the donut's legend ran past its half of a laptop screen.
show_chart(model.share_figure, key="pillars_shares")
show_chart(model.type_figure, key="pillars_by_type")
show_chart(model.country_figure, key="pillars_by_country")

kosovo_footnote()
