"""Tests of analytics.geomap: events per host city, events without a city, the map figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analytics import charts, filters, geomap, load_dataset, periods, schema
from analytics.report import build, model

SMALL = Path(__file__).resolve().parent / "data" / "small_events.yaml"
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "events.yaml"
JAN_1, DEC_31 = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
ORDER = ["WBCTi", "WBCSCi", "WBBSi", schema.CROSS_CUTTING, schema.NO_PILLAR]


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """An events frame with the columns geomap reads, one row per dict."""
    columns = [
        schema.ID,
        schema.TITLE,
        schema.START_DATE,
        schema.END_DATE,
        schema.CITY,
        schema.COUNTRY,
        schema.FORMAT,
        schema.EVENT_TYPE,
        schema.PILLARS,
        schema.PILLAR_GROUP,
        schema.LATITUDE,
        schema.LONGITUDE,
    ]
    events = pd.DataFrame(rows, columns=columns)
    for name in (schema.START_DATE, schema.END_DATE):
        events[name] = pd.to_datetime(events[name])
    for name in (schema.ID, schema.TITLE, schema.CITY, schema.COUNTRY, schema.FORMAT):
        events[name] = events[name].astype("string")
    events[schema.LATITUDE] = events[schema.LATITUDE].astype("float64")
    events[schema.LONGITUDE] = events[schema.LONGITUDE].astype("float64")
    return events


def event(
    event_id: str,
    city: str | None,
    country: str | None,
    group: str,
    lat: float | None = None,
    lon: float | None = None,
    event_format: str | None = None,
    day: str = "2023-01-10",
) -> dict[str, object]:
    return {
        schema.ID: event_id,
        schema.TITLE: f"Title of {event_id}",
        schema.START_DATE: day,
        schema.END_DATE: day,
        schema.CITY: city,
        schema.COUNTRY: country,
        schema.FORMAT: event_format,
        schema.EVENT_TYPE: "workshop",
        schema.PILLARS: (),
        schema.PILLAR_GROUP: group,
        schema.LATITUDE: lat,
        schema.LONGITUDE: lon,
    }


TIRANA = (41.33, 19.82)
SKOPJE = (42.0, 21.43)
BRUSSELS = (50.85, 4.35)
INLINE = frame(
    [
        event("t1", "Tirana", "Albania", "WBCTi", *TIRANA, day="2023-03-01"),
        event("t2", "Tirana", "Albania", "WBCTi", *TIRANA, day="2023-01-01"),
        event("t3", "Tirana", "Albania", "WBBSi", *TIRANA),
        event("s1", "Skopje", "North Macedonia", "WBCSCi", *SKOPJE),
        event("s2", "Skopje", "North Macedonia", schema.NO_PILLAR, *SKOPJE),
        event("b1", "Brussels", "Belgium", "WBBSi", *BRUSSELS),
        event("n1", None, None, schema.NO_PILLAR, event_format="online"),
        event("n2", None, None, "WBCTi"),
        event("n3", None, None, "WBCTi"),
        event("n4", None, None, "WBCTi", event_format="hybrid"),
    ]
)


def test_city_counts_per_city_and_pillar_group_match_hand_counts() -> None:
    """Tirana has 3 events (2 WBCTi, 1 WBBSi), Skopje 2, Brussels 1; busiest first."""
    cities = geomap.city_counts(INLINE, ORDER)
    assert cities[schema.CITY].tolist() == ["Tirana", "Skopje", "Brussels"]
    assert cities[geomap.EVENT_COUNT].tolist() == [3, 2, 1]
    tirana = cities.iloc[0]
    assert (tirana["WBCTi"], tirana["WBBSi"], tirana["WBCSCi"]) == (2, 1, 0)
    assert tirana[geomap.CITY_ID] == geomap.city_id("Tirana", "Albania")


def test_dominant_pillar_counts_only_events_that_name_a_pillar() -> None:
    """Tirana is WBCTi (2 of 3); Skopje's 1 WBCSCi beside 1 event of no pillar is WBCSCi."""
    cities = geomap.city_counts(INLINE, ORDER).set_index(schema.CITY)
    assert cities.loc["Tirana", geomap.DOMINANT] == "WBCTi"
    assert cities.loc["Skopje", geomap.DOMINANT] == "WBCSCi"
    assert cities.loc["Brussels", geomap.DOMINANT] == "WBBSi"


