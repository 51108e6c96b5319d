"""Overview: the entry page of the IISG Events Dashboard."""

from __future__ import annotations

import streamlit as st

from analytics import caveats, display, filters, timeline
from analytics.metrics import Kpis, kpis_with_previous
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
kpis, previous = kpis_with_previous(dataset.events, dataset.event_partners, view.event_filter)


def delta(name: str) -> int | None:
    """Change against the previous period of equal length (None when there is none)."""
    if previous is None:
        return None
    now: Kpis = kpis
    return int(getattr(now, name)) - int(getattr(previous, name))


columns = metric_row(5)
columns[0].metric("Events", f"{kpis.events:,}", delta=delta("events"))
columns[1].metric("Partners engaged", f"{kpis.partners:,}", delta=delta("partners"))
# Sources cut short or naming no participants make the partner count a lower bound.
partners_note = caveats.lower_bound_note(
    int(caveats.participants_missing(view.events).sum()), len(view.events)
)
if partners_note:
    columns[1].caption(partners_note)
columns[2].metric("Host cities", f"{kpis.host_cities:,}", delta=delta("host_cities"))
columns[3].metric("Host countries", f"{kpis.countries:,}", delta=delta("countries"))
columns[4].metric("Days of meetings", f"{kpis.days_of_meetings:,}", delta=delta("days_of_meetings"))
if previous is not None:
    st.caption("Changes are against the previous period of equal length, with the same filters.")
period = (
    f"{display.format_date(kpis.first_date)} – {display.format_date(kpis.last_date)}"
    if kpis.first_date is not None and kpis.last_date is not None
    else "no events"
)
st.markdown(f"**Period covered by the matching events:** {period}")

if view.empty:
    empty_state(view)
else:
    comparison = filters.apply(
        dataset.events, timeline.without_dates(view.event_filter), dataset.event_partners
    )
    start, end = view.event_filter.start, view.event_filter.end
    # Months for a year, quarters for a few years, years for the whole record.
    step = timeline.activity_step(view.events, start, end)
    counts = timeline.activity_counts(view.events, comparison, step, start, end)
    trend = timeline.activity_figure(
        counts,
        step,
        title=f"Events per {timeline.period_noun(step)} "
        f"(grey: the {timeline.comparison_name(step).lower()})",
    )
    trend.update_layout(height=320)
    show_chart(trend, key="overview_trend")
    st.subheader("Latest events")
    st.dataframe(display.latest_events(view.events), hide_index=True, width="stretch")

st.subheader("Pages")
page_links(navigation_pages()[1:])

st.divider()
st.caption(
    f"Dataset: `{dataset.path}` · {len(dataset.events)} events loaded · "
    f"{len(dataset.problems)} data problem{'s' if len(dataset.problems) != 1 else ''}"
)
kosovo_footnote()
