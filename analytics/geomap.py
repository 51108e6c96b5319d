"""Where the IISG met: events per host city, the bubble map of host cities, events without a city."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, display, schema

# Columns of the per-city frame (besides schema.CITY, COUNTRY, LATITUDE, LONGITUDE and one
# count column per pillar group, named by the group).
CITY_ID = "city_id"
COUNTRY_DISPLAY = "country_display"
EVENT_COUNT = "events"
DOMINANT = "dominant_pillar_group"

# A city whose pillar-named events are split evenly between two or more pillar groups: not
# "Cross-cutting", which means one event naming several pillars. Drawn as a white bubble with a
# dark ring (no one pillar's colour; a filled black bubble outweighed every other city).
MIXED_PILLARS = "Mixed pillars"
MIXED_PILLARS_COLOUR = "#FFFFFF"
MIXED_PILLARS_RING = "#1A1A1A"
MIXED_PILLARS_LABEL = "Mixed pillars (a tie between pillar groups)"
# The rule in the legend, in two short lines so that it is not cut off on a phone-wide map.
DOMINANT_RULE_LINES = (
    "Colour: the pillar group with most of a city's events",
    "naming a pillar (tie: mixed pillars; grey: none names one)",
)
DOMINANT_RULE = " ".join(DOMINANT_RULE_LINES)

# The two ways of colouring the map (the page's "map_colour" switch).
COLOUR_DOMINANT = "Dominant pillar"
COLOUR_PER_GROUP = "One bubble per pillar group"
COLOUR_MODES = (COLOUR_DOMINANT, COLOUR_PER_GROUP)

FORMAT_NOT_STATED = "not stated"
MAP_TITLE = "Host cities of the matching events (bubble area: number of events)"
MAP_HEIGHT = 620
# Bubble diameters in pixels: the busiest city gets MAX, a one-event city never less than MIN
# (an area-true 1-of-9 bubble would be a barely clickable dot).
MAX_BUBBLE_PX = 46
MIN_BUBBLE_PX = 9
# The Western Balkans are always in view, whatever the filter, so the map keeps its bearings.
WESTERN_BALKANS_LON = (15.5, 23.2)
WESTERN_BALKANS_LAT = (39.5, 46.3)
MAP_PADDING_DEGREES = 1.6
EAST_LIMIT = 26.0
# Cities with at least this many events are labelled (all cities when there are few).
LABEL_MIN_EVENTS = 2
LABEL_ALL_BELOW = 8
# Width / height of the map's view; the view is widened to it so the map fills the chart.
MAP_ASPECT = 1.45
# Height of the drawn map (figure height less title and legend), to estimate label collisions.
_MAP_AREA_HEIGHT_PX = MAP_HEIGHT - 130
_CHAR_WIDTH_PX = 7.5
_LABEL_HEIGHT_PX = 16
_LABEL_POSITIONS = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "bottom right",
    "top left",
    "bottom left",
)
# Per-pillar-group mode: each group's bubble is nudged this far (degrees) in its own
# direction, so the groups of one city sit side by side instead of hiding each other.
_GROUP_NUDGE_DEGREES = 0.22


def city_id(city: str, country: str | None) -> str:
    """Return the identifier of a host city, stable across filters: "Tirana|Albania".

    Args:
        city: The city as stored.
        country: The country as stored, or None.

    Returns:
        The identifier (the same city name in two countries gives two identifiers).
    """
    return f"{city}|{country or ''}"


def city_label(city: str, country: str | None) -> str:
    """Return a city as users read it: "Pristina, Kosovo*", or the city alone without country."""
    shown = schema.display_country(country)
    return f"{city}, {shown}" if shown else city


def _ids(events: pd.DataFrame) -> pd.Series:
    # Name each distinct (city, country) pair once and spread the ids by code: a Python call
    # per event costs a fifth of a second on 100,000 events.
    # Cities and countries are coded apart and their pairs from the two codes (a MultiIndex
    # of the two columns took most of the time); a missing country has code -1.
    city_codes, cities = pd.factorize(events[schema.CITY])
    country_codes, countries = pd.factorize(events[schema.COUNTRY])
    if (city_codes < 0).any():
        return _ids_of_pairs(events)  # (a missing city: not among the host cities counted)
    width = len(countries) + 1
    codes, pairs = pd.factorize(city_codes * width + country_codes + 1)
    city_names = [str(city) for city in cities]
    country_names = [None, *(str(country) for country in countries)]
    labels = np.array(
        [city_id(city_names[pair // width], country_names[pair % width]) for pair in pairs],
        dtype=object,
    )
    return pd.Series(labels[codes], index=events.index, dtype="object")


def _ids_of_pairs(events: pd.DataFrame) -> pd.Series:
    places = events[[schema.CITY, schema.COUNTRY]]
    codes, pairs = pd.factorize(pd.MultiIndex.from_frame(places, names=[0, 1]))
    labels = np.array(
        [city_id(str(city), None if pd.isna(country) else str(country)) for city, country in pairs],
        dtype=object,
    )
    return pd.Series(labels[codes], index=events.index, dtype="object")


def _city_columns(group_order: Sequence[str]) -> list[str]:
    return [
        CITY_ID,
        schema.CITY,
        schema.COUNTRY,
        COUNTRY_DISPLAY,
        schema.LATITUDE,
        schema.LONGITUDE,
        EVENT_COUNT,
        *group_order,
        DOMINANT,
    ]


def _empty_cities(group_order: Sequence[str]) -> pd.DataFrame:
    columns = _city_columns(group_order)
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})


def _first_present(column: pd.Series, codes: np.ndarray, count: int) -> list[Any]:
    """Each code's first value that is not missing (None when it has none), as groupby's first()."""
    present = np.flatnonzero(column.notna().to_numpy())
    first = np.full(count, -1, dtype=np.intp)
    # Written last to first, so the earliest row of a code is the one that stays.
    first[codes[present][::-1]] = present[::-1]
    # Only those rows are read (a whole column as Python objects cost more at 100,000 events).
    found = iter(column.iloc[first[first >= 0]].tolist())
    return [next(found) if row >= 0 else None for row in first.tolist()]


def dominant_group(counts: Mapping[str, int]) -> str:
    """Name the pillar group a city is coloured by, from its events per pillar group.

    Only the events that name a pillar compete (a pillar's own group, or "Cross-cutting" for
    an event naming several): the group with most of them wins; two or more groups with as
    many make ``MIXED_PILLARS``; "No pillar" only when none of the city's events names one.
    So a city is "Cross-cutting" only if an event naming several pillars took place there.

    Args:
        counts: Pillar group -> number of the city's events in it.

    Returns:
        The group, ``MIXED_PILLARS`` or ``schema.NO_PILLAR``.
    """
    named = {group: n for group, n in counts.items() if group != schema.NO_PILLAR and n > 0}
    if not named:
        return schema.NO_PILLAR
    most = max(named.values())
    leaders = [group for group, n in named.items() if n == most]
    return leaders[0] if len(leaders) == 1 else MIXED_PILLARS


def dominant_order(group_order: Sequence[str]) -> list[str]:
    """The categories of the dominant-pillar colouring, in legend order: "Mixed pillars" before
    "No pillar"."""
    order = [group for group in group_order if group != schema.NO_PILLAR]
    return [*order, MIXED_PILLARS, *(g for g in group_order if g == schema.NO_PILLAR)]


def city_counts(events: pd.DataFrame, group_order: Sequence[str]) -> pd.DataFrame:
    """Count the events of every host city, in total and per pillar group.

    The dominant pillar group of a city is decided by ``dominant_group`` (only the events
    that name a pillar compete; a tie is ``MIXED_PILLARS``). Events without a city are not
    counted here (see ``no_city_counts``). This function does not mutate its input.

    Args:
        events: Events frame.
        group_order: Pillar groups in legend order (``charts.pillar_group_order``).

    Returns:
        One row per city: city_id, city, country, country_display (Kosovo*), latitude,
        longitude (NaN when the gazetteer cannot place it), events, one count column per
        pillar group, dominant_pillar_group. Busiest city first, then by city name.
    """
    place_columns = [schema.CITY, schema.COUNTRY, schema.LATITUDE, schema.LONGITUDE]
    # Only the columns counted here: filtering the whole frame copied every column.
    located = events[[*place_columns, schema.PILLAR_GROUP]]
    located = located[located[schema.CITY].notna()]
    if located.empty:
        return _empty_cities(group_order)
    ids = _ids(located)
    # Events per (city, group) counted with numpy (pandas' crosstab took most of a rerun),
    # cities and groups in sorted order as crosstab gives them.
    city_codes, city_names = pd.factorize(ids, sort=True)
    group_codes, group_names = pd.factorize(located[schema.PILLAR_GROUP].astype(str), sort=True)
    table = np.zeros((len(city_names), len(group_names)), dtype="int64")
    np.add.at(table, (city_codes, group_codes), 1)
    per_group = pd.DataFrame(table, index=city_names, columns=list(group_names))
    groups = [*group_order, *(g for g in per_group.columns if g not in group_order)]
    per_group = per_group.reindex(columns=groups, fill_value=0).astype("int64")
    # Each city's first place values that are not missing, in the cities' order, as lists (a
    # groupby took a fifth of the time; the loop below reads one value a row).
    city_names_list, countries, latitudes, longitudes = (
        _first_present(located[column], city_codes, len(city_names)) for column in place_columns
    )
    counts = per_group.to_numpy()
    totals = counts.sum(axis=1).tolist()
    rows: list[dict[str, Any]] = []
    for position, (identifier, group_counts) in enumerate(
        zip(per_group.index, counts.tolist(), strict=True)
    ):
        raw_country = countries[position]
        country = None if pd.isna(raw_country) else str(raw_country)
        by_group = dict(zip(groups, group_counts, strict=True))
        row: dict[str, Any] = {
            CITY_ID: identifier,
            schema.CITY: str(city_names_list[position]),
            schema.COUNTRY: country,
            COUNTRY_DISPLAY: schema.display_country(country),
            schema.LATITUDE: _float(latitudes[position]),
            schema.LONGITUDE: _float(longitudes[position]),
            EVENT_COUNT: int(totals[position]),
            DOMINANT: dominant_group(by_group),
        }
        row.update(by_group)
        rows.append(row)
    cities = pd.DataFrame(rows)
    cities = cities.sort_values([EVENT_COUNT, schema.CITY], ascending=[False, True])
    return cities[_city_columns(groups)].reset_index(drop=True)


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


def city_labels(cities: pd.DataFrame) -> dict[str, str]:
    """Map city ids to "City, Country*", ordered by city name (for a selectbox).

    Args:
        cities: The frame of ``city_counts``.

    Returns:
        City id -> label.
    """
    pairs = [
        (str(identifier), city_label(str(city), country if isinstance(country, str) else None))
        for identifier, city, country in zip(
            cities[CITY_ID], cities[schema.CITY], cities[schema.COUNTRY], strict=True
        )
    ]
    return dict(sorted(pairs, key=lambda pair: pair[1].casefold()))


def unplaced_cities(cities: pd.DataFrame) -> list[str]:
    """Return the labels of host cities the gazetteer could not place (not on the map)."""
    missing = cities[cities[schema.LATITUDE].isna() | cities[schema.LONGITUDE].isna()]
    return [
        city_label(str(city), country if isinstance(country, str) else None)
        for city, country in zip(missing[schema.CITY], missing[schema.COUNTRY], strict=True)
    ]


@dataclass(frozen=True)
class NoCityCounts:
    """How many events have no host city, by format.

    Attributes:
        total: Events without a city.
        online: Of which held online.
        not_stated: Of which the source gives neither a city nor a format.
        other: Of which in person or hybrid, with the city not stated.
        with_city: Events that do have a host city.
    """

    total: int
    online: int
    not_stated: int
    other: int
    with_city: int = 0


def events_without_city(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events with no host city (online, or the source does not say where)."""
    return events[events[schema.CITY].isna()]


