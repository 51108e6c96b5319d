"""The Events page's nine events as the importer reads them, once per test session."""

from __future__ import annotations

from typing import Any

import pytest

from analytics.ingest.page_text import extract_from_text
from tests.ingest.sources import PAGE


@pytest.fixture(scope="session")
def page_events() -> list[dict[str, Any]]:
    if not PAGE.exists():
        pytest.skip(f"{PAGE} is absent (set IISG_SOURCE_DIR)")
    return extract_from_text(PAGE.read_text(encoding="utf-8"))
