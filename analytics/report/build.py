"""Build one ReportData from the dataset for a period and the dashboard's filters."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from analytics import (
    caveats,
    charts,
    filters,
    geomap,
    metrics,
    partners,
    periods,
    pillars,
    schema,
)
from analytics.dataset.load import Dataset
from analytics.filters import EventFilter
from analytics.indicators import IndicatorSet, build_results
from analytics.periods import ReportPeriod
from analytics.report.model import (
    CHART_ACTIVITY,
    CHART_MAP,
    CHART_PARTNERS,
    CHART_PILLARS,
    KPI_BY_OTHERS,
    KPI_CITIES,
    KPI_COUNTRIES,
    KPI_DAYS,
    KPI_EVENTS,
    KPI_ORGANISED,
    KPI_PARTNERS,
    REPORT_TITLE,
    TOP_PARTNERS,
    WB_GROUP,
    Headline,
    LazyFigures,
    Provenance,
    ReportData,
)
from analytics.report.narrative import narrative
from analytics.report.tables import (
    annex_table,
    group_table,
    international_partners,
    kind_table,
    partner_ranking_table,
    period_filter,
    pillar_table,
    places_table,
    role_counts,
    western_balkans_table,
    without_period,
)


def report_figures(
    events: pd.DataFrame, event_partners: pd.DataFrame, dataset: Dataset, period: ReportPeriod
) -> dict[str, go.Figure]:
    """The report's four charts, built by the analysis pages' figure builders.

    Args:
        events: The events of the period.
        event_partners: The event x partner rows of those events.
        dataset: The dataset (reference data for colours and labels).
        period: The reporting period (the monthly axis spans it).

    Returns:
        Chart key -> figure; empty when there are no events (the documents say so instead).
    """
    if events.empty:
        return {}
    reference = dataset.reference
    order = charts.pillar_group_order(reference)
    colours = charts.pillar_colours(reference)
    labels = charts.pillar_labels(reference)
    per_month = pillars.pillar_counts_per_period(
        events, reference, "Month", period.start, period.end
    )
    ranking = partners.rank_partners(event_partners, top_n=TOP_PARTNERS)
    top = partners.ranking_figure(ranking, partners.kind_colours())
    # The Partners page shows every partner; the report keeps the most active ones. With many
    # partner kinds the page's legend (above the bars) wraps over the title: here it goes below,
    # and the counts get whole-number ticks.
    top.update_layout(
        title_text=f"Events attended, by partner (the {TOP_PARTNERS} most active)",
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        margin={"t": 60},
    )
    most = int(ranking[partners.EVENTS].max()) if not ranking.empty else 0
    top.update_xaxes(tickformat="d", dtick=1 if most <= 10 else None)
    return {
        CHART_ACTIVITY: pillars.pillar_period_figure(per_month, reference, "Month"),
        CHART_PILLARS: pillars.pillar_share_figure(
            pillars.pillar_group_shares(events, reference), reference
        ),
        CHART_MAP: geomap.map_figure(geomap.city_counts(events, order), colours, labels, order),
        CHART_PARTNERS: top,
    }


# -- the report -------------------------------------------------------------------------------


def _in_date_order(events: pd.DataFrame) -> pd.DataFrame:
    """The events by start date, then id (a stable sort), the frame copied once.

    Sorting the frame itself copies every column to sort two; the order is found from the two
    columns and the rows taken once.
    """
    keys = events[[schema.START_DATE, schema.ID]].reset_index(drop=True)
    order = keys.sort_values([schema.START_DATE, schema.ID], kind="stable").index.to_numpy()
    return events.iloc[order]


def build_report(
    dataset: Dataset,
    period: ReportPeriod,
    event_filter: EventFilter | None = None,
    *,
    now: dt.datetime | None = None,
    indicators: IndicatorSet | None = None,
) -> ReportData:
    """Compute everything a report shows, once, for every format to render.

    The report's dates replace any period of `event_filter`; its other filters apply to the
    period and to the previous one alike. An event counts in the period if any of its days
    falls in it (the dashboard's rule).

    Args:
        dataset: The loaded dataset.
        period: The reporting period.
        event_filter: The other filters (pillars, countries...); None for none.
        now: Generation time (UTC); the current time when None.
        indicators: The indicators to compute for the period, with the same filters, when
            the report's ``indicators`` is first read; the report has no indicators section
            when None.

    Returns:
        The report's data.
    """
    chosen = without_period(event_filter or EventFilter())
    filters_text = filters.describe(chosen)
    current_filter = period_filter(chosen, period)
    before = periods.previous(period)
    all_events, all_partners = dataset.events, dataset.event_partners
    events = filters.apply(all_events, current_filter, all_partners)
    events = _in_date_order(events)
    previous_events = filters.apply(all_events, period_filter(chosen, before), all_partners)
    attending = filters.apply_to_table(all_partners, events)
    kpis = metrics.compute_kpis(events, all_partners)
    previous_kpis = metrics.compute_kpis(previous_events, all_partners)
    missing = int(caveats.participants_missing(events).sum())
    caveated = int(caveats.has_caveats(events).sum())
    partners_note = caveats.lower_bound_note(missing, len(events))
    organised, participated = role_counts(events)
    previous_roles = role_counts(previous_events)
    headlines = (
        *(
            Headline(
                label,
                int(getattr(kpis, name)),
                int(getattr(previous_kpis, name)),
                note=partners_note if name == "partners" else "",
            )
            for label, name in (
                (KPI_EVENTS, "events"),
                (KPI_DAYS, "days_of_meetings"),
                (KPI_CITIES, "host_cities"),
                (KPI_COUNTRIES, "countries"),
                (KPI_PARTNERS, "partners"),
            )
        ),
        Headline(KPI_ORGANISED, organised, previous_roles[0]),
        Headline(KPI_BY_OTHERS, participated, previous_roles[1]),
    )
    chosen_pillars = chosen.pillars
    per_pillar = pillar_table(events, attending, dataset.reference, chosen_pillars)
    per_group = group_table(events, dataset.reference, chosen_pillars)
    wb_rows = western_balkans_table(events, attending)
    wb_group_events = int(
        attending[attending[schema.PARTNER] == WB_GROUP][schema.EVENT_ID].nunique()
    )
    ranking = international_partners(attending)
    kinds = kind_table(attending)
    places = places_table(events)
    paragraphs = narrative(
        period,
        before,
        filters_text,
        chosen_pillars,
        kpis,
        previous_kpis,
        organised,
        participated,
        per_pillar,
        per_group,
        wb_rows,
        wb_group_events,
        kinds,
        ranking,
        places,
        caveated,
        missing,
    )
    generated = now or dt.datetime.now(dt.UTC)
    return ReportData(
        title=f"{REPORT_TITLE}: {period.label}",
        period=period,
        previous_period=before,
        event_filter=current_filter,
        filters_text=filters_text,
        kpis=kpis,
        previous_kpis=previous_kpis,
        headlines=headlines,
        organised=organised,
        participated=participated,
        pillar_table=per_pillar,
        group_table=per_group,
        wb_table=wb_rows,
        wb_group_events=wb_group_events,
        kind_table=kinds,
        partner_table=partner_ranking_table(ranking),
        places_table=places,
        narrative=paragraphs,
        caveated_events=caveated,
        participants_missing=missing,
        caveat_table=caveats.caveats_table(events),
        events=annex_table(events),
        figures=LazyFigures(lambda: report_figures(events, attending, dataset, period)),
        provenance=Provenance(
            file_name=dataset.path.name,
            content_hash=dataset.content_hash,
            events_in_file=dataset.total_events_in_file,
            valid_events=len(all_events),
            errors=len(dataset.errors),
            warnings=len(dataset.warnings),
            generated_at=generated,
        ),
        indicator_count=None if indicators is None else len(indicators.indicators),
        indicator_results=(
            None
            if indicators is None
            else partial(build_results, all_events, all_partners, indicators, period, chosen)
        ),
    )