# City -> (its events' pillar groups, the colour a reader expects), written by hand.
TIE_CASES = {
    "Budva": (["WBCTi", schema.NO_PILLAR], "WBCTi"),
    "Bar": (["WBCTi", schema.NO_PILLAR, schema.NO_PILLAR, schema.NO_PILLAR], "WBCTi"),
    "Kotor": (["WBCTi", "WBBSi"], geomap.MIXED_PILLARS),
    "Ohrid": (["WBCTi", "WBBSi", schema.NO_PILLAR, schema.NO_PILLAR], geomap.MIXED_PILLARS),
    "Durres": ([schema.CROSS_CUTTING, "WBCSCi"], geomap.MIXED_PILLARS),
    "Vlore": ([schema.CROSS_CUTTING, schema.NO_PILLAR, schema.NO_PILLAR], schema.CROSS_CUTTING),
    "Nis": (["WBBSi", "WBBSi", schema.CROSS_CUTTING], "WBBSi"),
    "Mostar": ([schema.NO_PILLAR, schema.NO_PILLAR], schema.NO_PILLAR),
}


def test_ties_are_mixed_pillars_and_cross_cutting_needs_a_multi_pillar_event() -> None:
    """A tie between pillar groups is "Mixed pillars"; none of a city's events naming a pillar is
    "No pillar"; a pillar beside events of no pillar wins."""
    rows = [
        event(f"{city}-{n}", city, "Montenegro", group, *TIRANA)
        for city, (groups, _) in TIE_CASES.items()
        for n, group in enumerate(groups)
    ]
    cities = geomap.city_counts(frame(rows), ORDER).set_index(schema.CITY)
    assert cities[geomap.DOMINANT].to_dict() == {
        city: expected for city, (_, expected) in TIE_CASES.items()
    }


def test_dominant_group_rule_on_plain_counts() -> None:
    """The rule itself: no pillar named gives "No pillar", a tie of named groups "Mixed pillars"."""
    assert geomap.dominant_group({}) == schema.NO_PILLAR
    assert geomap.dominant_group({"WBCTi": 0, schema.NO_PILLAR: 4}) == schema.NO_PILLAR
    assert geomap.dominant_group({"WBCTi": 1, schema.NO_PILLAR: 4}) == "WBCTi"
    assert geomap.dominant_group({"WBCTi": 2, "WBBSi": 2, "WBCSCi": 1}) == geomap.MIXED_PILLARS


def test_bundled_2023_map_colours_follow_the_events_of_each_city() -> None:
    """2023: Budva and Skopje (one pillar event, one without) take that pillar; Tirana, the only
    host of a multi-pillar event, is not grey; no city without one is cross-cutting."""
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["events"]
    in_2023 = [
        e
        for e in raw
        if str(e["start_date"]) <= "2023-12-31"
        and str(e.get("end_date") or e["start_date"]) >= "2023-01-01"
        and e.get("city")
    ]
    pillars_by_city: dict[str, list[list[str]]] = {}
    for e in in_2023:
        pillars_by_city.setdefault(e["city"], []).append(list(e.get("pillars") or []))
    multi_pillar_hosts = {c for c, ev in pillars_by_city.items() if any(len(p) > 1 for p in ev)}
    named_hosts = {c for c, ev in pillars_by_city.items() if any(p for p in ev)}
    assert multi_pillar_hosts == {"Tirana"}
    assert sorted(pillars_by_city["Budva"]) == [[], ["WBCTi"]]
    assert sorted(pillars_by_city["Skopje"]) == [[], ["WBBSi"]]
    assert sorted(pillars_by_city["Tirana"]) == [[], [], ["WBCSCi"], ["WBCTi", "WBCSCi", "WBBSi"]]

    dataset = load_dataset(BUNDLED)
    order = charts.pillar_group_order(dataset.reference)
    matching = filters.apply(
        dataset.events, filters.EventFilter(period="2023", start=JAN_1, end=DEC_31)
    )
    cities = geomap.city_counts(matching, order).set_index(schema.CITY)
    colour = cities[geomap.DOMINANT].to_dict()
    assert set(colour) == set(pillars_by_city)
    assert colour["Budva"] == "WBCTi"
    assert colour["Skopje"] == "WBBSi"
    assert colour["Tirana"] != schema.NO_PILLAR
    assert {c for c, g in colour.items() if g == schema.CROSS_CUTTING} <= multi_pillar_hosts
    assert not {c for c, g in colour.items() if g == schema.NO_PILLAR} & named_hosts
    # Tirana: one WBCSCi event and one event of all three pillars tie: mixed, not one of them.
    assert colour["Tirana"] == geomap.MIXED_PILLARS


