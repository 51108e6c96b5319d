"""App tests of the Partners page (pages/3_partners.py) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from analytics.reference import load_reference
from tests.app.conftest import (
    BUNDLED,
    SMALL,
    RunPage,
    figures_by_title,
    metrics,
    raw_events,
)
from ui.filters import KEY_TEXT

PAGE = "pages/3_partners.py"


def table_with(app: AppTest, *columns: str) -> pd.DataFrame:
    """The first table that has all these columns."""
    return next(frame.value for frame in app.dataframe if set(columns) <= set(frame.value.columns))


def bars(spec: dict[str, Any]) -> dict[str, int]:
    """Partner -> events from the ranking figure."""
    return {
        name: count
        for trace in spec["data"]
        for name, count in zip(trace["y"], trace["x"], strict=True)
    }


def test_small_fixture_ranking_heatmap_engagement_and_network(run_page: RunPage) -> None:
    """On the fixture the ranking, pillar counts, dates and links are the hand-counted ones."""
    app = run_page(PAGE, SMALL)
    shown = figures_by_title(app)
    ranking = shown["Events attended, by partner"]
    assert bars(ranking) == {
        "DG NEAR": 2,
        "Western Balkans Partners": 2,
        "Austria": 1,
        "Italy": 1,
        "United States": 1,
    }
    heatmap = shown["Events attended by pillar (top partners)"]["data"][0]
    rows = dict(zip(heatmap["y"], heatmap["z"], strict=True))
    # WB Partners: Podgorica (WBCSCi) and the board (all pillars).
    assert rows["Western Balkans Partners"] == [1, 2, 1]
    assert rows["DG NEAR"] == [2, 1, 1]
    engagement = table_with(app, "Events per year").set_index("Partner")
    assert engagement.loc["DG NEAR", "Events"] == 2
    assert str(engagement.loc["DG NEAR", "Latest event"])[:10] == "2023-03-03"
    assert list(engagement.loc["Western Balkans Partners", "Events per year"]) == [2, 0]
    network = shown["Partners that attended the same events"]
    node_names = {
        row[0] for trace in network["data"] if "customdata" in trace for row in trace["customdata"]
    }
    assert node_names == {
        "DG NEAR",
        "Western Balkans Partners",
        "Austria",
        "Italy",
        "United States",
    }
    assert any(caption.value.startswith("5 partners and 5 links shown") for caption in app.caption)


def test_choosing_a_profile_shows_its_events_and_co_participants(run_page: RunPage) -> None:
    """Picking Western Balkans Partners shows its 2 events, dates, cities and 3 co-participants."""
    app = run_page(PAGE, SMALL)
    # The first partner of the ranking is shown by default.
    assert app.selectbox(key="partners_profile").value == "DG NEAR"
    assert metrics(app)["Events attended"] == "2"
    app.selectbox(key="partners_profile").set_value("Western Balkans Partners").run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Events attended"] == "2"
    assert shown["First event"] == "9 Jun 2022"
    assert shown["Latest event"] == "20 Jun 2022"
    assert any("**Western Balkans Partners** · Group of partners" in m.value for m in app.markdown)
    events = table_with(app, "Title")
    assert events["Title"].tolist() == [
        "Board meeting",
        "Regional Pillar Support Group Meeting – WBCSCi",
    ]
    cities = table_with(app, "City", "Events")
    assert list(cities.columns) == ["City", "Country", "Events"]
    assert sorted(cities["City"]) == ["Podgorica", "Sarajevo"]
    co = table_with(app, "Shared events")
    assert dict(zip(co["Partner"], co["Shared events"], strict=True)) == {
        "Austria": 1,
        "DG NEAR": 1,
        "Italy": 1,
    }


def test_profile_of_a_country_partner_shows_its_country(run_page: RunPage) -> None:
    """The United States profile names its country and its one event in Pristina (Kosovo*)."""
    app = run_page(PAGE, SMALL)
    app.selectbox(key="partners_profile").set_value("United States").run()
    assert any("Third country · United States" in m.value for m in app.markdown)
    events = table_with(app, "Title")
    assert events["Country"].tolist() == ["Kosovo*"]
    assert any("UNSCR 1244" in caption.value for caption in app.caption)


def test_kinds_top_n_and_minimum_links_change_what_is_shown(run_page: RunPage) -> None:
    """Choosing a kind narrows the ranking; a minimum of 2 shared events leaves no link."""
    app = run_page(PAGE, SMALL)
    app.multiselect(key="partners_kinds").set_value(["EU member state"]).run()
    assert bars(figures_by_title(app)["Events attended, by partner"]) == {"Austria": 1, "Italy": 1}
    assert app.selectbox(key="partners_profile").options == ["Austria", "Italy"]
    app.multiselect(key="partners_kinds").set_value([]).run()
    app.slider(key="partners_min_shared").set_value(2).run()
    assert not app.exception
    network = figures_by_title(app)["Partners that attended the same events"]
    assert network["data"] == []
    assert any(caption.value.startswith("0 partners and 0 links") for caption in app.caption)


def test_bundled_data_ranking_matches_the_raw_file(run_page: RunPage) -> None:
    """The top bars equal counts made here from the YAML (aliases resolved, a group counted once)."""
    raw = raw_events(BUNDLED)
    registry = load_reference(BUNDLED.parent).registry
    counts: dict[str, int] = {}
    for event in raw:
        names = set()
        for written in event.get("partners") or []:
            entry = registry.resolve(written)
            names.add(entry.name if entry else written)
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    app = run_page(PAGE, BUNDLED)
    shown = bars(figures_by_title(app)["Events attended, by partner"])
    assert len(shown) == min(20, len(counts))
    assert shown["Western Balkans Partners"] == counts["Western Balkans Partners"]
    assert max(shown.values()) == max(counts.values())
    app.slider(key="partners_top_n").set_value(5).run()
    top5 = bars(figures_by_title(app)["Events attended, by partner"])
    assert len(top5) == 5
    assert sorted(top5.values(), reverse=True) == sorted(counts.values(), reverse=True)[:5]


def test_a_filter_matching_nothing_shows_the_empty_state(run_page: RunPage) -> None:
    """No matching event: a message and no charts, no exception."""
    app = run_page(PAGE, SMALL)
    app.text_input(key=KEY_TEXT).input("zzzz-no-match").run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("No events match" in info.value for info in app.info)
    assert len(app.get("plotly_chart")) == 0


def test_an_empty_dataset_shows_the_empty_state(run_page: RunPage, empty_events: Path) -> None:
    """A file without events: the page says there are no events yet."""
    app = run_page(PAGE, empty_events)
    assert any("no events" in info.value.lower() for info in app.info)
