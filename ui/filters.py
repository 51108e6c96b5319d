"""The shared sidebar filters: one set of widgets on every page, kept across pages and in the URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analytics import Dataset, filters, schema
from analytics.filters import EventFilter, FilterOptions
from analytics.safe_text import escape_markdown

# Widget keys, one per filter; tests find the widgets by these.
KEY_PERIOD = "filter_period"
KEY_DATES = "filter_dates"
KEY_PILLARS = "filter_pillars"
KEY_TYPES = "filter_event_types"
KEY_ROLES = "filter_roles"
KEY_COUNTRIES = "filter_countries"
KEY_CITIES = "filter_cities"
KEY_PARTNERS = "filter_partners"
KEY_KINDS = "filter_partner_kinds"
KEY_TEXT = "filter_text"
KEY_RESET = "filter_reset"
MULTISELECT_KEYS = {
    "pillars": KEY_PILLARS,
    "event_types": KEY_TYPES,
    "roles": KEY_ROLES,
    "countries": KEY_COUNTRIES,
    "cities": KEY_CITIES,
    "partners": KEY_PARTNERS,
    "partner_kinds": KEY_KINDS,
}
WIDGET_KEYS = (KEY_PERIOD, KEY_DATES, KEY_TEXT, *MULTISELECT_KEYS.values())

# Session state that outlives the widgets (Streamlit drops widget state when a page is left).
STATE_FILTER = "_event_filter"
STATE_NOTICES = "_filter_notices"
STATE_PAGE = "_filter_page"


@dataclass(frozen=True)
class FilteredView:
    """What a page works with: the filter and the matching rows of every table.

    The matching rows of the long tables (``event_partners``, ``event_pillars``) are taken
    when a page first asks for them: most pages never do.
    """

    event_filter: EventFilter
    events: pd.DataFrame
    total: int
    data_first_day: dt.date | None = None
    data_last_day: dt.date | None = None
    all_event_partners: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    all_event_pillars: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def empty(self) -> bool:
        """True when no event matches."""
        return self.events.empty

    @cached_property
    def event_partners(self) -> pd.DataFrame:
        """The event x partner rows of the matching events."""
        return filters.apply_to_table(self.all_event_partners, self.events)

    @cached_property
    def event_pillars(self) -> pd.DataFrame:
        """The event x pillar rows of the matching events."""
        return filters.apply_to_table(self.all_event_pillars, self.events)


def _today() -> dt.date:
    return dt.date.today()


def _period_choices(options: FilterOptions) -> list[str]:
    return [
        filters.PERIOD_ALL,
        filters.PERIOD_THIS_YEAR,
        filters.PERIOD_LAST_12_MONTHS,
        filters.PERIOD_LATEST_12_MONTHS,
        *(str(year) for year in options.years),
        filters.PERIOD_CUSTOM,
    ]


def _reset() -> None:
    """Forget every filter (a callback: runs before the widgets are drawn)."""
    st.session_state[STATE_FILTER] = EventFilter()
    for key in WIDGET_KEYS:
        st.session_state.pop(key, None)
    st.query_params.clear()


def _seed_widgets(current: EventFilter, options: FilterOptions) -> None:
    """Give widgets missing from the session (new page, new session) the stored filter's values."""
    state = st.session_state
    if KEY_PERIOD not in state:
        state[KEY_PERIOD] = (
            current.period if current.period in _period_choices(options) else filters.PERIOD_ALL
        )
    if KEY_DATES not in state:
        first = current.start or options.first_day or _today()
        last = current.end or options.last_day or _today()
        state[KEY_DATES] = (first, last)
    if KEY_TEXT not in state:
        state[KEY_TEXT] = current.text
    for name, key in MULTISELECT_KEYS.items():
        if key not in state:
            allowed = set(getattr(options, name))
            state[key] = [value for value in getattr(current, name) if value in allowed]


def _read_widgets(options: FilterOptions) -> EventFilter:
    state = st.session_state
    period = state[KEY_PERIOD]
    start: dt.date | None
    end: dt.date | None
    if period == filters.PERIOD_CUSTOM:
        chosen = tuple(state.get(KEY_DATES) or ())
        start = chosen[0] if len(chosen) > 0 else None
        end = chosen[1] if len(chosen) > 1 else None
    else:
        start, end = filters.period_range(period, _today(), options.last_day)
    selections = {name: tuple(state.get(key) or ()) for name, key in MULTISELECT_KEYS.items()}
    text = str(state.get(KEY_TEXT) or "")[: filters.MAX_TEXT]
    return EventFilter(period=period, start=start, end=end, text=text, **selections)


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}  # noqa: SIM118


