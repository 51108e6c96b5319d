"""Tests of analytics.page_models.events: the Events page's model, checked against the raw YAML."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from analytics import Dataset, caveats, display, filters, load_dataset, schema
from analytics.page_models.events import EventsPage

SMALL = Path(__file__).resolve().parents[1] / "data" / "small_events.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def test_table_lists_every_event_newest_first_with_the_caveat_mark(small: Dataset) -> None:
    raw = yaml.safe_load(SMALL.read_text(encoding="utf-8"))["events"]
    model = EventsPage(small, small.events, filters.EventFilter())
    table = model.table
    assert len(table) == len(model.listed) == len(raw) and not model.cut
    columns = list(table.columns)
    assert columns[columns.index(display.DISPLAY_COLUMNS[schema.TITLE]) + 1] == caveats.MARK_LABEL
    newest = max(raw, key=lambda e: str(e["start_date"]))
    assert model.clicked_event([0]) == newest["id"]
    assert model.clicked_event([]) is None
    marked = [mark for mark in table[caveats.MARK_LABEL] if mark]
    assert len(marked) == sum(1 for e in raw if e.get("caveats"))


def test_downloads_hold_every_matching_event(small: Dataset) -> None:
    model = EventsPage(small, small.events, filters.EventFilter())
    rows = list(csv.reader(io.StringIO(model.csv_bytes().decode("utf-8-sig"))))
    assert len(rows) - 1 == 4
    assert model.file_name("csv").endswith(".csv") and model.xlsx_bytes()[:2] == b"PK"