def no_city_counts(events: pd.DataFrame) -> NoCityCounts:
    """Count the events without a host city, split by their format.

    Args:
        events: Events frame.

    Returns:
        The counts.
    """
    without = events_without_city(events)
    formats = without[schema.FORMAT]
    online = int((formats == "online").fillna(False).sum())
    not_stated = int(formats.isna().sum())
    return NoCityCounts(
        total=len(without),
        online=online,
        not_stated=not_stated,
        other=len(without) - online - not_stated,
        with_city=len(events) - len(without),
    )


def no_city_sentence(counts: NoCityCounts) -> str:
    """Say how many events are not on the map, e.g. "3 events have no host city: 1 online, 2 not stated".

    Args:
        counts: The counts of ``no_city_counts``.

    Returns:
        The sentence; "Every event has a host city." when there is none.
    """
    if counts.total == 0:
        return "Every event has a host city."
    verb = "event has" if counts.total == 1 else "events have"
    parts = [f"{counts.online} online", f"{counts.not_stated} {FORMAT_NOT_STATED}"]
    if counts.other:
        parts.append(f"{counts.other} in person or hybrid, city not stated")
    return f"{counts.total} {verb} no host city: {', '.join(parts)}"


def events_in_city(events: pd.DataFrame, identifier: str) -> pd.DataFrame:
    """Return the events held in one host city, in date order.

    Args:
        events: Events frame.
        identifier: A city id (``city_id``).

    Returns:
        The matching rows (none for an unknown id).
    """
    located = events[events[schema.CITY].notna()]
    chosen = located[_ids(located) == identifier]
    return chosen.sort_values([schema.START_DATE, schema.ID])


