"""Overview: the entry page of the IISG Events Dashboard."""

from __future__ import annotations

import streamlit as st

from analytics.page_models.overview import overview_page
from analytics.words import count_text
from ui.charts import show_chart
from ui.controls import metric_row
from ui.filters import empty_state
from ui.layout import kosovo_footnote, navigation_pages, page_links
from ui.page import filtered_page

dataset, view = filtered_page(
    "IISG Events Dashboard",
    ":material/dashboard:",
    caption="Events of the IISG Secretariat (Integrative Internal Security Governance): WBCTi "
    "counter-terrorism, WBCSCi serious and organised crime, WBBSi border security.",
    stop_when_empty=False,
)
model = overview_page(dataset, view.events, view.event_filter)

columns = metric_row(len(model.headlines))
for column, headline in zip(columns, model.headlines, strict=True):
    column.metric(headline.label, f"{headline.value:,}", delta=headline.change)
    if headline.note:
        column.caption(headline.note)
if model.compared:
    st.caption("Changes are against the previous period of equal length, with the same filters.")
st.markdown(f"**Period covered by the matching events:** {model.period_text}")

if model.trend is None:
    empty_state(view)
else:
    show_chart(model.trend, key="overview_trend")
    st.subheader("Latest events")
    st.dataframe(model.latest, hide_index=True, width="stretch")

st.subheader("Pages")
page_links(navigation_pages()[1:])

st.divider()
st.caption(
    f"Dataset: `{dataset.path}` · {len(dataset.events)} events loaded · "
    f"{count_text(len(dataset.problems), 'data problem')}"
)
kosovo_footnote()
