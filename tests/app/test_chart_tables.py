"""Every chart on every page offers the numbers it draws as a table and a CSV."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from analytics import chart_data, schema
from analytics.safe_text import escape_markdown
from tests.app.conftest import SMALL, RunPage, figure_title, raw_events
from ui.layout import available_pages

SHOW_NUMBERS = "Show the numbers"
CHART_PAGES = [
    "dashboard.py",
    "pages/1_timeline.py",
    "pages/2_pillars.py",
    "pages/3_partners.py",
    "pages/4_map.py",
    "pages/9_results.py",
]
# Charts whose table is the data they were drawn from (a map, a timeline, a network).
FROM_DATA = {
    "Every event on a time axis, one row each, coloured by pillar",
    "Host cities of the matching events (bubble area: number of events)",
    "Partners that attended the same events",
}


def charts_and_tables(app: AppTest) -> list[tuple[dict[str, Any], Any]]:
    """Each chart's JSON with the "Show the numbers" expander that follows it, in page order."""
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    expanders = [e for e in app.expander if e.label == SHOW_NUMBERS]
    assert len(expanders) == len(specs), "a chart without its table, or a table without chart"
    return list(zip(specs, expanders, strict=True))


def test_every_page_with_charts_is_listed_here() -> None:
    """The pages checked here are the app's pages that draw charts (a new page is noticed)."""
    source = {
        page.path
        for page in available_pages()
        if "show_chart(" in (SMALL.parents[2] / page.path).read_text(encoding="utf-8")
    }
    assert source <= set(CHART_PAGES)


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_has_its_numbers_and_a_csv(run_page: RunPage, page: str) -> None:
    """Each chart has a table of its numbers and a CSV download; tables read from the figure
    hold exactly the figure's values, and every chart has a title and a description."""
    app = run_page(page, SMALL)
    pairs = charts_and_tables(app)
    assert pairs, f"{page} shows no chart"
    captions = [caption.value for caption in app.caption]
    for spec, expander in pairs:
        title = figure_title(spec)
        assert title, "a chart without a title"
        written = f"**{escape_markdown(title)}**"
        assert written in [m.value for m in app.markdown], f"{title} not written out"
        assert not spec["layout"].get("title", {}).get("text"), "the title is drawn twice"
        kind = chart_data.figure_kind(go.Figure(spec))
        assert any(c.startswith(kind) for c in captions), f"{title}: no description"
        [frame] = expander.dataframe
        shown = frame.value
        assert not shown.empty, title
        assert len(expander.get("download_button")) == 1, f"{title}: no CSV download"
        if title not in FROM_DATA:
            expected = chart_data.figure_table(go.Figure(spec))
            pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected, check_dtype=False)


def test_the_pillar_numbers_are_the_hand_counted_ones(run_page: RunPage) -> None:
    """Per year on the fixture: 2022 WBCTi 1, WBCSCi 2, WBBSi 1; 2023 WBCTi 1 and one without
    pillar; the donut's four groups one event each, 25 % each."""
    app = run_page("pages/2_pillars.py", SMALL)
    app.segmented_control(key="pillars_granularity").set_value("Year").run()
    tables = {figure_title(spec): e.dataframe[0].value for spec, e in charts_and_tables(app)}
    per_year = tables["Events per pillar and year (counted in the year they start)"]
    assert per_year["Year"].tolist() == ["2022", "2023"]
    assert per_year["WBCTi – Counter-terrorism"].tolist() == [1, 1]
    assert per_year["WBCSCi – Serious and organised crime"].tolist() == [2, 0]
    assert per_year["WBBSi – Border security"].tolist() == [1, 0]
    assert per_year["No pillar named"].tolist() == [0, 1]
    shares = tables["Share of events by pillar"]
    assert shares["Events"].tolist() == [1, 1, 1, 1]
    assert shares["Share (%)"].tolist() == [25.0, 25.0, 25.0, 25.0]


def test_the_timeline_table_lists_every_event_newest_first_with_full_titles(
    run_page: RunPage,
) -> None:
    """The timeline's table has every fixture event, newest first, titles in full."""
    app = run_page("pages/1_timeline.py", SMALL)
    [(_, expander)] = [p for p in charts_and_tables(app) if figure_title(p[0]) in FROM_DATA]
    table = expander.dataframe[0].value
    raw = sorted(raw_events(SMALL), key=lambda e: (str(e["start_date"]), e["id"]), reverse=True)
    assert table["Event id"].tolist() == [e["id"] for e in raw]
    assert table["Title"].tolist() == [e["title"] for e in raw]


def test_the_map_table_counts_the_events_with_a_host_city(run_page: RunPage) -> None:
    """The map's table adds up to the fixture's events that name a city."""
    app = run_page("pages/4_map.py", SMALL)
    [(_, expander)] = charts_and_tables(app)
    with_city = [e for e in raw_events(SMALL) if e.get(schema.CITY)]
    assert expander.dataframe[0].value["Events"].sum() == len(with_city)
