"""Tests of analytics.ingest.ids: new ids like the dataset's, unique, in linear work."""

from __future__ import annotations

import datetime as dt

from analytics import schema
from analytics.ingest.ids import TakenIds, make_id
from tests.ingest.sources import D


def test_ids_are_unique_slugs_avoiding_existing_ones() -> None:
    """Two events on the same day and city get distinct ids, neither an existing one."""
    event = {schema.START_DATE: D(2023, 4, 25), schema.CITY: "Tirana", schema.TITLE: "RSG WBCSCi"}
    taken = {"2023-04-25-tirana-rsg-wbcsci"}
    first = make_id(event, taken)
    second = make_id(event, taken)
    assert first == "2023-04-25-tirana-rsg-wbcsci-2"
    assert second == "2023-04-25-tirana-rsg-wbcsci-3"


class CountingIds(TakenIds):  # type: ignore[misc]
    """Ids in use, counting how often one is looked up."""

    lookups = 0

    def __contains__(self, item: object) -> bool:
        CountingIds.lookups += 1
        return super().__contains__(item)


def test_ids_of_one_base_are_suffixed_in_linear_work() -> None:
    """3,000 events with the same base get base, base-2, ... base-3000 in about 6,000 lookups."""
    CountingIds.lookups = 0
    taken = CountingIds()
    event = {schema.START_DATE: dt.date(2023, 5, 2), schema.CITY: "Tirana", schema.TITLE: "Board"}
    ids = [make_id(event, taken) for _ in range(3000)]
    assert ids[:3] == [
        "2023-05-02-tirana-board",
        "2023-05-02-tirana-board-2",
        "2023-05-02-tirana-board-3",
    ]
    assert len(set(ids)) == 3000
    assert CountingIds.lookups <= 2 * 3000
