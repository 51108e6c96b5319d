"""Build the dataset's frames from the valid events, a thousand rows at a time."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

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
# Row key (not a column) keeping the partner names as the file writes them.
_WRITTEN_PARTNERS = "_partners_as_written"
# The columns collected for each valid event.
_ROW_KEYS = (*schema.EVENT_COLUMNS, _WRITTEN_PARTNERS)
_TEXT_COLUMNS = frozenset(
    (*schema.TEXT_FIELDS, schema.FORMAT, schema.EVENT_TYPE, schema.IISG_ROLE, schema.PILLAR_GROUP)
)
_PARTNER_COLUMNS = (
    schema.EVENT_ID,
    schema.PARTNER,
    schema.PARTNER_KIND,
    schema.PARTNER_COUNTRY,
    schema.AS_WRITTEN,
)


def _pillar_group(pillars: tuple[str, ...]) -> str:
    if not pillars:
        return schema.NO_PILLAR
    return pillars[0] if len(pillars) == 1 else schema.CROSS_CUTTING


# Fields copied to their column as checked; the others are derived in FrameBuilder.add.
_COPIED = tuple(
    name
    for name in schema.ALL_FIELDS
    if name
    not in (schema.END_DATE, schema.PILLARS, schema.PARTNERS, schema.ORGANISERS, schema.CAVEATS)
)


def build_frames(
    columns: dict[str, list[Any]], resolve: Resolve
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Build the events, event x partner and event x pillar frames, emptying `columns`.

    Each column's Python values are let go once pandas has copied them.
    """
    written_partners = columns.pop(_WRITTEN_PARTNERS)
    ids = columns[schema.ID]
    pillars = columns[schema.PILLARS]
    data: dict[str, pd.Series] = {}
    for name in schema.EVENT_COLUMNS:
        values = pd.Series(columns.pop(name), dtype=object)
        if name in schema.DATE_FIELDS:
            # Every date was checked to lie in the plausible window, well inside datetime64[ns].
            data[name] = pd.to_datetime(values).astype("datetime64[ns]")
        elif name in (schema.LINE, schema.DURATION_DAYS, schema.YEAR):
            data[name] = values.astype("int64")
        elif name in (schema.LATITUDE, schema.LONGITUDE):
            data[name] = values.astype("float64")
        elif name in _TEXT_COLUMNS:
            data[name] = values.astype("string")
        else:
            data[name] = values
        del values
    events = pd.DataFrame(data)
    del data
    return events, _partner_frame(ids, written_partners, resolve), _pillar_frame(ids, pillars)


def _partner_frame(
    ids: list[str], written_partners: list[tuple[str, ...]], resolve: Resolve
) -> pd.DataFrame:
    # The long table as columns: one dict per (event, partner) would cost 600,000 dicts.
    partner_columns: dict[str, list[str | None]] = {name: [] for name in _PARTNER_COLUMNS}
    add_id, add_partner, add_kind, add_country, add_written = (
        column.append for column in partner_columns.values()
    )
    # (name, kind, country) of each spelling, looked up once.
    known: dict[str, tuple[str, str, str | None]] = {}
    for event_id, partners in zip(ids, written_partners, strict=True):
        listed: set[str] = set()
        for written in partners:
            found = known.get(written)
            if found is None:
                entry = resolve(written)
                found = known[written] = (
                    (entry.name, entry.kind_label, entry.country)
                    if entry
                    else (written, schema.UNKNOWN_KIND, None)
                )
            name, kind, country = found
            if name in listed:
                continue
            listed.add(name)
            add_id(event_id)
            add_partner(name)
            add_kind(kind)
            add_country(country)
            add_written(written)
    return pd.DataFrame(
        {name: pd.Series(values, dtype=object) for name, values in partner_columns.items()}
    ).astype("string")


def _pillar_frame(ids: list[str], pillars: list[tuple[str, ...]]) -> pd.DataFrame:
    pillar_rows = [
        {schema.EVENT_ID: event_id, schema.PILLAR: code}
        for event_id, codes in zip(ids, pillars, strict=True)
        for code in codes
    ]
    return pd.DataFrame(pillar_rows, columns=[schema.EVENT_ID, schema.PILLAR]).astype("string")


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
    """Collects the valid events column by column and turns them into frames a batch at a time."""

    def __init__(self, reference: Reference, places: PlaceRegister, resolve: Resolve) -> None:
        self.reference = reference
        self.places = places
        self.find_place = functools.cache(places.find)
        self.pillar_codes = reference.pillar_codes
        self.resolve = resolve
        self.columns: dict[str, list[Any]] = {name: [] for name in _ROW_KEYS}
        self.parts: tuple[list[pd.DataFrame], list[pd.DataFrame], list[pd.DataFrame]] = (
            [],
            [],
            [],
        )

    def _name(self, written: str) -> str:
        entry = self.resolve(written)
        return entry.name if entry else written

    def add(self, values: dict[str, Any], line: int) -> None:
        """Add a valid event's checked values (its first line becomes the `line` column)."""
        get, columns = values.get, self.columns
        for name in _COPIED:
            columns[name].append(get(name))
        start: dt.date = values[schema.START_DATE]
        end: dt.date = get(schema.END_DATE) or start
        pillars = get(schema.PILLARS, ())
        written = get(schema.PARTNERS, ())
        city = get(schema.CITY)
        place = self.find_place(city, get(schema.COUNTRY)) if city else None
        columns[schema.END_DATE].append(end)
        columns[schema.PILLARS].append(tuple(code for code in self.pillar_codes if code in pillars))
        # Partners in file order, each once (two spellings of one partner count once).
        columns[schema.PARTNERS].append(tuple(dict.fromkeys(map(self._name, written))))
        columns[schema.ORGANISERS].append(tuple(map(self._name, get(schema.ORGANISERS, ()))))
        columns[schema.CAVEATS].append(get(schema.CAVEATS, ()))
        columns[schema.LINE].append(line)
        columns[schema.DURATION_DAYS].append((end - start).days + 1)
        columns[schema.PILLAR_GROUP].append(_pillar_group(pillars))
        columns[schema.LATITUDE].append(place.latitude if place else float("nan"))
        columns[schema.LONGITUDE].append(place.longitude if place else float("nan"))
        columns[schema.YEAR].append(start.year)
        columns[_WRITTEN_PARTNERS].append(written)
        if len(columns[schema.LINE]) >= FRAME_BATCH_EVENTS:
            self._flush()

    def _flush(self) -> None:
        if self.columns[schema.LINE]:
            columns, self.columns = self.columns, {name: [] for name in _ROW_KEYS}
            built = build_frames(columns, self.resolve)
            for part, frame in zip(self.parts, built, strict=True):
                part.append(frame)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The events, event x partner and event x pillar frames of every event added."""
        self._flush()
        if not self.parts[0]:
            return build_frames(self.columns, self.resolve)
        # One table at a time, its batch frames let go once joined.
        return _joined(self.parts[0]), _joined(self.parts[1]), _joined(self.parts[2])