def events_list(events: pd.DataFrame) -> pd.DataFrame:
    """Return a short display table of events (dates, title, format, type, pillars, role).

    Args:
        events: Events frame.

    Returns:
        A new frame with the display labels of ``display.DISPLAY_COLUMNS``.
    """
    wanted = ("dates", schema.TITLE, schema.FORMAT, schema.EVENT_TYPE, schema.PILLARS)
    return display.events_table(events, wanted)


def city_table(cities: pd.DataFrame, group_order: Sequence[str]) -> pd.DataFrame:
    """Return the cities as a display table: City, Country, Events, one column per pillar group.

    Args:
        cities: The frame of ``city_counts``.
        group_order: Pillar groups in legend order.

    Returns:
        A new frame, busiest city first; "Main pillar" gives the dominant group.
    """
    table = pd.DataFrame(
        {
            "City": cities[schema.CITY].astype(str),
            "Country": cities[COUNTRY_DISPLAY].astype(str),
            "Events": cities[EVENT_COUNT].astype("int64"),
        }
    )
    for group in group_order:
        table[group] = cities[group].astype("int64") if group in cities else 0
    table["Main pillar"] = cities[DOMINANT].astype(str)
    if (cities[schema.LATITUDE].isna() | cities[schema.LONGITUDE].isna()).any():
        table["On the map"] = cities[schema.LATITUDE].notna() & cities[schema.LONGITUDE].notna()
    return table.reset_index(drop=True)


