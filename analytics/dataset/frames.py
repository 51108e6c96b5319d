"""Build the dataset's frames from the valid events, a few thousand rows at a time."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics import schema
from analytics.dataset.places import PlaceRegister
from analytics.dataset.reference import Partner, Reference

# A partner name as written -> its registry entry (None when unknown), memoised for one load.
Resolve = Callable[[str], Partner | None]

# Valid events turned into frames at a time (their Python values are let go then): 100,000
# events' Python strings take about 300 MB (and, freed, leave the heap that large), their frames
# a third of it; 5,000 take 15 MB, and fewer batches cost pandas less.
FRAME_BATCH_EVENTS = 5_000
# Days from 0001-01-01 (date.toordinal() == 1) to 1970-01-01, numpy's day 0.
_UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Fields that become a text column as checked (the dates and lists are built apart).
_TEXT_FIELDS = tuple(
    name
    for name in schema.ALL_FIELDS
    if name not in schema.DATE_FIELDS and name not in schema.LIST_FIELDS
)


def _pillar_group(pillars: tuple[str, ...]) -> str:
    if not pillars:
        return schema.NO_PILLAR
    return pillars[0] if len(pillars) == 1 else schema.CROSS_CUTTING


def _strings(values: list[Any]) -> pd.api.extensions.ExtensionArray:
    """Text (None for missing) as the frames hold it: pandas' Arrow-backed string array."""
    return pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(values, type=pa.large_string())]))


def _objects(values: list[Any]) -> pd.api.extensions.ExtensionArray:
    """Python values (tuples) as an object column."""
    return pd.Series(values, dtype=object).array


def _days(dates: list[dt.date]) -> np.ndarray:
    """Dates as numpy days (datetime64[D])."""
    ordinals = np.fromiter((date.toordinal() for date in dates), np.int64, len(dates))
    return (ordinals - _UNIX_EPOCH_ORDINAL).astype("datetime64[D]")


class _Partners(dict[str, tuple[str, str, str | None]]):
    """A partner name as written -> (registry name, kind, country), each looked up once."""

    def __init__(self, resolve: Resolve) -> None:
        super().__init__()
        self.resolve = resolve

    def __missing__(self, written: str) -> tuple[str, str, str | None]:
        entry = self.resolve(written)
        found = (
            (entry.name, entry.kind_label, entry.country)
            if entry
            else (written, schema.UNKNOWN_KIND, None)
        )
        self[written] = found
        return found


class _Names(dict[str, str]):
    """A partner name as written -> the registry's name (the written name when unknown)."""

    def __init__(self, partners: _Partners) -> None:
        super().__init__()
        self.partners = partners

    def __missing__(self, written: str) -> str:
        name = self[written] = self.partners[written][0]
        return name


class _Pillars(dict[tuple[str, ...], tuple[tuple[str, ...], str]]):
    """An event's pillars as written -> (in the reference's order, the pillar group)."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        super().__init__()
        self.codes = codes

    def __missing__(self, pillars: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        found = self[pillars] = (
            tuple(code for code in self.codes if code in pillars),
            _pillar_group(pillars),
        )
        return found


def _pillar_frame(ids: list[str], pillars: list[tuple[str, ...]]) -> pd.DataFrame:
    """One row per (event, pillar)."""
    return pd.DataFrame(
        {
            schema.EVENT_ID: _strings(
                [event_id for event_id, codes in zip(ids, pillars, strict=True) for _ in codes]
            ),
            schema.PILLAR: _strings([code for codes in pillars for code in codes]),
        }
    )


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate batch frames into one (emptying `frames`), each Arrow column contiguous.

    A column left in as many chunks as batches would make every later filter slower.
    """
    joined = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    frames.clear()
    for name in joined.columns:
        values = joined[name].array
        chunked = getattr(values, "_pa_array", None)
        if chunked is not None and chunked.num_chunks > 1:
            joined[name] = pd.Series(
                type(values)(pa.chunked_array([chunked.combine_chunks()])),
                index=joined.index,
                name=name,
            )
    return joined


