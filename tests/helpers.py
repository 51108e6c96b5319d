"""Builders and paths shared by the tests of the analytics modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from analytics import schema

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "data" / "small_events.yaml"


def make_events(*rows: dict[str, Any]) -> pd.DataFrame:
    """Build an events frame like the loader's from a few hand-written rows.

    Args:
        *rows: One dict per event: ``id`` and ``start`` (required); ``end``, ``title``,
            ``pillars``, ``city``, ``country``, ``type``, ``partners`` and ``source`` (optional).

    Returns:
        A frame with the loader's columns, derived columns (duration, pillar group, year) filled.
    """
    records = []
    for row in rows:
        start = pd.Timestamp(row["start"])
        end = pd.Timestamp(row.get("end", row["start"]))
        pillars = tuple(row.get("pillars", ()))
        records.append(
            {
                **{name: None for name in schema.EVENT_COLUMNS},
                schema.ID: row["id"],
                schema.TITLE: row.get("title", row["id"]),
                schema.START_DATE: start,
                schema.END_DATE: end,
                schema.CITY: row.get("city"),
                schema.COUNTRY: row.get("country"),
                schema.EVENT_TYPE: row.get("type", "workshop"),
                schema.PILLARS: pillars,
                schema.IISG_ROLE: "organiser",
                schema.ORGANISERS: (),
                schema.PARTNERS: tuple(row.get("partners", ())),
                schema.CAVEATS: (),
                schema.SOURCE: row.get("source", "test"),
                schema.DURATION_DAYS: (end - start).days + 1,
                schema.PILLAR_GROUP: (
                    schema.NO_PILLAR
                    if not pillars
                    else pillars[0]
                    if len(pillars) == 1
                    else schema.CROSS_CUTTING
                ),
                schema.YEAR: start.year,
            }
        )
    return pd.DataFrame(records, columns=list(schema.EVENT_COLUMNS))


def title_ratio(first: str, second: str) -> float:
    """Title similarity computed by hand: 100 * 2 * longest common subsequence / total length.

    The rule's definition (rapidfuzz's ``fuzz.ratio``), case ignored, written out as the
    textbook dynamic programme so the tests do not check rapidfuzz against itself.
    """
    a, b = first.casefold(), second.casefold()
    if not a and not b:
        return 100.0
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0]
        for k, other in enumerate(b):
            current.append(previous[k] + 1 if char == other else max(previous[k + 1], current[k]))
        previous = current
    return 100 * 2 * previous[-1] / (len(a) + len(b))


def run_analytics(
    *args: str,
    env: dict[str, str] | None = None,
    unset: tuple[str, ...] = (),
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m analytics <args>`` from the project's root, as a user would.

    Args:
        *args: The command and its options ("report", "--period", "2023").
        env: Environment variables to set (e.g. EVENTS_FILE).
        unset: Environment variables to remove.
        stdin: Text to type on standard input.

    Returns:
        The finished process, its output captured as text.
    """
    environment = {**os.environ, **(env or {})}
    for name in unset:
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        cwd=ROOT,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
