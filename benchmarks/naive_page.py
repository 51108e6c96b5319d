"""The naive baseline page: parse the YAML and build the frame on every rerun, no caching.

This is what the dashboard would cost without its loader and caches; `python -m benchmarks`
runs it beside the real pages. It is deliberately NOT a house-style page (it does pandas work
inline) and is not served by the app.
"""

from __future__ import annotations

import os

import pandas as pd
import plotly.express as px
import streamlit as st
import yaml

# The same widget keys as ui/filters.py, so the benchmark changes the same filters.
KEY_PILLARS = "filter_pillars"
KEY_TEXT = "filter_text"
PILLARS = ("WBCTi", "WBCSCi", "WBBSi")

st.title("Naive baseline")
with open(os.environ["EVENTS_FILE"], encoding="utf-8") as handle:
    raw = yaml.safe_load(handle)
events = pd.DataFrame(raw.get("events") or [])
chosen = st.multiselect("Pillars", PILLARS, key=KEY_PILLARS)
text = st.text_input("Search", key=KEY_TEXT)
if not events.empty:
    events["start_date"] = pd.to_datetime(events["start_date"])
    if chosen:
        wanted = set(chosen)
        events = events[events["pillars"].map(lambda codes: bool(wanted.intersection(codes or ())))]
    if text:
        events = events[events["title"].str.contains(text, case=False, regex=False)]
st.metric("Events", len(events))
if not events.empty:
    per_year = events.groupby(events["start_date"].dt.year).size().reset_index(name="events")
    st.plotly_chart(px.bar(per_year, x="start_date", y="events"), key="naive_per_year")
    st.dataframe(events[["id", "title", "start_date", "city", "country"]], hide_index=True)
