"""Where the ingest tests find their inputs: the fixtures and the IISG website's Events page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import yaml

from analytics import schema

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "ingest"
SOURCE_DIR = Path(
    os.environ.get("IISG_SOURCE_DIR") or Path(__file__).resolve().parents[3] / "shared" / "source"
)
PAGE = SOURCE_DIR / "iisg_events_page.txt"
PAGE_SOURCE = "IISG website, Events page"
D = dt.date


def curated_page_events() -> list[dict[str, Any]]:
    """The curators' events taken from the Events page, by start date."""
    raw = yaml.safe_load((ROOT / "data" / "events.yaml").read_text(encoding="utf-8"))["events"]
    return sorted(
        (event for event in raw if event.get(schema.SOURCE) == PAGE_SOURCE),
        key=lambda event: event[schema.START_DATE],
    )
