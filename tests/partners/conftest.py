"""The small fixture, loaded once a module."""

from __future__ import annotations

import pytest

from analytics import Dataset, load_dataset
from tests.partners.fixtures import SMALL


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)
