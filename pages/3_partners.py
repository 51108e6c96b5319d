"""Partners: with whom the IISG works, how much, and since when."""

from __future__ import annotations

import streamlit as st

from analytics import charts, display
from analytics import partners as partner_analytics
from analytics.safe_text import escape_markdown
from ui.filters import empty_state, render_filters
from ui.layout import kosovo_footnote, setup_page

TITLE = "Partners"
ICON = ":material/groups:"
KEY_TOP_N = "partners_top_n"
KEY_KINDS = "partners_kinds"
KEY_MIN_SHARED = "partners_min_shared"
KEY_PROFILE = "partners_profile"
DEFAULT_TOP_N = 20

dataset = setup_page(TITLE, ICON)
st.caption(
    "Partners are the institutions, countries and groups that took part in the IISG's events. "
    "Western Balkans Partners is one group entry, not six countries; the IISG's own bodies are "
    "not counted as partners."
)
view = render_filters(dataset)
if view.empty:
    empty_state(view)
    kosovo_footnote()
    st.stop()

colours = partner_analytics.kind_colours()
all_kinds = partner_analytics.partner_kinds(dataset.event_partners)
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
    "Partner kinds shown",
    all_kinds,
    key=KEY_KINDS,
    placeholder="All kinds",
    help="Leave empty to show every kind. The sidebar's Partner kind filter selects events; "
    "this one selects which partners are shown here.",
)

all_ranked = partner_analytics.rank_partners(view.event_partners, kinds)
ranking = all_ranked.head(top_n)  # the same ranking, cut: rank once per rerun
top_names = partner_analytics.partner_names(ranking)
st.caption(
    f"{len(ranking)} of {len(all_ranked)} partner{'s' if len(all_ranked) != 1 else ''} shown, "
    "ranked by the number of matching events each attended."
)

st.subheader("Ranking")
st.plotly_chart(
    partner_analytics.ranking_figure(ranking, colours), key="partners_ranking", width="stretch"
)

st.subheader("By pillar")
st.plotly_chart(
    partner_analytics.pillar_heatmap(
        partner_analytics.pillar_counts(
            view.event_partners, view.event_pillars, top_names, dataset.reference.pillar_codes
        ),
        charts.pillar_labels(dataset.reference),
    ),
    key="partners_pillars",
    width="stretch",
)
st.caption("An event of no named pillar is not counted in this heatmap.")

st.subheader("Engagement over time")
years = partner_analytics.year_span(view.events)
per_year = partner_analytics.year_counts(view.events, view.event_partners, top_names)
engagement = partner_analytics.engagement(view.events, view.event_partners, top_names, per_year)
year_range = f"{years[0]}–{years[-1]}" if years else ""
st.dataframe(
    partner_analytics.engagement_table(engagement),
    hide_index=True,
    width="stretch",
    key="partners_engagement",
    column_config={
        partner_analytics.LABEL_PARTNER: st.column_config.TextColumn(width="medium"),
        partner_analytics.LABEL_EVENTS: st.column_config.NumberColumn(format="%d"),
        partner_analytics.LABEL_FIRST: st.column_config.DateColumn(
            format="D MMM YYYY", help="Start of the first matching event the partner attended"
        ),
        partner_analytics.LABEL_LATEST: st.column_config.DateColumn(
            format="D MMM YYYY", help="Start of the latest matching event the partner attended"
        ),
        partner_analytics.LABEL_YEARS: st.column_config.NumberColumn(
            format="%d", help="Years with at least one event"
        ),
        partner_analytics.LABEL_PER_YEAR: st.column_config.BarChartColumn(
            f"Events per year ({year_range})",
            y_min=0,
            # One scale for every row, so bars compare across partners.
            y_max=max(1, partner_analytics.most_events_in_a_year(engagement)),
            help=f"One bar a year, {year_range}, by the event's start date",
        ),
    },
)
st.plotly_chart(
    partner_analytics.year_heatmap(per_year),
    key="partners_years",
    width="stretch",
)

st.subheader("Who attends together")
min_shared = st.columns([1, 2])[0].slider(
    "Minimum shared events for a link",
    min_value=1,
    max_value=10,
    value=1,
    key=KEY_MIN_SHARED,
    help="Two partners are linked when they attended at least this many of the same events.",
)
links = partner_analytics.co_participation(view.event_partners, top_names, min_shared)
linked = partner_analytics.linked_partners(ranking, links)
st.plotly_chart(
    partner_analytics.network_figure(linked, links, colours),
    key="partners_network",
    width="stretch",
)
left_out = len(ranking) - len(linked)
st.caption(
    f"{len(linked)} partner{'s' if len(linked) != 1 else ''} and {len(links)} "
    f"link{'s' if len(links) != 1 else ''} shown (among the {len(ranking)} partners above, "
    f"linked by at least {min_shared} shared event{'s' if min_shared != 1 else ''})"
    + (f"; {left_out} without such a link left out" if left_out else "")
    + ". Larger dots: more events; thicker lines: more shared events."
)

st.subheader("Partner profile")
profile_options = partner_analytics.partner_names(all_ranked)
if not profile_options:
    st.info("No partner of the chosen kinds took part in the matching events.")
else:
    # A partner no longer among the options (filters changed) falls back to the first one.
    if st.session_state.get(KEY_PROFILE) not in profile_options:
        st.session_state.pop(KEY_PROFILE, None)
    chosen = st.selectbox(
        "Partner",
        profile_options,
        key=KEY_PROFILE,
        help="Partners in the order of the ranking.",
    )
    profile = partner_analytics.partner_profile(
        view.events, view.event_partners, chosen, dataset.reference.pillar_codes
    )
    if profile is not None:
        st.markdown(
            f"**{escape_markdown(profile.name)}** · {escape_markdown(profile.kind)}"
            + (f" · {escape_markdown(profile.country)}" if profile.country else "")
        )
        facts = st.columns(3)
        facts[0].metric("Events attended", profile.events)
        facts[1].metric("First event", display.format_date(profile.first_event))
        facts[2].metric("Latest event", display.format_date(profile.latest_event))
        st.dataframe(
            profile.event_table,
            hide_index=True,
            width="stretch",
            key="partners_events",
            column_config={"Title": st.column_config.TextColumn(width="large")},
        )
        columns = st.columns([1, 2, 2])
        with columns[0]:
            st.markdown("**Pillars**")
            st.dataframe(
                profile.pillars, hide_index=True, width="stretch", key="partners_p_pillars"
            )
        with columns[1]:
            st.markdown("**Host cities**")
            st.dataframe(profile.cities, hide_index=True, width="stretch", key="partners_p_cities")
            st.caption("Events without a host city (online) are not listed.")
        with columns[2]:
            st.markdown("**Attended the same events**")
            st.dataframe(
                profile.co_participants,
                hide_index=True,
                width="stretch",
                key="partners_p_co",
                column_config={
                    partner_analytics.LABEL_PARTNER: st.column_config.TextColumn(width="medium")
                },
            )

st.divider()
kosovo_footnote()
