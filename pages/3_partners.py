"""Partners: with whom the IISG works, how much, since when, who is new and who lapsed."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

import streamlit as st

from analytics import display, exports
from analytics import partners as partner_analytics
from analytics.page_models.partners import PartnersPage
from analytics.safe_text import escape_markdown
from analytics.words import count_text
from ui.charts import show_chart
from ui.controls import Download, download_buttons, metric_row
from ui.layout import kosovo_footnote
from ui.page import filtered_page

TITLE = "Partners"
ICON = ":material/groups:"
# The link parameter that opens a partner's profile: partners?profile=Italy
PARAM_PROFILE = "profile"
KEY_TOP_N = "partners_top_n"
KEY_KINDS = "partners_kinds"
KEY_MIN_SHARED = "partners_min_shared"
KEY_PROFILE = "partners_profile"
KEY_CLOSE = "partners_close_profile"
KEY_RANKING = "partners_ranking"
KEY_PILLARS = "partners_pillars"
KEY_YEARS = "partners_years"
KEY_NETWORK = "partners_network"
KEY_ENGAGEMENT = "partners_engagement"
KEY_CO = "partners_p_co"
KEY_LIFECYCLE = "partners_lifecycle"
KEY_COMPARE = "partners_compare"
KEY_SECTION = "partners_section"
DEFAULT_TOP_N = 20
DEFAULT_MIN_SHARED = 2
TABS = ("Ranking", "Pillars and years", "Network", "New and lapsed", "Compare", "Western Balkans")


def _open_profile(name: str | None) -> None:
    """Open a partner's profile: the name goes in the address, the page shows it on top."""
    if name:
        st.query_params[PARAM_PROFILE] = name
    else:
        st.query_params.pop(PARAM_PROFILE, None)


def _clicked_point(key: str) -> None:
    """A click on a chart (ranking bar, heatmap row, network dot) opens that partner."""
    named = [
        point["customdata"]
        for point in st.session_state[key].selection.points
        if point.get("customdata")
    ]
    # Points without a name (a link's middle in the network) open nothing.
    if named:
        _open_profile(str(named[0][0]))


def _clicked_row(key: str, names: list[str]) -> None:
    """A click on a table row opens the partner of that row."""
    rows = st.session_state[key].selection.rows
    if rows and 0 <= rows[0] < len(names):
        _open_profile(names[rows[0]])


def _picked() -> None:
    _open_profile(st.session_state.get(KEY_PROFILE))


def _clickable_chart(figure: Any, key: str, data: Any = None) -> None:
    # A new key for each open profile: the clicked bar does not stay highlighted (and the
    # others dimmed) once its profile is open or closed.
    # (A digest, not the name: the key also becomes a CSS class, and the name may come from
    # the address.)
    opened = st.query_params.get(PARAM_PROFILE, "")
    key = f"{key}_{hashlib.sha256(opened.encode()).hexdigest()[:12]}"
    show_chart(
        figure,
        key=key,
        data=data,
        on_select=partial(_clicked_point, key),
        selection_mode="points",
    )


def _clickable_table(table: Any, key: str, names: list[str], **options: Any) -> None:
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key=key,
        on_select=partial(_clicked_row, key, names),
        selection_mode="single-row",
        **options,
    )


dataset, view = filtered_page(
    TITLE,
    ICON,
    caption="Partners are the institutions, countries and groups that took part in the IISG's "
    "events. Western Balkans Partners is one group entry, not six countries; the IISG's own "
    "bodies are not counted as partners. Click a partner in any chart or table to open its "
    "profile.",
    page_params=(PARAM_PROFILE,),
)

requested = st.query_params.get(PARAM_PROFILE)
model = PartnersPage(
    dataset, view.events, view.event_partners, view.event_pillars, view.event_filter, requested
)
profile_name = model.profile_name

# -- profile: first, when one is open ---------------------------------------------------------
picker, closer = st.columns([4, 1], vertical_alignment="bottom")
st.session_state[KEY_PROFILE] = profile_name
picker.selectbox(
    "Partner profile",
    model.profile_options,
    key=KEY_PROFILE,
    on_change=_picked,
    placeholder="Choose a partner, or click one in a chart or table below",
    help="Partners in the order of the ranking. The profile has its own address "
    "(partners?profile=…), to bookmark or share.",
)
if profile_name is not None:
    closer.button(
        "Close profile",
        key=KEY_CLOSE,
        on_click=_open_profile,
        args=(None,),
        icon=":material/close:",
        width="stretch",
    )

if requested and profile_name is None:
    st.warning(
        f"No partner called '{escape_markdown(requested[:80])}' is in the data; "
        "choose one in the list above.",
        icon=":material/person_off:",
    )