def selected_city_ids(selection: Mapping[str, Any] | None) -> list[str]:
    """Read the city ids of the points clicked on the map, from their custom data.

    Args:
        selection: The ``selection`` of ``st.plotly_chart``'s return value (points with
            "customdata"), or None.

    Returns:
        The distinct city ids, in click order.
    """
    ids: list[str] = []
    for point in (selection or {}).get("points", []) or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple) and data and isinstance(data[0], str):
            if data[0] not in ids:
                ids.append(data[0])
    return ids


# -- the figure --------------------------------------------------------------------------------


def _view_ranges(cities: pd.DataFrame) -> tuple[list[float], list[float]]:
    """Longitude and latitude ranges showing the Western Balkans and every placed city."""
    lons = [*WESTERN_BALKANS_LON, *cities[schema.LONGITUDE].tolist()]
    lats = [*WESTERN_BALKANS_LAT, *cities[schema.LATITUDE].tolist()]
    west, east = min(lons) - MAP_PADDING_DEGREES, max(lons) + MAP_PADDING_DEGREES
    south, north = min(lats) - MAP_PADDING_DEGREES, max(lats) + MAP_PADDING_DEGREES
    # Plotly keeps the projection's proportions, so a view taller than the chart leaves empty
    # bands at the sides: widen the narrow dimension until the view has the chart's shape.
    width = math.radians(east - west)
    height = _mercator_y(north) - _mercator_y(south)
    if width < height * MAP_ASPECT:
        extra = math.degrees(height * MAP_ASPECT - width)
        # Half each side, but not past EAST_LIMIT: the Europe outlines stop at Asia Minor.
        east_extra = max(0.0, min(extra / 2, EAST_LIMIT - east))
        west, east = west - (extra - east_extra), east + east_extra
    else:
        middle = (_mercator_y(north) + _mercator_y(south)) / 2
        half = width / MAP_ASPECT / 2
        south, north = _latitude(middle - half), _latitude(middle + half)
    return [west, east], [south, north]


