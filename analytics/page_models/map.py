"""The Map page's model: host cities with their events, the map for a colour mode, city lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, geomap
from analytics.dataset.load import Dataset


@dataclass(frozen=True)
class CityEvents:
    """The matching events of one host city."""

    label: str  # "Tirana, Albania"
    count: int
    table: pd.DataFrame


class MapPage:
    """What the Map page shows for one filtered view; each part computed when first read."""

    def __init__(self, dataset: Dataset, events: pd.DataFrame) -> None:
        self.reference = dataset.reference
        self.events = events
        self.group_order = charts.pillar_group_order(self.reference)

    @cached_property
    def cities(self) -> pd.DataFrame:
        """One row a host city: its events per pillar group, its place."""
        return geomap.city_counts(self.events, self.group_order)

    @cached_property
    def no_city(self) -> geomap.NoCityCounts:
        """How many events have a host city, and why the others have none."""
        return geomap.no_city_counts(self.events)

    @property
    def city_count(self) -> int:
        """Host cities of the view."""
        return len(self.cities)

    def figure(self, mode: str) -> go.Figure:
        """The map, bubbles coloured by dominant pillar group or one bubble per group."""
        return geomap.map_figure(
            self.cities,
            charts.pillar_colours(self.reference),
            charts.pillar_labels(self.reference),
            self.group_order,
            mode,
        )

    @cached_property
    def city_table(self) -> pd.DataFrame:
        """The host cities as a table (the map's numbers, the page's last table)."""
        return geomap.city_table(self.cities, self.group_order)

    @cached_property
    def no_city_sentence(self) -> str:
        """A sentence on the events the map cannot show."""
        return geomap.no_city_sentence(self.no_city)

    @cached_property
    def unplaced(self) -> list[str]:
        """Cities the gazetteer does not know (not on the map)."""
        return geomap.unplaced_cities(self.cities)

    @cached_property
    def events_without_city(self) -> pd.DataFrame:
        """The events that have no host city, as a list."""
        return geomap.events_list(geomap.events_without_city(self.events))

    @cached_property
    def city_labels(self) -> dict[str, str]:
        """City id -> "City, Country", for the picker."""
        return geomap.city_labels(self.cities)

    @staticmethod
    def clicked_cities(selection: Mapping[str, Any] | None) -> list[str]:
        """The ids of the cities a map selection holds."""
        return geomap.selected_city_ids(selection)

    def city_events(self, city_id: str) -> CityEvents:
        """The matching events held in one city."""
        in_city = geomap.events_in_city(self.events, city_id)
        return CityEvents(self.city_labels[city_id], len(in_city), geomap.events_list(in_city))
