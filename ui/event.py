"""One event on a page: the event picker that follows clicks, and the event card that shows it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import display
from analytics.event_card import EventCard
from analytics.safe_text import escape_markdown
from ui.controls import picker_following_clicks


def event_picker(
    events: pd.DataFrame,
    *,
    key: str,
    clicked: str | None,
    last_click_key: str,
    placeholder: str,
    limit: int = display.MAX_PICKER_EVENTS,
    beyond_hint: str | None = None,
) -> str | None:
    """Draw the "Event" picker: the newest events (and the one chosen or clicked), newest first.

    A click elsewhere (chart point, table row) moves it once (``picker_following_clicks``).

    Args:
        events: The matching events.
        key: The selectbox's widget key.
        clicked: The id of the event clicked elsewhere in this run, if any.
        last_click_key: Session-state key remembering the last click handled.
        placeholder: Text shown while nothing is chosen.
        limit: The most newest events listed.
        beyond_hint: When given and more events match than are listed, a caption above the
            picker says so and ends with this hint ("select a row in the table to see any
            other").

    Returns:
        The chosen event's id, or None.
    """
    choices = display.event_choices(events, limit, keep=(clicked, st.session_state.get(key)))
    if beyond_hint is not None and len(events) > limit:
        st.caption(
            f"The list below offers the newest {limit:,} of the {len(events):,} matching "
            f"events; {beyond_hint}."
        )
    return picker_following_clicks(
        "Event",
        choices,
        key=key,
        clicked=clicked,
        last_click_key=last_click_key,
        placeholder=placeholder,
    )


def show_event_card(card: EventCard) -> None:
    """Draw one event's card: title, dates and place, summary, facts, sources, caveats, notes.

    Data text goes through ``escape_markdown`` or a plain-text element; links are buttons to
    http(s) addresses only (``EventCard.links``).

    Args:
        card: The event's card (``analytics.event_card.event_card``).
    """
    with st.container(border=True):
        st.markdown(f"#### {escape_markdown(card.title)}")
        st.markdown(f"**{escape_markdown(card.dates)}** · {escape_markdown(card.place)}")
        if card.summary:
            st.text(card.summary)
        facts, sources = st.columns(2)
        with facts:
            for label, value in card.facts:
                st.markdown(f"**{label}:** {escape_markdown(value)}")
            st.caption(f"Event id: {escape_markdown(card.event_id)}")
        with sources:
            st.markdown("**Source**")
            st.text(card.source)
            for number, link in enumerate(card.links):
                st.link_button(
                    "Open the source" if number == 0 else "Open the other source link",
                    link,
                    icon=":material/open_in_new:",
                )
        for caveat in card.caveats:
            st.warning(f"Caveat: {escape_markdown(caveat)}", icon=":material/help:")
        if card.notes:
            st.markdown("**Curators' notes**")
            st.text(card.notes)
