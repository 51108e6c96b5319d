"""Fixtures shared by the tests of the analytics modules."""

from __future__ import annotations

import pytest

from analytics import load_dataset
from analytics.dataset.load import Dataset
from tests.helpers import SMALL


@pytest.fixture(scope="module")
def small() -> Dataset:
    """The 4-event fixture tests/data/small_events.yaml, loaded once per test module."""
    return load_dataset(SMALL)