def test_no_city_counts_split_online_not_stated_and_other() -> None:
    """4 events have no city: 1 online, 2 with no format, 1 hybrid."""
    counts = geomap.no_city_counts(INLINE)
    assert (counts.total, counts.online, counts.not_stated, counts.other) == (4, 1, 2, 1)
    assert counts.with_city == 6
    sentence = geomap.no_city_sentence(counts)
    assert sentence.startswith("4 events have no host city: 1 online, 2 not stated")
    assert set(geomap.events_without_city(INLINE)[schema.ID]) == {"n1", "n2", "n3", "n4"}


def test_small_fixture_cities_and_the_kosovo_designation() -> None:
    """The fixture has 3 host cities of 1 event each and 1 online event; Kosovo shows as Kosovo*."""
    dataset = load_dataset(SMALL)
    order = charts.pillar_group_order(dataset.reference)
    cities = geomap.city_counts(dataset.events, order).set_index(schema.CITY)
    assert sorted(cities.index) == ["Podgorica", "Pristina", "Sarajevo"]
    assert cities[geomap.EVENT_COUNT].tolist() == [1, 1, 1]
    assert cities.loc["Pristina", geomap.COUNTRY_DISPLAY] == "Kosovo*"
    assert cities.loc["Sarajevo", geomap.DOMINANT] == schema.CROSS_CUTTING
    assert cities.loc["Podgorica", geomap.DOMINANT] == "WBCSCi"
    counts = geomap.no_city_counts(dataset.events)
    assert (counts.total, counts.online, counts.not_stated) == (1, 1, 0)
    labels = geomap.city_labels(geomap.city_counts(dataset.events, order))
    assert labels[geomap.city_id("Pristina", "Kosovo")] == "Pristina, Kosovo*"


def test_events_in_city_lists_that_city_in_date_order() -> None:
    """Choosing Tirana lists t2 (January), t3, then t1 (March)."""
    chosen = geomap.events_in_city(INLINE, geomap.city_id("Tirana", "Albania"))
    assert chosen[schema.ID].tolist() == ["t2", "t3", "t1"]
    assert geomap.events_in_city(INLINE, "Nowhere|").empty


def test_empty_frame_gives_no_cities_and_an_empty_figure() -> None:
    """With no events the table is empty and the map says so instead of failing."""
    empty = INLINE.iloc[0:0]
    cities = geomap.city_counts(empty, ORDER)
    assert cities.empty
    assert geomap.no_city_counts(empty).total == 0
    assert geomap.no_city_sentence(geomap.no_city_counts(empty)) == "Every event has a host city."
    figure = geomap.map_figure(cities, {}, {}, ORDER)
    assert len(figure.data) == 0
    assert "No matching event" in figure.layout.annotations[0].text
    assert geomap.city_table(cities, ORDER).empty


def map_of(events: pd.DataFrame, mode: str = geomap.COLOUR_DOMINANT):
    dataset = load_dataset(SMALL)
    colours = charts.pillar_colours(dataset.reference)
    labels = charts.pillar_labels(dataset.reference)
    return geomap.map_figure(geomap.city_counts(events, ORDER), colours, labels, ORDER, mode)