class FrameBuilder:
    """Collects the valid events and turns them into frames a batch at a time."""

    def __init__(self, reference: Reference, places: PlaceRegister, resolve: Resolve) -> None:
        self.find_place = functools.cache(places.find)
        self.partners = _Partners(resolve)
        self.names = _Names(self.partners)
        self.pillars = _Pillars(tuple(reference.pillar_codes))
        # The checked values and first line of each event not yet in a frame.
        self.rows: list[dict[str, Any]] = []
        self.lines: list[int] = []
        self.parts: tuple[list[pd.DataFrame], list[pd.DataFrame], list[pd.DataFrame]] = (
            [],
            [],
            [],
        )

    def add(self, values: dict[str, Any], line: int) -> None:
        """Add a valid event's checked values (its first line becomes the `line` column)."""
        self.rows.append(values)
        self.lines.append(line)
        if len(self.lines) >= FRAME_BATCH_EVENTS:
            self._flush()

    def _flush(self) -> None:
        if self.lines:
            built = self._build(self.rows, self.lines)
            self.rows, self.lines = [], []
            for part, frame in zip(self.parts, built, strict=True):
                part.append(frame)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The events, event x partner and event x pillar frames of every event added."""
        self._flush()
        if not self.parts[0]:
            return self._build([], [])
        # One table at a time, its batch frames let go once joined.
        return _joined(self.parts[0]), _joined(self.parts[1]), _joined(self.parts[2])

    def _build(
        self, rows: list[dict[str, Any]], lines: list[int]
    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The events, event x partner and event x pillar frames of some events' values.

        Column by column: a list of a column's values, made into one array at once.
        """
        columns: dict[str, Any] = {
            name: _strings([row.get(name) for row in rows]) for name in _TEXT_FIELDS
        }
        ids = [row[schema.ID] for row in rows]
        starts = [row[schema.START_DATE] for row in rows]
        start_days = _days(starts)
        end_days = _days(
            [row.get(schema.END_DATE) or start for row, start in zip(rows, starts, strict=True)]
        )
        columns[schema.START_DATE] = start_days.astype("datetime64[ns]")
        columns[schema.END_DATE] = end_days.astype("datetime64[ns]")
        ordered = list(map(self.pillars.__getitem__, [row.get(schema.PILLARS, ()) for row in rows]))
        pillars = [codes for codes, _group in ordered]
        columns[schema.PILLARS] = _objects(pillars)
        names = self.names.__getitem__
        written_partners = [row.get(schema.PARTNERS, ()) for row in rows]
        # Partners in file order, each once (two spellings of one partner count once).
        partners = [tuple(dict.fromkeys(map(names, written))) for written in written_partners]
        columns[schema.PARTNERS] = _objects(partners)
        columns[schema.ORGANISERS] = _objects(
            [tuple(map(names, row.get(schema.ORGANISERS, ()))) for row in rows]
        )
        columns[schema.CAVEATS] = _objects([row.get(schema.CAVEATS, ()) for row in rows])
        columns[schema.LINE] = np.array(lines, dtype=np.int64)
        columns[schema.DURATION_DAYS] = (end_days - start_days).astype(np.int64) + 1
        columns[schema.PILLAR_GROUP] = _strings([group for _codes, group in ordered])
        find_place = self.find_place
        places = [
            find_place(row[schema.CITY], row.get(schema.COUNTRY)) if row.get(schema.CITY) else None
            for row in rows
        ]
        columns[schema.LATITUDE] = np.array(
            [place.latitude if place else np.nan for place in places], dtype=np.float64
        )
        columns[schema.LONGITUDE] = np.array(
            [place.longitude if place else np.nan for place in places], dtype=np.float64
        )
        columns[schema.YEAR] = start_days.astype("datetime64[Y]").astype(np.int64) + 1970
        events = pd.DataFrame({name: columns.pop(name) for name in schema.EVENT_COLUMNS})
        return (
            events,
            self._partner_frame(ids, written_partners, partners),
            _pillar_frame(ids, pillars),
        )

    def _partner_frame(
        self,
        ids: list[str],
        written_partners: list[tuple[str, ...]],
        partners: list[tuple[str, ...]],
    ) -> pd.DataFrame:
        """One row per (event, partner), the partner as first written in the event."""
        event_ids: list[str] = []
        as_written: list[str] = []
        names = self.names
        for event_id, written, listed in zip(ids, written_partners, partners, strict=True):
            if len(written) == len(listed):  # Nearly always: no partner written twice.
                event_ids.extend([event_id] * len(written))
                as_written.extend(written)
                continue
            seen: set[str] = set()
            for spelling in written:
                name = names[spelling]
                if name not in seen:
                    seen.add(name)
                    event_ids.append(event_id)
                    as_written.append(spelling)
        found = list(map(self.partners.__getitem__, as_written))
        return pd.DataFrame(
            {
                schema.EVENT_ID: _strings(event_ids),
                schema.PARTNER: _strings([name for name, _kind, _country in found]),
                schema.PARTNER_KIND: _strings([kind for _name, kind, _country in found]),
                schema.PARTNER_COUNTRY: _strings([country for _name, _kind, country in found]),
                schema.AS_WRITTEN: _strings(as_written),
            }
        )
