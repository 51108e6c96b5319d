"""Map of host cities: where the matching events took place, and the events of one city."""

from __future__ import annotations

import streamlit as st

from analytics import geomap, safe_text
from analytics.page_models.map import MapPage
from analytics.words import count_text
from ui.charts import show_chart
from ui.controls import metric_row, picker_following_clicks
from ui.layout import kosovo_footnote
from ui.page import filtered_page

TITLE = "Map of host cities"
ICON = ":material/map:"
KEY_COLOUR = "map_colour"
KEY_CHART = "map_cities"
KEY_CITY = "map_city"
# The city last clicked on the map, so a click moves the selectbox once, not on every rerun.
STATE_LAST_CLICK = "_map_last_clicked_city"
# Streamlit serves static/ at app/static/: the outlines load from the app, not from a CDN.
OFFLINE_MAP_CONFIG = {"topojsonURL": "app/static/topojson/"}

dataset, view = filtered_page(TITLE, ICON)

model = MapPage(dataset, view.events)

mode = st.radio(
    "Colour the bubbles by",
    geomap.COLOUR_MODES,
    key=KEY_COLOUR,
    horizontal=True,
    help=(
        "Dominant pillar: one bubble a city, in the colour of the pillar group with most of "
        "its events that name a pillar. A tie between groups shows as mixed pillars; grey "
        "only when none of the city's events names a pillar; cross-cutting means events "
        "naming several pillars. One bubble per pillar group: each group's events in a city "
        "as a bubble of its own."
    ),
)
# The counts above the map and the notes under it: a side column beside the map squeezed
# its text into a few letters a line on a narrow window.
facts = metric_row(2)
facts[0].metric("Host cities", model.city_count)
facts[1].metric("Events with a host city", model.no_city.with_city)
chart = show_chart(
    model.figure(mode or geomap.COLOUR_DOMINANT),
    key=KEY_CHART,
    data=model.city_table,
    noun="city",
    config=OFFLINE_MAP_CONFIG,
    on_select="rerun",
    selection_mode="points",
)
st.caption("Click a city to list its events below. Drag to pan, scroll to zoom.")
kosovo_footnote()
st.markdown(model.no_city_sentence)
unplaced = model.unplaced
if unplaced:
    st.warning(
        "Not on the map (the gazetteer does not know them): "
        + ", ".join(safe_text.escape_markdown(name) for name in unplaced),
        icon=":material/wrong_location:",
    )
if model.no_city.total:
    with st.expander("Events without a host city"):
        st.dataframe(
            model.events_without_city,
            hide_index=True,
            width="stretch",
        )

st.subheader("Events in a city")
labels = model.city_labels
clicked = model.clicked_cities(chart.selection if chart else None)
chosen = picker_following_clicks(
    "City",
    labels,
    key=KEY_CITY,
    clicked=clicked[0] if clicked else None,
    last_click_key=STATE_LAST_CLICK,
    placeholder="Click a city on the map, or choose one here",
)
if chosen:
    in_city = model.city_events(chosen)
    st.markdown(
        f"**{safe_text.escape_markdown(in_city.label)}**: "
        f"{count_text(in_city.count, 'matching event')}"
    )
    st.dataframe(
        in_city.table,
        hide_index=True,
        width="stretch",
        key="map_city_events",
    )

st.subheader("Host cities")
st.dataframe(
    model.city_table,
    hide_index=True,
    width="stretch",
    column_config={
        "Events": st.column_config.NumberColumn("Events", help="Matching events held there"),
        "Main pillar": st.column_config.TextColumn(
            "Main pillar",
            help=(
                "The pillar group with most of the city's events that name a pillar; a tie "
                "between groups is 'Mixed pillars'; 'No pillar' when none names one"
            ),
        ),
    },
)
st.divider()
kosovo_footnote()
