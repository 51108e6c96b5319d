"""Pillars: events per pillar over time, each pillar's share, and pillars by type and country."""

from __future__ import annotations

import streamlit as st

from analytics import pillars
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

st.subheader("Figures per pillar")
st.dataframe(
    pillars.pillar_figures_table(view.events, view.event_partners, dataset.reference),
    hide_index=True,
    width="stretch",
)
st.caption(
    "Days of meetings add up each event's days; partners and host countries are counted once "
    "per pillar. The last row counts every matching event once."
)

st.subheader("Over time")
chosen = granularity_control(KEY_GRANULARITY)
per_period = pillars.pillar_counts_per_period(
    view.events, dataset.reference, chosen, view.event_filter.start, view.event_filter.end
)
show_chart(
    pillars.pillar_period_figure(per_period, dataset.reference, chosen),
    key="pillars_per_period",
)

# One under the other: side by side, the donut's legend ran past its half of a laptop screen.
left = right = st.container()
with left:
    show_chart(
        pillars.pillar_share_figure(
            pillars.pillar_group_shares(view.events, dataset.reference), dataset.reference
        ),
        key="pillars_shares",
    )
with right:
    show_chart(
        pillars.pillar_type_figure(view.events, dataset.reference),
        key="pillars_by_type",
    )
show_chart(
    pillars.pillar_country_figure(view.events, dataset.reference),
    key="pillars_by_country",
)

kosovo_footnote()