def render_filters(
    dataset: Dataset, *, with_period: bool = True, page_params: Sequence[str] = ()
) -> FilteredView:
    """Draw the sidebar filters, remember them across pages and in the URL, and apply them.

    Also shows, under the page title, a caption with the active filters and the number of
    matching events, and a notice for each invalid link parameter that was ignored.

    Args:
        dataset: The loaded dataset.
        with_period: False on a page that picks its own period (the report): the sidebar then
            has no period box, and the page's events are not limited by the sidebar period.
        page_params: Link parameters the page reads itself (e.g. "profile"): they are not
            filters, stay in the address when the filters change, and raise no notice.

    Returns:
        The filtered tables.
    """
    options = filters.filter_options(
        dataset.events, dataset.event_partners, dataset.reference.pillar_codes
    )
    state = st.session_state
    if STATE_FILTER not in state:
        link = {k: v for k, v in _query_params().items() if k not in page_params}
        from_link, notices = filters.from_query_params(link, options, _today())
        state[STATE_FILTER] = from_link
        state[STATE_NOTICES] = notices
        for key in WIDGET_KEYS:
            state.pop(key, None)
    # Streamlit gives a page's widgets fresh state when the user moves to another page, so on
    # arrival the widgets are set again from the filter the session keeps.
    context = get_script_run_ctx()
    page_id = context.page_script_hash if context is not None else ""
    if state.get(STATE_PAGE) != page_id:
        for key in WIDGET_KEYS:
            state.pop(key, None)
        state[STATE_PAGE] = page_id
    _seed_widgets(state[STATE_FILTER], options)

    with st.sidebar:
        st.header("Filters")
        if with_period:
            st.selectbox("Period", _period_choices(options), key=KEY_PERIOD)
            if state[KEY_PERIOD] == filters.PERIOD_CUSTOM:
                st.date_input("From – to", key=KEY_DATES, format="YYYY-MM-DD")
        st.multiselect(
            "Pillars",
            options.pillars,
            key=KEY_PILLARS,
            help="An event of several pillars matches each of them.",
        )
        st.multiselect("Event type", options.event_types, key=KEY_TYPES)
        st.multiselect("IISG role", options.roles, key=KEY_ROLES)
        st.multiselect(
            "Host country", options.countries, key=KEY_COUNTRIES, format_func=schema.display_country
        )
        st.multiselect("Host city", options.cities, key=KEY_CITIES)
        st.multiselect("Partner", options.partners, key=KEY_PARTNERS)
        st.multiselect(
            "Events with a partner of kind",
            options.partner_kinds,
            key=KEY_KINDS,
            help="Keeps the events that at least one partner of these kinds attended.",
        )
        st.text_input("Search title and summary", key=KEY_TEXT, max_chars=filters.MAX_TEXT)
        st.button("Reset filters", key=KEY_RESET, on_click=_reset, icon=":material/restart_alt:")

    chosen = _read_widgets(options)
    state[STATE_FILTER] = chosen
    wanted = filters.to_query_params(chosen)
    present = _query_params()
    kept = {k: v for k, v in present.items() if k in page_params}
    shown = {k: v for k, v in present.items() if k not in page_params}
    if shown != {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}:
        st.query_params.from_dict({**wanted, **kept})

    current = chosen
    if not with_period:
        # The period stays remembered (and in the link) for the other pages, not applied here.
        current = replace(chosen, period=filters.PERIOD_ALL, start=None, end=None)

    for notice in state.get(STATE_NOTICES, []):
        # The notice quotes the link's text: escaped, so a crafted link draws no link or image.
        st.warning(escape_markdown(notice), icon=":material/link_off:")
    state[STATE_NOTICES] = []

    matching = filters.apply(dataset.events, current, dataset.event_partners)
    view = FilteredView(
        event_filter=current,
        events=matching,
        total=len(dataset.events),
        data_first_day=options.first_day,
        data_last_day=options.last_day,
        all_event_partners=dataset.event_partners,
        all_event_pillars=dataset.event_pillars,
    )
    # The caption quotes the search text and chosen values (from the link or the data).
    st.caption(escape_markdown(filters.caption(current, len(matching), view.total)))
    return view


def empty_state(view: FilteredView) -> None:
    """Tell the user that no event matches, and how to get some back."""
    if view.total == 0:
        st.info("The dataset has no events yet.", icon=":material/inbox:")
        return
    outside = filters.outside_data(view.event_filter, view.data_first_day, view.data_last_day)
    if outside is None:
        st.info(
            "No events match the filters. Widen the period or remove a filter in the sidebar.",
            icon=":material/filter_alt_off:",
        )
    else:
        st.info(f"No events match the filters: {outside}", icon=":material/event_busy:")
        st.button(
            f"Show the {filters.PERIOD_LATEST_12_MONTHS.lower()}",
            key="empty_state_latest",
            on_click=_choose_period,
            args=(filters.PERIOD_LATEST_12_MONTHS,),
            icon=":material/history:",
        )
    st.button("Reset filters", key="empty_state_reset", on_click=_reset)


def _choose_period(period: str) -> None:
    """Set the period box (a callback: runs before the widgets are drawn)."""
    st.session_state[KEY_PERIOD] = period


def with_filter(view: FilteredView, **changes: object) -> EventFilter:
    """Return the view's filter with some fields changed (for drill-down links)."""
    return replace(view.event_filter, **changes)  # type: ignore[arg-type]


def open_with_filter(event_filter: EventFilter, page: str) -> None:
    """Make a filter the session's filter and go to another page (a drill-down).

    Args:
        event_filter: The filter the page opens with (its sidebar shows it, and Reset clears it).
        page: The page file, e.g. "pages/5_events.py".
    """
    st.session_state[STATE_FILTER] = event_filter
    for key in WIDGET_KEYS:
        st.session_state.pop(key, None)
    st.switch_page(page)
