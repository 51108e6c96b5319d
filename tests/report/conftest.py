"""Fixtures shared by the report's tests."""

from __future__ import annotations

from typing import Any

import pytest

from analytics import load_dataset
from tests.report.shared import BUNDLED


@pytest.fixture(scope="module")
def bundled() -> Any:
    """The bundled dataset, loaded once a test module."""
    return load_dataset(BUNDLED)
