"""The first step of every filtered page: set it up, read the filters, stop when nothing matches.

A page is a three-step controller::

    dataset, view = filtered_page(TITLE, ICON)      # 1. the page, its data and the filters
    model = TimelinePage(dataset, view.events, view.event_filter)  # 2. the page's model
    show_chart(model.figure, ...)                   # 3. show it
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

import streamlit as st

from analytics import Dataset
from ui.filters import FilteredView, empty_state, render_filters
from ui.layout import kosovo_footnote, setup_page


def filtered_page(
    title: str,
    icon: str,
    *,
    caption: str | None = None,
    with_period: bool = True,
    page_params: Sequence[str] = (),
    stop_when_empty: bool = True,
) -> tuple[Dataset, FilteredView]:
    """Set up a page that shows the sidebar filters, and apply them.

    Args:
        title: The page's title.
        icon: Its Material icon (":material/map:").
        caption: A line under the title saying what the page shows, drawn before the filters.
        with_period: False where the page picks its own period (Report, Results).
        page_params: Address parameters the page reads itself (see ``render_filters``).
        stop_when_empty: Whether a view without events shows how to get some back and ends
            the page there (with the Kosovo* footnote).

    Returns:
        The dataset and the filtered view.
    """
    dataset = setup_page(title, icon)
    if caption:
        st.caption(caption)
    view = render_filters(dataset, with_period=with_period, page_params=page_params)
    if stop_when_empty and view.empty:
        empty_state(view)
        end_page()
    return dataset, view


def end_page() -> NoReturn:
    """End the page early, with the Kosovo* footnote every page carries."""
    kosovo_footnote()
    st.stop()
