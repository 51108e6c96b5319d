"""Paths and hand counts shared by the report's tests (computed from the YAML, not the code)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from analytics import periods

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "events.yaml"
SMALL = ROOT / "tests" / "data" / "small_events.yaml"
# The reports' "generated at" time, fixed so that files compare equal.
NOW = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)


def raw_events(path: Path = BUNDLED) -> list[dict[str, Any]]:
    """The events as yaml.safe_load reads them."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["events"])


def in_period(event: dict[str, Any], period: periods.ReportPeriod) -> bool:
    """Any day of the event falls in the period (counted here by hand)."""
    start = event["start_date"]
    end = event.get("end_date") or start
    return bool(start <= period.end and end >= period.start)
