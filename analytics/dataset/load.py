"""Load and validate the events file into pandas frames, reporting every problem by line."""

from __future__ import annotations

import functools
import gc
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from analytics import schema
from analytics.dataset.check import EventCheck, EventChecker
from analytics.dataset.events_file import EventsFile
from analytics.dataset.files import FileTooLarge, read_regular_file
from analytics.dataset.frames import FrameBuilder
from analytics.dataset.places import load_register
from analytics.dataset.plain_event import PlainEventReader
from analytics.dataset.recover import BrokenItem, recover_items
from analytics.dataset.reference import BUNDLED_DATA_DIR, Reference, load_reference
from analytics.dataset.yaml_items import Node
from analytics.schema import DatasetError, Problem

EVENTS_FILE_VARIABLE = "EVENTS_FILE"
DEFAULT_EVENTS_FILE = BUNDLED_DATA_DIR / "events.yaml"
# 10,000 events take about 11 MB; the limit leaves room for 100,000 and refuses worse.
MAX_FILE_BYTES = 200 * 1024 * 1024
# Events read between two calls of the progress callback.
BATCH_EVENTS = 1_000
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"

ProgressCallback = Callable[[int, int], None]


def default_events_path() -> Path:
    """Return the dataset path: $EVENTS_FILE if set, else the bundled data/events.yaml."""
    configured = os.environ.get(EVENTS_FILE_VARIABLE, "").strip()
    return Path(configured) if configured else DEFAULT_EVENTS_FILE


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset: the valid events, the problems found, and derived long tables.

    Attributes:
        path: The events file.
        events: One row per valid event, columns ``schema.EVENT_COLUMNS``.
        problems: Everything wrong with the file, errors (event left out) and warnings.
        event_partners: One row per (event, partner): event_id, partner, partner_kind,
            partner_country, as_written.
        event_pillars: One row per (event, pillar): event_id, pillar.
        reference: Pillars, event types and partners registry used for validation.
        content_hash: SHA-256 of the file's bytes.
    """

    path: Path
    events: pd.DataFrame
    problems: tuple[Problem, ...]
    event_partners: pd.DataFrame
    event_pillars: pd.DataFrame
    reference: Reference
    content_hash: str
    total_events_in_file: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that kept an event out."""
        return tuple(p for p in self.problems if p.severity == schema.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that did not keep the event out."""
        return tuple(p for p in self.problems if p.severity == schema.WARNING)


def load_dataset(
    path: str | Path | None = None,
    *,
    reference: Reference | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    progress: ProgressCallback | None = None,
) -> Dataset:
    """Load an events file, keeping every valid event and reporting every problem.

    An event with an error (missing required field, impossible date, unknown pillar, duplicate
    id, wrong type, unknown field...) is left out and reported; warnings (unknown partner or
    city) keep the event. The input file is never changed.

    Args:
        path: The events file; ``default_events_path()`` when None.
        reference: Reference data; read from the file's folder (falling back to data/) when None.
        max_bytes: Files larger than this are refused.
        progress: Called as ``progress(events_read, events_in_file)`` at the start, about every
            BATCH_EVENTS events and at the end, e.g. to move a progress bar (the number of
            events is counted exactly at the end; before, it is estimated from the list's lines).

    Returns:
        The dataset.

    Raises:
        DatasetError: The file is missing, unreadable, too large, not YAML or not a list of events.
    """
    # The loader allocates millions of objects and frees none until it returns: the cyclic
    # garbage collector would walk them all again and again (a third of the loading time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(path, reference, max_bytes, progress)
    finally:
        if collecting:
            gc.enable()


class _Reading:
    """What reading the events found so far: valid rows as frames, problems, ids, bad lines."""

    def __init__(
        self, checker: EventChecker, frames: FrameBuilder, unclaimed: dict[int, str]
    ) -> None:
        self.checker = checker
        self.frames = frames
        self.unclaimed = unclaimed
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, int] = {}
        self.count = 0

    def add(self, node: Node | BrokenItem | EventCheck) -> None:
        """Check the next item of the events list and keep it when it is valid."""
        self.count += 1
        if isinstance(node, EventCheck):  # Read and checked in one pass (plain_event).
            check = node
            span = (check.line, check.end_line)
        elif isinstance(node, BrokenItem):
            check = EventCheck(self.checker.file, node.line, node.event_id or f"#{self.count}")
            check.report(node.field, node.message)
            span = (node.line, node.end_line)
        else:
            check = self.checker.read_event(self.count, node)
            span = (node.line, max(getattr(node, "end_line", node.line), node.line))
        if self.unclaimed:
            for number in [n for n in self.unclaimed if span[0] <= n <= span[1]]:
                check.report(
                    _field_at(check, number),
                    f"line {number} holds bytes that are not UTF-8 text "
                    f"({self.unclaimed.pop(number)}); save the file as UTF-8. The event is left "
                    "out until then",
                )
        valid = check.valid
        event_id = check.values.get(schema.ID)
        if valid and event_id in self.seen_ids:
            check.report(
                schema.ID,
                f"id '{event_id}' is already used by the event on line {self.seen_ids[event_id]}",
            )
            valid = False
        if check.problems:
            self.problems.extend(check.problems)
        if valid:
            # (A valid event has its id: the field is required.)
            self.seen_ids[str(event_id)] = check.line
            self.frames.add(check.values, check.line)


def _load(
    path: str | Path | None,
    reference: Reference | None,
    max_bytes: int,
    progress: ProgressCallback | None,
) -> Dataset:
    events_path = Path(path) if path is not None else default_events_path()
    raw, digest = _read_bytes(events_path, max_bytes)
    reference = reference or load_reference(events_path.parent)
    places = load_register(events_path.parent)
    file = events_path.name
    # Each partner name is looked up once, however many events name it.
    resolve = functools.cache(reference.registry.resolve)
    text: str | None = None
    bad_lines: dict[int, str] = {}

    def new_reading() -> _Reading:
        return _Reading(
            EventChecker(file, reference, places, resolve),
            FrameBuilder(reference, places, resolve),
            dict(bad_lines),
        )

    notes: list[Problem] = []
    if raw.startswith(_UTF16_BOMS):
        text, bad_lines = _decode(raw, file)
        notes.append(
            Problem.warning(
                "the file is saved as UTF-16 ('Unicode'); it was read, but save it as UTF-8",
                file=file,
            )
        )
    while True:
        # A UTF-8 file is read straight from its bytes (the decoded text of 100,000 events
        # would take up to 470 MB); libyaml refuses bytes that are not UTF-8, and the text,
        # decoded line by line to name those lines, is read instead.
        reading = new_reading()
        events_file = EventsFile(
            raw if text is None else text, file, read_item=PlainEventReader(reading.checker)
        )
        try:
            estimate = _estimated_items(raw) if progress is not None else 0
            _read_stream(events_file, reading, estimate, progress)
            notes.extend(events_file.notes)
            break
        except yaml.YAMLError as error:
            if text is None:
                text, bad_lines = _decode(raw, file)
                if bad_lines:
                    continue
            # Only a syntax error stops libyaml: the items are cut from the text to read the
            # valid ones.
            reading = new_reading()
            items, outside = recover_items(text, error, file)
            notes.extend(outside)
            _read_items(items, reading, progress)
            break
    # The file's bytes (118 MB for 100,000 events) are let go before the frames are joined.
    del raw, text, events_file
    return _dataset(events_path, notes, reading, reference, digest, bad_lines)


def _read_stream(
    events_file: EventsFile, reading: _Reading, estimate: int, progress: ProgressCallback | None
) -> None:
    if progress is not None:
        progress(0, estimate)
    for node in events_file:
        reading.add(node)
        if progress is not None and reading.count % BATCH_EVENTS == 0:
            progress(reading.count, max(estimate, reading.count))
    if progress is not None:
        progress(reading.count, reading.count)


def _read_items(
    items: list[Node | BrokenItem], reading: _Reading, progress: ProgressCallback | None
) -> None:
    total = len(items)
    if progress is not None:
        progress(0, total)
    for position, item in enumerate(items, start=1):
        reading.add(item)
        if progress is not None and (position % BATCH_EVENTS == 0 or position == total):
            progress(position, total)


def _estimated_items(raw: bytes) -> int:
    """The number of items of a block `events:` list, counted by their first lines.

    For the progress bar only (the events are counted exactly as they are read): a flow-style
    list, or a file that is not UTF-8, counts 0.
    """
    head = raw.find(b"\nevents:")
    if head < 0 and raw.removeprefix(_UTF8_BOM).startswith(b"events:"):
        head = raw.find(b"events:") - 1  # The list's key on the first line.
    elif head < 0:
        return 0
    position = head + 1
    for _ in range(50):  # The first item, below blank lines and comments.
        position = raw.find(b"\n", position) + 1
        if position <= 0:
            return 0
        line = raw[position : raw.find(b"\n", position)]
        content = line.lstrip()
        if not content or content.startswith(b"#"):
            continue
        if not content.startswith(b"-"):
            return 0
        prefix = b"\n" + line[: len(line) - len(content)] + b"-"
        return sum(raw.count(prefix + end) for end in (b" ", b"\n", b"\r"))
    return 0


def _dataset(
    events_path: Path,
    notes: list[Problem],
    reading: _Reading,
    reference: Reference,
    digest: str,
    bad_lines: dict[int, str],
) -> Dataset:
    """The dataset of what was read, with every problem found."""
    file = events_path.name
    problems = notes + reading.problems
    for number, what in reading.unclaimed.items():
        problems.append(
            Problem.error(
                f"line {number} holds bytes that are not UTF-8 text ({what}); save the file as UTF-8",
                file=file,
                line=number,
            )
        )
    if bad_lines and not reading.seen_ids:  # (every valid event's id is there)
        # Nothing usable: say what is wrong with the file rather than list every event.
        first = min(bad_lines)
        raise DatasetError(
            f"the file is not UTF-8 text ({bad_lines[first]}); save it as UTF-8",
            file=file,
            line=first,
        )
    events, event_partners, event_pillars = reading.frames.frames()
    return Dataset(
        path=events_path,
        events=events,
        problems=tuple(problems),
        event_partners=event_partners,
        event_pillars=event_pillars,
        reference=reference,
        content_hash=digest,
        total_events_in_file=reading.count,
    )


def _decode(raw: bytes, name: str) -> tuple[str, dict[int, str]]:
    """Decode the file's bytes, locating the lines whose bytes are not UTF-8."""
    if raw.startswith(_UTF16_BOMS):
        try:
            return raw.decode("utf-16").removeprefix("\ufeff"), {}
        except UnicodeDecodeError as error:
            raise DatasetError(
                "the file starts like UTF-16 text but is not; save it as UTF-8", file=name
            ) from error
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), {}
    except UnicodeDecodeError:
        pass
    # Decode line by line, so the lines with bad bytes can be named and their events left out
    # while the rest of the file is read. The replacement characters never reach the data: every
    # event holding such a line is rejected.
    bad: dict[int, str] = {}
    parts: list[str] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError as error:
            column = len(line[: error.start].decode("utf-8", errors="replace")) + 1
            bad[number] = f"byte 0x{line[error.start]:02X} at column {column}"
            parts.append(line.decode("utf-8", errors="replace"))
    return "\n".join(parts).removeprefix("\ufeff"), bad


def _read_bytes(path: Path, max_bytes: int) -> tuple[bytes, str]:
    """Read a file's bytes and content hash, refusing what the loader cannot take."""
    name = path.name
    try:
        # The size is checked before a single byte is read.
        size = path.stat().st_size
    except OSError as error:
        raise DatasetError(
            f"cannot open the events file: {error.strerror or error}", file=str(path)
        ) from error
    if size > max_bytes:
        raise DatasetError(f"the file is {_size(size)}; the limit is {_size(max_bytes)}", file=name)
    try:
        # Only a regular file, at most one byte over the limit: a FIFO would hang the open, a
        # device or a file still growing has no trustworthy size.
        raw = read_regular_file(path, max_bytes)
    except FileTooLarge as error:
        raise DatasetError(
            f"the file is larger than the limit of {_size(max_bytes)}", file=name
        ) from error
    except OSError as error:
        raise DatasetError(
            f"cannot read the events file: {error.strerror or error}", file=str(path)
        ) from error
    return raw, hashlib.sha256(raw).hexdigest()


def _size(count: int) -> str:
    """A size in an editor's words (MB as the README writes the limit: 1 MB = 1,048,576 bytes)."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):,.0f} MB"
    return f"{count:,} bytes"


def _field_at(check: EventCheck, number: int) -> str | None:
    """The field whose text is on (or runs over) a given line."""
    before = [(line, name) for name, line in check.field_lines.items() if line <= number]
    return max(before)[1] if before else None


def read_city_pairs(path: Path) -> Iterable[tuple[str, str]]:
    """Return the (city, country) pairs of an events file's valid events.

    Args:
        path: The events file.

    Returns:
        The distinct pairs, country "" when not given.
    """
    events = load_dataset(path).events
    located = events[events[schema.CITY].notna()]
    return sorted(
        {
            (str(c), str(k) if pd.notna(k) else "")
            for c, k in zip(located[schema.CITY], located[schema.COUNTRY], strict=True)
        }
    )