def _latitude(mercator_y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(mercator_y)) - math.pi / 2)


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _diameter_px(count: int, largest: int) -> float:
    return max(MIN_BUBBLE_PX, MAX_BUBBLE_PX * math.sqrt(count / largest))


def _label_box(
    position: str, x: float, y: float, radius: float, width: float
) -> tuple[float, float, float, float]:
    """The pixel box (left, top, right, bottom) a label takes at a plotly text position."""
    vertical, horizontal = position.split()
    # A corner position sits diagonally, so it clears the bubble sooner than a side one.
    reach = radius if vertical == "middle" else radius * 0.5
    if horizontal == "right":
        left = x + reach
    elif horizontal == "left":
        left = x - reach - width
    else:
        left = x - width / 2
    if vertical == "top":
        top = y - radius - _LABEL_HEIGHT_PX
    elif vertical == "bottom":
        top = y + radius
    else:
        top = y - _LABEL_HEIGHT_PX / 2
    return (left, top, left + width, top + _LABEL_HEIGHT_PX)


def _label_positions(
    cities: pd.DataFrame, lon_range: Sequence[float], lat_range: Sequence[float]
) -> dict[str, tuple[str, float, float]]:
    """Choose where to write the name of each city worth labelling, avoiding overlaps if possible.

    Greedy, busiest city first: a label takes the first side of its bubble where it covers
    neither another bubble nor a label already placed. A smaller city whose label fits nowhere
    is left unlabelled (hover still names it); the three busiest are always labelled.

    Returns:
        City id -> (plotly text position, longitude, latitude of the point on the bubble's
        edge the text is written from: a text-only trace does not know the bubble's size).
    """
    if cities.empty:
        return {}
    lon_span = math.radians(lon_range[1] - lon_range[0])
    y_top, y_bottom = _mercator_y(lat_range[1]), _mercator_y(lat_range[0])
    scale = min(
        _MAP_AREA_HEIGHT_PX * MAP_ASPECT / lon_span, _MAP_AREA_HEIGHT_PX / (y_top - y_bottom)
    )
    largest = int(cities[EVENT_COUNT].max())

    def to_px(lon: float, lat: float) -> tuple[float, float]:
        return math.radians(lon - lon_range[0]) * scale, (y_top - _mercator_y(lat)) * scale

    def to_degrees(x: float, y: float) -> tuple[float, float]:
        return lon_range[0] + math.degrees(x / scale), _latitude(y_top - y / scale)

    lons = cities[schema.LONGITUDE].to_numpy(dtype=float)
    lats = cities[schema.LATITUDE].to_numpy(dtype=float)
    counts = cities[EVENT_COUNT].to_numpy(dtype="int64")
    names = [str(city) for city in cities[schema.CITY]]
    points = [to_px(float(lon), float(lat)) for lon, lat in zip(lons, lats, strict=True)]
    radii = [_diameter_px(int(count), largest) / 2 for count in counts]
    bubble_boxes = np.array(
        [(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, radii, strict=True)],
        dtype=float,
    ).reshape(-1, 4)
    label_all = len(cities) <= LABEL_ALL_BELOW
    ranks = [
        rank for rank, count in enumerate(counts) if label_all or int(count) >= LABEL_MIN_EVENTS
    ]
    # Every candidate box of every city to label (one row a city, one column a position),
    # tested against every bubble at once; only the test against labels already placed
    # depends on the order, and it runs a city at a time over its eight boxes.
    boxes = np.array(
        [
            [
                _label_box(
                    position,
                    *points[rank],
                    radii[rank] + 2,
                    len(names[rank]) * _CHAR_WIDTH_PX,
                )
                for position in _LABEL_POSITIONS
            ]
            for rank in ranks
        ],
        dtype=float,
    ).reshape(len(ranks), len(_LABEL_POSITIONS), 4)
    on_bubbles = _overlapping(boxes, bubble_boxes)
    own = np.asarray(ranks, dtype=np.intp)
    on_bubbles[np.arange(len(ranks)), :, own] = False  # (its own bubble)
    on_any_bubble = np.asarray(on_bubbles.any(axis=2), dtype=bool)
    placed_boxes = np.empty((len(ranks), 4), dtype=float)
    placed_count = 0
    identifiers = [str(identifier) for identifier in cities[CITY_ID]]
    positions: dict[str, tuple[str, float, float]] = {}
    for row, rank in enumerate(ranks):
        clash = on_any_bubble[row]
        if placed_count:
            clash = clash | _overlapping(boxes[row], placed_boxes[:placed_count]).any(axis=1)
        free = np.flatnonzero(~clash)
        if free.size:
            chosen = _LABEL_POSITIONS[int(free[0])]
        elif rank < 3:
            chosen = _LABEL_POSITIONS[0]
        else:
            continue
        x, y = points[rank]
        box = _label_box(chosen, x, y, radii[rank] + 2, len(names[rank]) * _CHAR_WIDTH_PX)
        vertical, horizontal = chosen.split()
        anchor_x = {"right": box[0], "left": box[2]}.get(horizontal, x)
        anchor_y = {"top": box[3], "bottom": box[1]}.get(vertical, y)
        positions[identifiers[rank]] = (chosen, *to_degrees(anchor_x, anchor_y))
        # Later labels avoid this one.
        placed_boxes[placed_count] = box
        placed_count += 1
    return positions


