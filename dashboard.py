"""Overview: the entry page of the IISG Events Dashboard."""

from __future__ import annotations

import streamlit as st

from analytics import display
from analytics.metrics import compute_kpis
from ui.layout import available_pages, kosovo_footnote, setup_page

dataset = setup_page("IISG Events Dashboard", ":material/dashboard:")
events = dataset.events
kpis = compute_kpis(events, dataset.event_partners)

st.caption(
    "Events of the IISG Secretariat (Integrative Internal Security Governance): WBCTi "
    "counter-terrorism, WBCSCi serious and organised crime, WBBSi border security."
)
columns = st.columns(5)
columns[0].metric("Events", kpis.events)
columns[1].metric("Partners engaged", kpis.partners)
columns[2].metric("Host cities", kpis.host_cities)
columns[3].metric("Host countries", kpis.countries)
period = (
    f"{display.format_date(kpis.first_date)} – {display.format_date(kpis.last_date)}"
    if kpis.first_date is not None and kpis.last_date is not None
    else "no events"
)
columns[4].metric("Period covered", period)

st.subheader("Latest events")
if events.empty:
    st.info("No events to show.")
else:
    st.dataframe(display.latest_events(events), hide_index=True, width="stretch")

st.subheader("Pages")
for page in available_pages()[1:]:
    st.page_link(page.path, label=page.label, icon=page.icon)

st.divider()
st.caption(
    f"Dataset: `{dataset.path}` · {len(events)} events loaded · "
    f"{len(dataset.problems)} data problem{'s' if len(dataset.problems) != 1 else ''}"
)
kosovo_footnote()