if profile_name is not None:
    profile = model.profile
    with st.container(border=True):
        if profile is None:
            st.markdown(f"#### {escape_markdown(profile_name)}")
            st.info(
                f"{escape_markdown(profile_name)} attended none of the "
                f"{len(view.events):,} matching events. Widen the filters in the sidebar.",
                icon=":material/filter_alt_off:",
            )
        else:
            st.markdown(
                f"#### {escape_markdown(profile.name)}\n"
                f"{escape_markdown(profile.kind)}"
                + (f" · {escape_markdown(profile.country)}" if profile.country else "")
            )
            facts = metric_row(4)
            facts[0].metric("Events attended", profile.events)
            facts[1].metric("First event", display.format_date(profile.first_event))
            facts[2].metric("Latest event", display.format_date(profile.latest_event))
            facts[3].metric("Years active", profile.years_active)
            left, right = st.columns([3, 2])
            with left:
                show_chart(
                    model.profile_year_figure(profile),
                    key="partners_p_years",
                )
            with right:
                st.markdown("**Meets most often** (click to open)")
                met_most, met_most_names = model.met_most(profile)
                _clickable_table(met_most, KEY_CO, met_most_names, height=260)
            columns = st.columns(3)
            with columns[0]:
                st.markdown("**Pillars**")
                st.dataframe(
                    profile.pillars, hide_index=True, width="stretch", key="partners_p_pillars"
                )
            with columns[1]:
                st.markdown("**Host countries**")
                st.dataframe(
                    profile.countries,
                    hide_index=True,
                    width="stretch",
                    key="partners_p_countries",
                )
            with columns[2]:
                st.markdown("**Host cities**")
                st.dataframe(
                    profile.cities, hide_index=True, width="stretch", key="partners_p_cities"
                )
                st.caption("Online events have no host city or country.")
            st.markdown("**Its events**")
            st.dataframe(
                profile.event_table,
                hide_index=True,
                width="stretch",
                key="partners_events",
                column_config={"Title": st.column_config.TextColumn(width="large")},
            )

# -- the sections ------------------------------------------------------------------------------
all_kinds = model.kinds
# A kind stored from another dataset would make the widget fail; forget it instead.
if KEY_KINDS in st.session_state:
    st.session_state[KEY_KINDS] = [k for k in st.session_state[KEY_KINDS] if k in all_kinds]

controls = st.columns([1, 2])
top_n = controls[0].slider(
    "Partners shown",
    min_value=5,
    max_value=60,
    value=DEFAULT_TOP_N,
    key=KEY_TOP_N,
    help="The most active partners are shown in the ranking, the heatmaps and the network.",
)
kinds = controls[1].multiselect(
    "Show only partners of kind",
    all_kinds,
    key=KEY_KINDS,
    placeholder="All kinds",
    help="Which partners the ranking, heatmaps and network show; the events counted stay the "
    "same. The sidebar's 'Events with a partner of kind' selects events instead.",
)

ranked = model.ranked(kinds, top_n)
st.caption(
    f"{len(ranked.shown)} of {count_text(len(ranked.every), 'partner')} shown, "
    "ranked by the number of matching events each attended."
)

# Only the open tab runs (on_change="rerun"): a filter change recomputes one section, not five.
tab_ranking, tab_pillars, tab_network, tab_lifecycle, tab_compare, tab_wb = st.tabs(
    list(TABS), key=KEY_SECTION, on_change="rerun"
)

with tab_ranking:
    if tab_ranking.open:
        _clickable_chart(ranked.figure, KEY_RANKING)

with tab_pillars:
    if tab_pillars.open:
        years = model.years(ranked)
        _clickable_chart(years.pillar_figure, KEY_PILLARS)
        st.caption("An event of no named pillar is not counted in this heatmap.")
        _clickable_chart(years.year_figure, KEY_YEARS)
        year_range = years.year_range
        _clickable_table(
            years.table,
            KEY_ENGAGEMENT,
            years.names,
            column_config={
                partner_analytics.LABEL_PARTNER: st.column_config.TextColumn(width="medium"),
                partner_analytics.LABEL_EVENTS: st.column_config.NumberColumn(format="%d"),
                partner_analytics.LABEL_FIRST: st.column_config.DateColumn(
                    format="D MMM YYYY",
                    help="Start of the first matching event the partner attended",
                ),
                partner_analytics.LABEL_LATEST: st.column_config.DateColumn(
                    format="D MMM YYYY",
                    help="Start of the latest matching event the partner attended",
                ),
                partner_analytics.LABEL_YEARS: st.column_config.NumberColumn(
                    format="%d", help="Years with at least one event"
                ),
                partner_analytics.LABEL_PER_YEAR: st.column_config.BarChartColumn(
                    f"Events per year ({year_range})",
                    y_min=0,
                    # One scale for every row, so bars compare across partners.
                    y_max=max(1, years.most_in_a_year),
                    help=f"One bar a year, {year_range}, by the event's start date",
                ),
            },
        )

