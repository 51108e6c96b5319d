"""Tests of analytics.page_models.data_quality, against the fixtures' YAML counted by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from analytics import Dataset, load_dataset
from analytics.page_models.data_quality import DataQualityPage

DATA = Path(__file__).resolve().parents[1] / "data"
SMALL = DATA / "small_events.yaml"
BUNDLED = Path(__file__).resolve().parents[2] / "data" / "events.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def test_one_event_lacking_a_fact_is_one_event(small: Dataset) -> None:
    """Only the online meeting lacks facts (no partners, no pillar): "The 1 event", not "events"."""
    raw = yaml.safe_load(SMALL.read_text(encoding="utf-8"))["events"]
    without = [e["id"] for e in raw if not e.get("partners") or not e.get("pillars")]
    model = DataQualityPage(small, dt.date(2024, 1, 1))
    assert model.lacking["Event"].tolist() == without == ["2023-10-17-online-database"]
    assert model.lacking_title == "The 1 event lacking a fact"
    assert (model.errors, model.warnings) == (0, 0)
    # 17 Oct 2023 to 1 Jan 2024: 14 + 30 + 31 + 1 days.
    assert model.freshness.latest == dt.date(2023, 10, 17) and model.freshness.days_since == 76


def test_caveats_of_the_bundled_data() -> None:
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["events"]
    written = sum(len(e.get("caveats") or []) for e in raw)
    model = DataQualityPage(load_dataset(BUNDLED), dt.date(2024, 1, 1))
    assert len(model.caveats) == written > 1
    assert model.caveats_sentence.startswith(f"{written} caveats on the facts")