def _overlapping(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which of `boxes` (..., 4) overlap which of `others` (n, 4): shape (..., n)."""
    box = boxes[..., np.newaxis, :]
    return np.asarray(
        (box[..., 2] > others[:, 0])
        & (others[:, 2] > box[..., 0])
        & (box[..., 3] > others[:, 1])
        & (others[:, 3] > box[..., 1]),
        dtype=bool,
    )


def _custom_data(
    cities: pd.DataFrame, group_order: Sequence[str], labels: Mapping[str, str]
) -> list[list[Any]]:
    """Per city: [city id, city, country, events, breakdown by pillar group] (text escaped)."""
    # Column by column (a pandas row per city costs more than the rest of the map).
    groups = [
        (html.escape(labels.get(group, group)), [int(n) for n in cities[group]])
        for group in group_order
        if group in cities.columns
    ]
    return [
        [
            str(identifier),
            html.escape(str(city)),
            html.escape(str(country)),
            int(count),
            "<br>".join(f"{label}: {counts[row]}" for label, counts in groups if counts[row] > 0),
        ]
        for row, (identifier, city, country, count) in enumerate(
            zip(
                cities[CITY_ID],
                cities[schema.CITY],
                cities[COUNTRY_DISPLAY],
                cities[EVENT_COUNT],
                strict=True,
            )
        )
    ]


_CITY_HOVER = (
    "<b>%{customdata[1]}</b>, %{customdata[2]}<br>"
    "%{customdata[3]} event(s)<br>%{customdata[4]}<extra></extra>"
)


def _bubbles(
    lon: pd.Series,
    lat: pd.Series,
    sizes: pd.Series,
    *,
    group: str,
    name: str,
    colour: str,
    opacity: float,
    sizeref: float,
    customdata: list[list[Any]],
    hovertemplate: str,
    ring: tuple[str, float] = ("white", 1),
) -> go.Scattergeo:
    """One pillar group's bubbles: area proportional to the events, at least MIN_BUBBLE_PX wide.

    ``ring`` is the outline's colour and width in pixels."""
    return go.Scattergeo(
        lon=lon.tolist(),
        lat=lat.tolist(),
        mode="markers",
        name=name,
        legendgroup=group,
        # An array of objects: plotly checks a list of lists cell by cell and takes an array
        # whole (the figure's JSON is the same).
        customdata=np.array(customdata, dtype=object) if customdata else customdata,
        hovertemplate=hovertemplate,
        marker={
            "size": sizes.astype(int).tolist(),
            "sizemode": "area",
            "sizeref": sizeref,
            "sizemin": MIN_BUBBLE_PX,
            "color": colour,
            "opacity": opacity,
            "line": {"width": ring[1], "color": ring[0]},
        },
    )


def map_figure(
    cities: pd.DataFrame,
    colours: Mapping[str, str],
    labels: Mapping[str, str],
    group_order: Sequence[str],
    mode: str = COLOUR_DOMINANT,
) -> go.Figure:
    """Draw the host cities as bubbles on a map of Europe fitted to the Western Balkans.

    Bubble area is proportional to the number of events (with a minimum size so one-event
    cities stay visible and clickable). Every point carries its city id as the first item of
    its custom data, so a click identifies the city whatever the trace.

    Args:
        cities: The frame of ``city_counts``.
        colours: Pillar group colours (``charts.pillar_colours``).
        labels: Legend labels (``charts.pillar_labels``).
        group_order: Pillar groups in legend order.
        mode: ``COLOUR_DOMINANT`` (one bubble a city, coloured by its dominant pillar group)
            or ``COLOUR_PER_GROUP`` (one bubble per city and pillar group).

    Returns:
        The figure; an explanatory empty figure when no city can be placed.

    Raises:
        ValueError: The mode is not one of ``COLOUR_MODES``.
    """
    if mode not in COLOUR_MODES:
        raise ValueError(f"unknown colour mode {mode!r}")
    placed = cities[cities[schema.LATITUDE].notna() & cities[schema.LONGITUDE].notna()]
    if placed.empty:
        return charts.empty_figure(MAP_TITLE, "No matching event has a host city on the map.")
    placed = placed.reset_index(drop=True)
    largest = int(placed[EVENT_COUNT].max())
    # Area mode: sizeref as plotly documents it, so the busiest city is MAX_BUBBLE_PX wide.
    sizeref = 2.0 * largest / (MAX_BUBBLE_PX**2)
    traces: list[go.Scattergeo] = []
    lon_range, lat_range = _view_ranges(placed)
    # Each city's hover data made once, and each trace's cities taken by position: a filtered
    # copy of the cities a trace cost more than its bubbles.
    custom = _custom_data(placed, group_order, labels)
    longitudes, latitudes = placed[schema.LONGITUDE], placed[schema.LATITUDE]
    if mode == COLOUR_DOMINANT:
        dominant_colours = {**colours, MIXED_PILLARS: MIXED_PILLARS_COLOUR}
        dominant_labels = {**labels, MIXED_PILLARS: MIXED_PILLARS_LABEL}
        dominant = placed[DOMINANT].to_numpy(dtype=object)
        for group in dominant_order(group_order):
            rows = np.flatnonzero(dominant == group)
            if not len(rows):
                continue
            # The hover says which colour the city has and why, under its counts per group.
            colour_line = html.escape(f"Colour: {dominant_labels.get(group, group)}")
            traces.append(
                _bubbles(
                    longitudes.iloc[rows],
                    latitudes.iloc[rows],
                    placed[EVENT_COUNT].iloc[rows],
                    group=group,
                    name=dominant_labels.get(group, group),
                    colour=dominant_colours.get(group, charts.NEUTRAL_COLOURS[-1]),
                    opacity=0.85,
                    sizeref=sizeref,
                    customdata=[[*custom[row], colour_line] for row in rows],
                    hovertemplate=_CITY_HOVER.replace(
                        "<extra>", "<br><i>%{customdata[5]}</i><extra>"
                    ),
                    ring=(MIXED_PILLARS_RING, 2.5) if group == MIXED_PILLARS else ("white", 1),
                )
            )
        legend_title = "<br>".join(DOMINANT_RULE_LINES)
    else:
        nudges = {
            group: (
                _GROUP_NUDGE_DEGREES * math.cos(2 * math.pi * index / len(group_order)),
                _GROUP_NUDGE_DEGREES * math.sin(2 * math.pi * index / len(group_order)),
            )
            for index, group in enumerate(group_order)
        }
        for group in group_order:
            if group not in placed:
                continue
            in_group = placed[group].to_numpy()
            rows = np.flatnonzero(in_group > 0)
            if not len(rows):
                continue
            dx, dy = nudges[group]
            traces.append(
                _bubbles(
                    longitudes.iloc[rows] + dx,
                    latitudes.iloc[rows] + dy,
                    placed[group].iloc[rows],
                    group=group,
                    name=labels.get(group, group),
                    colour=colours.get(group, charts.NEUTRAL_COLOURS[-1]),
                    opacity=0.8,
                    sizeref=sizeref,
                    customdata=[[*custom[row], int(in_group[row])] for row in rows],
                    hovertemplate=(
                        f"{html.escape(labels.get(group, group))}: "
                        "%{customdata[5]} of %{customdata[3]} event(s)<br>"
                        "<b>%{customdata[1]}</b>, %{customdata[2]}<br>"
                        "%{customdata[4]}<extra></extra>"
                    ),
                )
            )
        legend_title = "Pillar group"
    positions = _label_positions(placed, lon_range, lat_range)
    if positions:
        # The labelled cities in the frame's order, each with its place for the text.
        labelled = [
            (row, positions[identifier])
            for row, identifier in enumerate(str(i) for i in placed[CITY_ID])
            if identifier in positions
        ]
        names = placed[schema.CITY].tolist()
        traces.append(
            go.Scattergeo(
                lon=[place[1] for _, place in labelled],
                lat=[place[2] for _, place in labelled],
                mode="text",
                text=[html.escape(str(names[row])) for row, _ in labelled],
                textposition=[place[0] for _, place in labelled],
                # A light halo keeps names readable over bubbles and borders.
                textfont={"size": 13, "color": "#1a1a1a", "shadow": "auto"},
                customdata=[custom[row] for row, _ in labelled],
                hovertemplate=_CITY_HOVER,
                showlegend=False,
                name="City names",
            )
        )
    return charts.figure(
        traces,
        title=MAP_TITLE,
        height=MAP_HEIGHT,
        legend_title=legend_title,
        layout={
            "geo": {
                "scope": "europe",
                "projection": {"type": "mercator"},
                "resolution": 50,
                "lonaxis": {"range": lon_range},
                "lataxis": {"range": lat_range},
                "showland": True,
                "landcolor": "#F2F0EB",
                "showcountries": True,
                "countrycolor": "#8C8C8C",
                "countrywidth": 0.8,
                "showcoastlines": True,
                "coastlinecolor": "#8C8C8C",
                "showocean": True,
                "oceancolor": "#E3EEF5",
                "showlakes": False,
                "showframe": False,
                "bgcolor": "rgba(0,0,0,0)",
            },
            # Room below the map for the legend: the rule's line, then the items.
            "margin": {"l": 0, "r": 0, "t": 50, "b": 60},
            "legend": {
                "orientation": "h",
                "y": -0.02,
                "yanchor": "top",
                "x": 0,
                # The rule on a line of its own above the items, not squeezing them sideways.
                "title": {"side": "top"},
                # Legend symbols at one readable size, not the size of the trace's first bubble.
                "itemsizing": "constant",
            },
            "clickmode": "event+select",
        },
    )
