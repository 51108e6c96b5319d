"""App tests of the Partners page (pages/3_partners.py) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from analytics.dataset.reference import load_reference
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


def link(app: AppTest, name: str) -> list[str]:
    """The values of a parameter in the page's address (AppTest keeps one value as a string)."""
    value = app.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def show(app: AppTest, section: str) -> AppTest:
    """Open one of the page's tabs (only the open tab's content runs) and rerun."""
    app.session_state["partners_section"] = section
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


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
    # Only the open tab is drawn: the ranking at first.
    assert "Events attended by pillar (top partners)" not in shown
    shown = figures_by_title(show(app, "Pillars and years"))
    heatmap = shown["Events attended by pillar (top partners)"]["data"][0]
    rows = dict(zip(heatmap["y"], heatmap["z"], strict=True))
    # WB Partners: Podgorica (WBCSCi) and the board (all pillars).
    assert rows["Western Balkans Partners"] == [1, 2, 1]
    assert rows["DG NEAR"] == [2, 1, 1]
    engagement = table_with(app, "Years active").set_index("Partner")
    assert engagement.loc["DG NEAR", "Events"] == 2
    assert str(engagement.loc["DG NEAR", "Latest event"])[:10] == "2023-03-03"
    assert list(engagement.loc["Western Balkans Partners", "Events per year"]) == [2, 0]
    # No two partners share two events here: the default network (2 or more) is empty.
    shown = figures_by_title(show(app, "Network"))
    assert shown["Partners that attended the same events"]["data"] == []
    app.slider(key="partners_min_shared").set_value(1).run()
    network = figures_by_title(app)["Partners that attended the same events"]
    node_names = {
        row[0]
        for trace in network["data"]
        if trace.get("mode") == "markers+text"
        for row in trace["customdata"]
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
    # No profile is open at first.
    assert app.selectbox(key="partners_profile").value is None
    assert "Events attended" not in metrics(app)
    app.selectbox(key="partners_profile").set_value("Western Balkans Partners").run()
    assert not app.exception
    # The choice goes into the address, so the profile can be bookmarked.
    assert link(app, "profile") == ["Western Balkans Partners"]
    shown = metrics(app)
    assert shown["Events attended"] == "2"
    assert shown["First event"] == "9 Jun 2022"
    assert shown["Latest event"] == "20 Jun 2022"
    assert shown["Years active"] == "1"
    assert any("#### Western Balkans Partners\nGroup of partners" in m.value for m in app.markdown)
    events = table_with(app, "Title", "Dates")
    assert events["Title"].tolist() == [
        "Board meeting",
        "Regional Pillar Support Group Meeting – WBCSCi",
    ]
    cities = table_with(app, "City", "Events")
    assert list(cities.columns) == ["City", "Country", "Events"]
    assert sorted(cities["City"]) == ["Podgorica", "Sarajevo"]
    countries = table_with(app, "Country", "Events")
    assert dict(zip(countries["Country"], countries["Events"], strict=True)) == {
        "Bosnia and Herzegovina": 1,
        "Montenegro": 1,
    }
    co = table_with(app, "Shared events", "Kind")
    assert dict(zip(co["Partner"], co["Shared events"], strict=True)) == {
        "Austria": 1,
        "DG NEAR": 1,
        "Italy": 1,
    }
    app.button(key="partners_close_profile").click().run()
    assert link(app, "profile") == []
    assert "Events attended" not in metrics(app)


def test_a_profile_link_opens_the_profile_on_top(run_page: RunPage) -> None:
    """partners?profile=Italy: Italy's profile, its one event, before the sections."""
    app = run_page(PAGE, SMALL, query={"profile": "Italy"})
    assert app.selectbox(key="partners_profile").value == "Italy"
    assert metrics(app)["Events attended"] == "1"
    assert any("#### Italy\nEU member state · Italy" in m.value for m in app.markdown)
    # A filter change keeps the profile in the address.
    app.text_input(key=KEY_TEXT).input("WBCSCi").run()
    assert link(app, "profile") == ["Italy"]
    assert link(app, "q") == ["WBCSCi"]
    assert metrics(app)["Events attended"] == "1"


def test_a_profile_link_by_alias_or_other_letter_case(run_page: RunPage) -> None:
    """profile=WB6 (a registry alias) and profile=italy open the partners they mean."""
    app = run_page(PAGE, SMALL, query={"profile": "WB6"})
    assert app.selectbox(key="partners_profile").value == "Western Balkans Partners"
    assert not app.warning
    app = run_page(PAGE, SMALL, query={"profile": "italy"})
    assert app.selectbox(key="partners_profile").value == "Italy"


def test_an_unknown_profile_is_a_plain_notice(run_page: RunPage) -> None:
    """A made-up name with Markdown and HTML is shown escaped; the page still works."""
    app = run_page(PAGE, SMALL, query={"profile": "**Nobody** [x](javascript:alert(1)) <b>"})
    (notice,) = [w.value for w in app.warning if "No partner called" in w.value]
    assert "\\*\\*Nobody\\*\\*" in notice
    assert "\\[x\\]" in notice
    assert "Events attended" not in metrics(app)
    assert "Events attended, by partner" in figures_by_title(app)
    # The link notice of the filters does not also complain about the parameter.
    assert not any("unknown link parameter" in w.value for w in app.warning)


def test_a_partner_outside_the_filters_says_so(run_page: RunPage) -> None:
    """Italy with a search matching only Pristina: a notice, no metrics, no exception."""
    app = run_page(PAGE, SMALL, query={"profile": "Italy", "q": "WBCTi"})
    assert any("Italy attended none of the 1 matching events" in i.value for i in app.info)
    assert "Events attended" not in metrics(app)


def test_the_two_kind_controls_say_what_they_do(run_page: RunPage) -> None:
    """The sidebar's kind filter selects events; the page's own kind control selects partners."""
    app = run_page(PAGE, SMALL)
    assert app.multiselect(key="filter_partner_kinds").label == "Events with a partner of kind"
    assert app.multiselect(key="partners_kinds").label == "Show only partners of kind"


def test_kinds_top_n_and_minimum_links_change_what_is_shown(run_page: RunPage) -> None:
    """Choosing a kind narrows the ranking; a minimum of 2 shared events leaves no link."""
    app = run_page(PAGE, SMALL)
    app.multiselect(key="partners_kinds").set_value(["EU member state"]).run()
    assert bars(figures_by_title(app)["Events attended, by partner"]) == {"Austria": 1, "Italy": 1}
    app.multiselect(key="partners_kinds").set_value([]).run()
    show(app, "Network").slider(key="partners_min_shared").set_value(2).run()
    assert not app.exception
    network = figures_by_title(app)["Partners that attended the same events"]
    assert network["data"] == []
    assert any(caption.value.startswith("0 partners and 0 links") for caption in app.caption)


def test_an_open_profile_shows_its_own_network(run_page: RunPage) -> None:
    """With DG NEAR open and links from 1 event: DG NEAR and its 3 neighbours, ringed focus."""
    app = show(run_page(PAGE, SMALL, query={"profile": "DG NEAR"}), "Network")
    app.slider(key="partners_min_shared").set_value(1).run()
    network = figures_by_title(app)["DG NEAR and the partners it meets"]
    dots = [t for t in network["data"] if t.get("mode") == "markers+text"]
    names = {row[0] for trace in dots for row in trace["customdata"]}
    assert names == {"DG NEAR", "Austria", "United States", "Western Balkans Partners"}


def test_lifecycle_on_the_small_fixture(run_page: RunPage) -> None:
    """As of 17 Oct 2023 (the last event): US new, DG NEAR returning, three lapsed.

    WB Partners, Austria and Italy were last seen in June 2022, before 17 Oct 2022.
    """
    app = show(run_page(PAGE, SMALL), "New and lapsed")
    shown = metrics(app)
    assert (shown["New"], shown["Returning"], shown["Lapsed"]) == ("1", "1", "3")
    table = table_with(app, "Status", "Last seen").set_index("Partner")
    assert table["Status"].to_dict() == {
        "Italy": "Lapsed",
        "Austria": "Lapsed",
        "Western Balkans Partners": "Lapsed",
        "United States": "New",
        "DG NEAR": "Returning",
    }
    assert str(table.loc["Italy", "Last seen"])[:10] == "2022-06-09"
    per_year = figures_by_title(app)["New, returning and lapsed partners per year"]
    by_status = {trace["name"]: trace["y"] for trace in per_year["data"]}
    # 2022: four partners at their first event; 2023: the US new, DG NEAR back, 3 lapsed.
    assert by_status == {"New": [4, 1], "Returning": [0, 1], "Lapsed": [0, 3]}
    assert app.get("download_button")


def test_compare_two_partners_on_the_small_fixture(run_page: RunPage) -> None:
    """DG NEAR and WB Partners (the top two) shared the Sarajevo board meeting."""
    app = show(run_page(PAGE, SMALL), "Compare")
    assert app.multiselect(key="partners_compare").value == ["DG NEAR", "Western Balkans Partners"]
    pairs = table_with(app, "With", "Shared events")
    assert pairs.iloc[0].tolist() == ["DG NEAR", "Western Balkans Partners", 1]
    together = table_with(app, "Title", "Dates")
    assert together["Title"].tolist() == ["Board meeting"]
    years = figures_by_title(app)["Events attended per year"]
    assert {trace["name"]: trace["y"] for trace in years["data"]} == {
        "DG NEAR": [1, 1],
        "Western Balkans Partners": [2, 0],
    }
    app.multiselect(key="partners_compare").set_value(["Italy"]).run()
    assert any("at least two partners" in i.value for i in app.info)


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


def test_every_tab_works_when_no_matching_event_names_a_partner(run_page: RunPage) -> None:
    """The online event has no partners: each tab says so instead of failing."""
    app = run_page(PAGE, SMALL, query={"q": "database"})
    assert figures_by_title(app)["Events attended, by partner"]["data"] == []
    for section in ("Pillars and years", "Network", "New and lapsed", "Compare"):
        show(app, section)
    assert any("at least two partners" in i.value for i in app.info)
    show(app, "New and lapsed")
    # The history of every partner still counts: the five partners are listed, none in it.
    table = table_with(app, "Status", "Last seen")
    assert table["Events in the selection"].tolist() == [0, 0, 0, 0, 0]


def test_western_balkans_tab_on_the_small_fixture(run_page: RunPage) -> None:
    """The group entry attended Podgorica and Sarajevo: 2 for each of the six, none on their own.

    Montenegro, Bosnia and Herzegovina and Kosovo* each hosted one of the fixture's events.
    """
    app = show(run_page(PAGE, SMALL), "Western Balkans")
    figure = figures_by_title(app)["The six Western Balkan partners"]
    bars = {
        trace["name"]: dict(zip(trace["x"], trace["y"], strict=True)) for trace in figure["data"]
    }
    six = [
        "Albania",
        "Bosnia and Herzegovina",
        "Kosovo*",
        "Montenegro",
        "North Macedonia",
        "Serbia",
    ]
    assert bars["Group entry"] == dict.fromkeys(six, 2)
    assert bars["Own institutions"] == dict.fromkeys(six, 0)
    assert bars["Hosted"] == {
        "Albania": 0,
        "Bosnia and Herzegovina": 1,
        "Kosovo*": 1,
        "Montenegro": 1,
        "North Macedonia": 0,
        "Serbia": 0,
    }
    table = table_with(app, "Through the group entry")
    assert table["Partner"].tolist() == six