with tab_network:
    if tab_network.open:
        min_shared = st.columns([1, 2])[0].slider(
            "Minimum shared events for a link",
            min_value=1,
            max_value=10,
            value=DEFAULT_MIN_SHARED,
            key=KEY_MIN_SHARED,
            help="Two partners are linked when they attended at least this many of the same events. "
            "1 links nearly everyone to everyone; 2 or more shows who really works together.",
        )
        network = model.network(ranked, min_shared)
        nodes, links = network.nodes, network.links
        _clickable_chart(network.figure, KEY_NETWORK, data=network.table)
        st.caption(
            f"{count_text(len(nodes), 'partner')} and "
            f"{count_text(len(links), 'link')} shown ({escape_markdown(network.scope)}, linked by at "
            f"least {count_text(min_shared, 'shared event')}). Larger dots: more "
            "events; thicker lines: more shared events; a colour is a group of partners that meet "
            "each other more than the rest. Names that would overlap are left to the hover text."
        )

with tab_lifecycle:
    if tab_lifecycle.open:
        lifecycle = model.lifecycle
        counts = model.lifecycle_counts
        cells = st.columns(4)
        for cell, (status, number) in zip(cells, counts.items(), strict=True):
            cell.metric(status, number)
        if lifecycle.as_of is not None and lifecycle.lapse_before is not None:
            period = (
                f"since {display.format_date(view.event_filter.start)}"
                if view.event_filter.start
                else f"in the twelve months since {display.format_date(lifecycle.lapse_before)}"
            )
            st.caption(
                f"As of {display.format_date(lifecycle.as_of)}, the latest event of the period. "
                f"New: first event ever {period}; returning: at an event {period} and seen before; "
                f"lapsed: no event since {display.format_date(lifecycle.lapse_before)} (twelve "
                "months). A partner's history counts every event in the file, whatever the other "
                "filters."
            )
        lapsed = lifecycle.lapsed()
        if not lapsed.empty:
            download_buttons(
                [
                    Download(
                        f"Download the {len(lapsed)} lapsed partners (CSV)",
                        partial(exports.to_csv_bytes, lapsed),
                        "lapsed_partners.csv",
                        exports.CSV_MIME,
                        icon=":material/download:",
                        key="partners_lapsed_csv",
                        help="Partner, kind, first event, last seen, last event, events and pillars.",
                    )
                ],
                widths=[1, 2],
            )
        _clickable_table(
            model.lifecycle_table,
            KEY_LIFECYCLE,
            model.lifecycle_names,
            column_config={
                partner_analytics.LABEL_PARTNER: st.column_config.TextColumn(width="medium"),
                partner_analytics.LABEL_FIRST: st.column_config.DateColumn(format="D MMM YYYY"),
                partner_analytics.LABEL_LAST_SEEN: st.column_config.DateColumn(format="D MMM YYYY"),
            },
        )
        show_chart(
            model.lifecycle_figure,
            key="partners_lifecycle_years",
        )
        st.caption(
            "Per year, over every event in the file: partners at their first event, partners back "
            "after an earlier year, and partners whose twelve months without an event ran out."
        )

with tab_compare:
    if tab_compare.open:
        compare_options = model.profile_options
        if KEY_COMPARE in st.session_state:
            st.session_state[KEY_COMPARE] = [
                name for name in st.session_state[KEY_COMPARE] if name in compare_options
            ]
        else:
            first = [profile_name] if profile_name in compare_options else []
            st.session_state[KEY_COMPARE] = list(dict.fromkeys([*first, *compare_options[:2]]))[:2]
        chosen = st.multiselect(
            "Partners to compare (two to four)",
            compare_options,
            key=KEY_COMPARE,
            max_selections=partner_analytics.MAX_COMPARED,
        )
        if len(chosen) < 2:
            st.info("Choose at least two partners to compare.", icon=":material/compare_arrows:")
        else:
            comparison, comparison_figure = model.comparison(chosen)
            show_chart(
                comparison_figure,
                key="partners_compare_years",
            )
            left, right = st.columns(2)
            with left:
                st.markdown("**Events by pillar**")
                st.dataframe(
                    comparison.pillars.rename(columns=model.comparison_pillar_labels)
                    .rename_axis("Partner")
                    .reset_index(),
                    hide_index=True,
                    width="stretch",
                    key="partners_compare_pillars",
                )
            with right:
                st.markdown("**Shared events**")
                st.dataframe(
                    comparison.pairs, hide_index=True, width="stretch", key="partners_compare_pairs"
                )
            st.markdown(
                "**Events both attended**"
                if len(comparison.partners) == 2
                else f"**Events all {len(comparison.partners)} attended**"
            )
            if comparison.together.empty:
                st.caption("None of the matching events had all of them.")
            else:
                st.dataframe(
                    comparison.together,
                    hide_index=True,
                    width="stretch",
                    key="partners_compare_together",
                )

with tab_wb:
    if tab_wb.open:
        # The report's rule and labels: the group entry is never split into the six partners.
        western_balkans = model.western_balkans
        show_chart(western_balkans.figure, key="partners_wb")
        st.caption(western_balkans.note)
        st.dataframe(
            western_balkans.table,
            hide_index=True,
            width="stretch",
            key="partners_wb_table",
        )

st.divider()
kosovo_footnote()
