"""Builders and paths shared by the tests of the analytics modules."""

from __future__ import annotations

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