def test_map_figure_bubbles_carry_city_ids_sizes_and_pillar_colours() -> None:
    """One scattergeo bubble per city, sized by its count, coloured by its dominant pillar."""
    figure = map_of(INLINE)
    bubbles = [trace for trace in figure.data if trace.mode == "markers"]
    assert {trace.type for trace in figure.data} == {"scattergeo"}
    ids = [row[0] for trace in bubbles for row in trace.customdata]
    assert sorted(ids) == sorted(
        [
            geomap.city_id("Tirana", "Albania"),
            geomap.city_id("Skopje", "North Macedonia"),
            geomap.city_id("Brussels", "Belgium"),
        ]
    )
    sizes = {
        row[0]: size for t in bubbles for row, size in zip(t.customdata, t.marker.size, strict=True)
    }
    assert sizes[geomap.city_id("Tirana", "Albania")] == 3
    assert sizes[geomap.city_id("Skopje", "North Macedonia")] == 2
    assert sizes[geomap.city_id("Brussels", "Belgium")] == 1
    colours = charts.pillar_colours(load_dataset(SMALL).reference)
    tirana_trace = next(
        t for t in bubbles if t.customdata[0][0] == geomap.city_id("Tirana", "Albania")
    )
    assert tirana_trace.marker.color == colours["WBCTi"]
    assert all(t.marker.sizemode == "area" for t in bubbles)


def test_map_view_is_europe_fitted_to_the_balkans_and_every_city() -> None:
    """Scope europe; the view holds Brussels and the Western Balkans; outlines drawn."""
    geo = map_of(INLINE).layout.geo
    assert geo.scope == "europe"
    assert geo.showcountries and geo.showland
    west, east = geo.lonaxis.range
    south, north = geo.lataxis.range
    assert west < BRUSSELS[1] and east > SKOPJE[1]
    assert south < TIRANA[0] and north > BRUSSELS[0]


def test_map_per_pillar_group_mode_draws_a_bubble_per_group() -> None:
    """Tirana gets a WBCTi bubble of size 2 and a WBBSi bubble of size 1."""
    figure = map_of(INLINE, geomap.COLOUR_PER_GROUP)
    tirana = geomap.city_id("Tirana", "Albania")
    found = {
        trace.legendgroup: size
        for trace in figure.data
        if trace.mode == "markers"
        for row, size in zip(trace.customdata, trace.marker.size, strict=True)
        if row[0] == tirana
    }
    assert found == {"WBCTi": 2, "WBBSi": 1}
    with pytest.raises(ValueError):
        map_of(INLINE, "rainbow")


def test_hover_and_labels_escape_city_names() -> None:
    """A city named with HTML shows as text, not markup."""
    events = frame([event("x1", "<b>Evil</b>", "Albania", "WBCTi", *TIRANA)])
    figure = map_of(events)
    texts = [row[1] for trace in figure.data for row in trace.customdata]
    assert all("<b>" not in text for text in texts)
    labels = [text for trace in figure.data if trace.mode == "text" for text in trace.text]
    assert labels == ["&lt;b&gt;Evil&lt;/b&gt;"]


def test_selected_city_ids_read_custom_data_not_point_index() -> None:
    """A click's customdata names the city, whatever its point number."""
    selection = {
        "points": [
            {"point_index": 0, "customdata": ["Tirana|Albania", "Tirana"]},
            {"point_index": 0, "customdata": ["Tirana|Albania", "Tirana"]},
            {"point_index": 5},
        ]
    }
    assert geomap.selected_city_ids(selection) == ["Tirana|Albania"]
    assert geomap.selected_city_ids(None) == []


