"""Results: the indicators of the results framework, computed from the events, against targets."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import display, filters, safe_text
from analytics import indicators as ind
from analytics.dataset.writer import WriteRefused
from analytics.indicators import compute, figures
from analytics.indicators.targets import (
    TARGET_PERIOD,
    TARGET_VALUE,
    set_targets,
    targets_from_table,
    targets_table,
)
from analytics.schema import DatasetError
from analytics.words import count_text
from ui.charts import show_chart
from ui.controls import metric_row, picker_following_clicks, report_period_control
from ui.editor import editing_enabled, unlocked
from ui.filters import empty_state, open_with_filter
from ui.layout import kosovo_footnote
from ui.page import end_page, filtered_page

TITLE = "Results against targets"
ICON = ":material/flag:"
KEY_PREFIX = "results"
KEY_TABLE = "results_table"
KEY_DETAIL = "results_indicator"
KEY_OPEN_EVENTS = "results_open_events"
STATE_LAST_ROW = "_results_last_selected"
KEY_EDITOR_PASSWORD = "results_editor_password"
KEY_TARGETS = "results_targets"
KEY_SAVE_TARGETS = "results_save_targets"
KEY_RELOAD_TARGETS = "results_reload_targets"
# Session state: the indicators file's hash when the editor opened it, and the last save.
STATE_TARGETS_BASE = "_results_targets_base_hash"
STATE_TARGETS_SAVED = "_results_targets_saved"
STATUS_ICONS = {
    compute.MET: ":material/check_circle:",
    compute.CLOSE: ":material/error:",
    compute.BEHIND: ":material/cancel:",
}
EVENTS_PAGE = "pages/5_events.py"
# The events that count are listed with these fields.
EVENT_FIELDS = ("dates", "title", "city", "country", "event_type", "pillars", "iisg_role", "id")
# The newest events that count are listed here; the Events page lists and downloads them all.
MAX_LISTED = 200

dataset, view = filtered_page(TITLE, ICON, with_period=False, stop_when_empty=False)
st.caption(
    "**The reporting period is chosen here** (the sidebar's period box is hidden on this "
    "page), as targets are set per year, half-year or quarter. The sidebar's other filters "
    "(pillars, type, role, countries, partners, search) narrow the events every indicator "
    "counts; while one is set, values are shown but progress is not judged, as targets are "
    "set for the whole indicator."
)
if view.empty:
    empty_state(view)

options = filters.filter_options(
    dataset.events, dataset.event_partners, dataset.reference.pillar_codes
)
period = report_period_control(options.years, KEY_PREFIX)
if period is None:
    end_page()

source = ind.indicators_path(dataset.path)
try:
    indicator_set = ind.load_indicators(source, dataset.reference)
except DatasetError as error:
    st.error(
        f"The indicators file cannot be read: {safe_text.escape_markdown(str(error))}",
        icon=":material/error:",
    )
    st.info(
        "Fix the file (see *Results against targets* in the README) or point the app at "
        "another one with the `INDICATORS_FILE` environment variable, then reload."
    )
    end_page()

if indicator_set.problems:
    errors = indicator_set.errors
    left_out = indicator_set.total_in_file - len(indicator_set.indicators)
    st.warning(
        f"The indicators file {safe_text.escape_markdown(source.name)} has "
        f"{count_text(len(indicator_set.problems), 'problem')}"
        + (f" ({count_text(left_out, 'indicator')} left out)" if errors else "")
        + ". The valid indicators are shown.",
        icon=":material/warning:",
    )
    with st.expander("What to fix in the indicators file"):
        for problem in indicator_set.problems:
            st.text(str(problem))

data = ind.build_results(
    dataset.events,
    dataset.event_partners,
    indicator_set,
    period,
    view.event_filter,
    matching=view.events,
    today=dt.date.today(),
)
st.subheader(f"Indicators, {data.period.label}")
notes = [
    f"{safe_text.escape_markdown(data.period.dates_text)}, compared with "
    f"{safe_text.escape_markdown(data.previous_period.dates_text)} (same number of days)"
]
if data.elapsed_days is not None:
    notes.append(
        f"the period is still running: {data.elapsed_days} of its {data.period.days} days "
        "have passed"
    )
if data.narrowed_by:
    notes.append(f"narrowed by the sidebar: {safe_text.escape_markdown(data.narrowed_by)}")
st.caption(" · ".join(notes))

if not data.results:
    st.info(
        "No valid indicators to show. Define them in the indicators file (see the README).",
        icon=":material/flag:",
    )
    end_page()

table = data.table(as_text=True)
table["Per year"] = [
    [0.0 if value is None else value for value in result.per_year] for result in data.results
]
table["Progress"] = [
    None if result.progress is None else min(result.progress, 100.0) for result in data.results
]
table[compute.COL_STATUS] = [result.short_status for result in data.results]
table[compute.COL_BASELINE] = [
    result.format(result.baseline) + (f" ({result.baseline_year})" if result.baseline_year else "")
    for result in data.results
]
# The indicator, its value, target and status first: on a phone the others scroll in.
shown_columns = [
    compute.COL_INDICATOR,
    compute.COL_VALUE,
    compute.COL_TARGET,
    compute.COL_STATUS,
    "Progress",
    compute.COL_PREVIOUS,
    compute.COL_BASELINE,
    "Per year",
]
years = data.results[0].years
statuses = [result.status for result in data.results]
styled = table[shown_columns].style.apply(
    lambda column: [compute.STATUS_CELL_STYLES.get(status, "") for status in statuses],
    subset=[compute.COL_STATUS],
)
selection = st.dataframe(
    styled,
    hide_index=True,
    width="stretch",
    # Every row visible up to 20 (Streamlit's rows are 35 px high).
    height=35 * (min(len(table), 20) + 1) + 3,
    key=KEY_TABLE,
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        compute.COL_INDICATOR: st.column_config.TextColumn(width="medium"),
        compute.COL_BASELINE: st.column_config.TextColumn(
            help="Stated in the indicators file, or computed from the events of its year."
        ),
        "Progress": st.column_config.ProgressColumn(
            "Progress",
            help="The value as a percentage of the target (full at 100 %); when lower is better, of the ceiling the target sets.",
            min_value=0,
            max_value=100,
            format="%.0f%%",
        ),
        "Per year": st.column_config.BarChartColumn(
            f"Per year ({years[0]}–{years[-1]})" if years else "Per year", y_min=0
        ),
    },
)
st.caption(f"**Progress rule.** {compute.PROGRESS_RULE} **Counting.** {compute.COUNTING_RULE}")

rows = selection.selection.rows if selection is not None else []
clicked = data.results[rows[0]].indicator.id if rows and rows[0] < len(data.results) else None
labels = {result.indicator.id: result.indicator.name for result in data.results}
chosen = picker_following_clicks(
    "Indicator to look into (or click its row)",
    labels,
    key=KEY_DETAIL,
    clicked=clicked,
    last_click_key=STATE_LAST_ROW,
    placeholder="Choose an indicator",
)
result = next((r for r in data.results if r.indicator.id == chosen), data.results[0])
indicator = result.indicator

with st.container(border=True):
    st.markdown(f"**{safe_text.escape_markdown(indicator.name)}**")
    st.caption(
        safe_text.escape_markdown(
            f"Counts: {ind.MEASURES[indicator.measure].label} · events: "
            f"{indicator.filter_text()} · unit: {indicator.unit} · "
            f"{'higher' if indicator.higher_is_better else 'lower'} is better"
            + (f" · {indicator.description}" if indicator.description else "")
        )
    )
    value_column, baseline_column, target_column, progress_column = metric_row(4)
    change = (
        None
        if result.value is None or result.previous is None
        else result.format(result.value - result.previous)
    )
    value_column.metric(
        f"{data.period.label}",
        result.format(result.value),
        delta=change if change not in (None, "0", "0.0 %") else None,
        delta_color="normal" if indicator.higher_is_better else "inverse",
        help=f"Previous period: {result.format(result.previous)}",
    )
    baseline_column.metric(
        f"Baseline ({result.baseline_year})" if result.baseline_year else "Baseline",
        result.format(result.baseline),
        help=(
            "Computed from the events of that year."
            if result.baseline_computed
            else "As stated in the indicators file."
        ),
    )
    target_column.metric(f"Target {data.period.label}", result.format(result.target))
    with progress_column:
        colour = compute.STATUS_COLOURS.get(result.status)
        if colour:
            st.badge(result.status_label, color=colour, icon=STATUS_ICONS[result.status])
        else:
            st.caption(result.status_label)
        if result.progress is not None:
            st.progress(
                min(result.progress, 100.0) / 100,
                text=f"{result.progress:.0f} % of the target",
            )
    show_chart(figures.yearly_figure(result), key="results_yearly")

    count = len(result.event_rows)
    st.markdown(
        f"**Events that count in {safe_text.escape_markdown(data.period.label)}: {count:,}**"
    )
    if count:
        counted = dataset.events.iloc[result.event_rows]
        listed = display.table_events(counted, MAX_LISTED)
        st.dataframe(
            display.events_table(listed, EVENT_FIELDS),
            hide_index=True,
            width="stretch",
            key="results_events",
        )
        if len(listed) < count:
            st.caption(
                f"The newest {len(listed):,} of the {count:,} events are listed; the Events "
                "page lists and downloads them all."
            )
        drill = compute.drill_down_filter(indicator, view.event_filter, data.period)
        if drill is not None:
            if st.button(
                "Open these events on the Events page",
                key=KEY_OPEN_EVENTS,
                icon=":material/table_view:",
                help="The Events page opens with the indicator's filter and the period set.",
            ):
                open_with_filter(drill, EVENTS_PAGE)
        else:
            st.caption(
                "The sidebar and the indicator filter the same field differently, so these "
                "events cannot be opened as one filter on the Events page."
            )


def target_editor() -> None:
    """Let an editor set the chosen indicator's targets, saved safely into the file."""
    if not unlocked("set targets", key=KEY_EDITOR_PASSWORD):
        return
    state = st.session_state
    state.setdefault(STATE_TARGETS_BASE, indicator_set.content_hash)
    if state[STATE_TARGETS_BASE] != indicator_set.content_hash:
        st.warning(
            "The indicators file changed since you opened it (another editor saved). Saving is "
            "refused until you reload it.",
            icon=":material/sync_problem:",
        )
        if st.button("Reload the indicators file", key=KEY_RELOAD_TARGETS):
            state[STATE_TARGETS_BASE] = indicator_set.content_hash
            st.rerun()
    saved_message = state.pop(STATE_TARGETS_SAVED, None)
    if saved_message:
        st.success(safe_text.escape_markdown(saved_message), icon=":material/check_circle:")
    st.caption(
        "One row a period: a year (2025), a half-year (2025-H1) or a quarter (2025-Q3). "
        + ("The target is a percentage. " if indicator.is_share else "")
        + "Delete a row to remove its target. The file is checked, backed up and written "
        "whole, or not at all."
    )
    current = targets_table(indicator.targets)
    with st.form(key=f"{KEY_TARGETS}_form_{indicator.id}"):
        edited = st.data_editor(
            current,
            num_rows="dynamic",
            hide_index=True,
            key=f"{KEY_TARGETS}_{indicator.id}",
            column_config={
                TARGET_PERIOD: st.column_config.TextColumn(required=True, max_chars=20),
                TARGET_VALUE: st.column_config.NumberColumn(
                    required=True, min_value=0, max_value=100 if indicator.is_share else None
                ),
            },
        )
        submitted = st.form_submit_button("Save the targets", icon=":material/save:")
    if not submitted:
        return
    targets, problem = targets_from_table(edited)
    if problem:
        st.error(safe_text.escape_markdown(problem), icon=":material/block:")
        return
    try:
        done = set_targets(
            source,
            indicator.id,
            targets,
            dataset.reference,
            expected_hash=state[STATE_TARGETS_BASE],
        )
    except WriteRefused as error:
        lines = [safe_text.escape_markdown(error.message)]
        lines += [f"- {safe_text.escape_markdown(str(problem))}" for problem in error.problems]
        st.error("\n".join(lines), icon=":material/block:")
        return
    state[STATE_TARGETS_BASE] = done.content_hash
    backup = f" The previous version is kept as {done.backup.name}." if done.backup else ""
    state[STATE_TARGETS_SAVED] = f"The targets of '{indicator.name}' were saved.{backup}"
    st.rerun()


if editing_enabled():
    with st.expander(f"Set the targets of this indicator ({indicator.id})", icon=":material/edit:"):
        target_editor()

st.caption(
    f"Indicators from {safe_text.escape_markdown(source.name)}: "
    f"{len(indicator_set.indicators)} valid of {indicator_set.total_in_file}. Targets are set by "
    "the Secretariat in that file (see the README)."
)
kosovo_footnote()