def test_city_table_lists_counts_per_group() -> None:
    """The table shows each city's total and per-group counts, Kosovo with its asterisk."""
    events = frame(
        [
            event("k1", "Pristina", "Kosovo", "WBCTi", 42.67, 21.17),
            event("k2", "Pristina", "Kosovo", "WBCTi", 42.67, 21.17),
        ]
    )
    table = geomap.city_table(geomap.city_counts(events, ORDER), ORDER)
    assert table.to_dict("records") == [
        {
            "City": "Pristina",
            "Country": "Kosovo*",
            "Events": 2,
            "WBCTi": 2,
            "WBCSCi": 0,
            "WBBSi": 0,
            schema.CROSS_CUTTING: 0,
            schema.NO_PILLAR: 0,
            "Main pillar": "WBCTi",
        }
    ]


def test_a_city_the_gazetteer_cannot_place_is_counted_but_not_drawn() -> None:
    """A city without coordinates stays in the table and is named as not on the map."""
    events = frame(
        [
            event("u1", "Atlantis", "Greece", "WBCTi"),
            event("t1", "Tirana", "Albania", "WBCTi", *TIRANA),
        ]
    )
    cities = geomap.city_counts(events, ORDER)
    assert geomap.unplaced_cities(cities) == ["Atlantis, Greece"]
    figure = map_of(events)
    ids = [row[0] for trace in figure.data if trace.mode == "markers" for row in trace.customdata]
    assert ids == [geomap.city_id("Tirana", "Albania")]
    assert "On the map" in geomap.city_table(cities, ORDER).columns


def test_dominant_map_legend_states_the_rule_and_mixed_cities_have_their_own_colour() -> None:
    """The legend's title is the rule in one line; a tied city is drawn in the mixed colour, not
    the cross-cutting one, and its hover lists its counts per group and why it has that colour."""
    rows = [
        event(f"{city}-{n}", city, "Montenegro", group, *TIRANA)
        for city, (groups, _) in TIE_CASES.items()
        for n, group in enumerate(groups)
    ]
    figure = map_of(frame(rows))
    assert figure.layout.legend.title.text.replace("<br>", " ") == geomap.DOMINANT_RULE
    bubbles = {trace.name: trace for trace in figure.data if trace.mode == "markers"}
    mixed = bubbles[geomap.MIXED_PILLARS_LABEL]
    assert mixed.marker.color == geomap.MIXED_PILLARS_COLOUR
    assert sorted(row[1] for row in mixed.customdata) == ["Durres", "Kotor", "Ohrid"]
    colours = charts.pillar_colours(load_dataset(SMALL).reference)
    assert geomap.MIXED_PILLARS_COLOUR not in colours.values()
    cross = bubbles["Cross-cutting (several pillars)"]
    assert [row[1] for row in cross.customdata] == ["Vlore"]
    ohrid = next(row for row in mixed.customdata if row[1] == "Ohrid")
    assert ohrid[4].split("<br>") == [
        "WBCTi – Counter-terrorism: 1",
        "WBBSi – Border security: 1",
        "No pillar named: 2",
    ]
    assert "Mixed pillars" in ohrid[5]
    assert "%{customdata[5]}" in mixed.hovertemplate
    # Legend order: the pillars, cross-cutting, mixed, then no pillar.
    names = list(bubbles)
    assert names.index(geomap.MIXED_PILLARS_LABEL) == names.index("No pillar named") - 1


def test_the_2023_report_map_is_coloured_by_the_same_rule() -> None:
    """The report's map of 2023 (DOCX and HTML draw this figure) colours Budva WBCTi, Skopje
    WBBSi, Tirana mixed, and states the rule in its legend."""
    dataset = load_dataset(BUNDLED)
    data = build.build_report(dataset, periods.calendar_year(2023))
    figure = data.figures[model.CHART_MAP]
    drawn = {
        row[1]: trace.legendgroup
        for trace in figure.data
        if trace.mode == "markers"
        for row in trace.customdata
    }
    assert drawn["Budva"] == "WBCTi"
    assert drawn["Skopje"] == "WBBSi"
    assert drawn["Tirana"] == geomap.MIXED_PILLARS
    assert schema.CROSS_CUTTING not in drawn.values()
    assert figure.layout.legend.title.text.replace("<br>", " ") == geomap.DOMINANT_RULE
