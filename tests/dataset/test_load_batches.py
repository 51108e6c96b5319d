"""Tests of reading large events files: batch borders change nothing, lines right, progress shown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics import load_dataset, schema
from analytics.dataset import frames
from analytics.dataset import load as loader
from analytics.dataset.cache import load_dataset_cached
from analytics.dataset.load import BATCH_EVENTS, Dataset

EVENT = """\
  - id: event-{number:05d}
    title: Meeting {number}
    start_date: 2023-04-25
    city: Tirana
    country: Albania
    event_type: support group meeting
    pillars: [WBCSCi]
    iisg_role: organiser
    partners: [Western Balkans Partners, CEPOL, Unknown Partner {number}]
    summary: Event number {number}.
    source: test
"""
EVENT_LINES = EVENT.count("\n")
HEADER = "# events for a test\nmetadata:\n  note: x\nevents:\n"
HEADER_LINES = HEADER.count("\n")
COUNT = 2 * BATCH_EVENTS + 300


def first_line(number: int) -> int:
    """The 1-based line where event `number` (1-based) starts in a file of `write_events`."""
    return HEADER_LINES + (number - 1) * EVENT_LINES + 1


def write_events(tmp_path: Path, edit: dict[int, str] | None = None, tail: str = "") -> Path:
    """Write COUNT events; `edit` replaces the text of some events (by number)."""
    parts = [HEADER]
    for number in range(1, COUNT + 1):
        parts.append((edit or {}).get(number, EVENT.format(number=number)))
    path = tmp_path / "events.yaml"
    path.write_text("".join(parts) + tail, encoding="utf-8")
    return path


def read_whole(path: Path) -> Dataset:
    """Load the file with every valid event kept as a row until the end (no batch border)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frames, "FRAME_BATCH_EVENTS", 10**9)
        return load_dataset(path)


def assert_same(batched: Dataset, whole: Dataset) -> None:
    pd.testing.assert_frame_equal(batched.events, whole.events)
    pd.testing.assert_frame_equal(batched.event_partners, whole.event_partners)
    pd.testing.assert_frame_equal(batched.event_pillars, whole.event_pillars)
    assert batched.problems == whole.problems
    assert batched.total_events_in_file == whole.total_events_in_file


def test_batched_reading_gives_the_dataset_of_whole_file_reading(tmp_path: Path) -> None:
    """A file of 2,300 events loads the same whichever way it is read, problems on their lines."""
    path = write_events(
        tmp_path,
        {
            # The same id in the first and the third batch.
            BATCH_EVENTS * 2 + 5: EVENT.format(number=7),
            # An unknown pillar in the second batch.
            BATCH_EVENTS + 1: EVENT.format(number=BATCH_EVENTS + 1).replace("WBCSCi", "WBXX"),
        },
    )
    batched = load_dataset(path)
    assert_same(batched, read_whole(path))
    assert len(batched.events) == COUNT - 2
    errors = {(p.line, p.event_id, p.field) for p in batched.errors}
    assert errors == {
        (first_line(BATCH_EVENTS * 2 + 5), "event-00007", schema.ID),
        (first_line(BATCH_EVENTS + 1) + 6, f"event-{BATCH_EVENTS + 1:05d}", schema.PILLARS),
    }
    duplicate = next(p for p in batched.errors if p.field == schema.ID)
    assert f"on line {first_line(7)}" in duplicate.message
    unknown = [p for p in batched.warnings if "Unknown Partner 2299" in p.message]
    assert [p.line for p in unknown] == [first_line(2299) + 8]  # The partners line.
    events = batched.events.set_index(schema.ID)
    assert events.loc["event-02300", schema.LINE] == first_line(2300)


def test_a_broken_event_in_a_later_batch_leaves_only_that_event_out(tmp_path: Path) -> None:
    """Invalid YAML in event 1,800 is reported on its line and the other events still load."""
    broken = EVENT.format(number=1800).replace("title: Meeting 1800", 'title: "Meeting 1800')
    path = write_events(tmp_path, {1800: broken})
    dataset = load_dataset(path)
    assert_same(dataset, read_whole(path))
    assert len(dataset.events) == COUNT - 1
    assert [p.event_id for p in dataset.errors] == ["event-01800"]
    assert first_line(1800) <= dataset.errors[0].line <= first_line(1801)


def test_non_utf8_bytes_in_a_later_batch_name_their_line(tmp_path: Path) -> None:
    """A byte that is not UTF-8 in event 2,100 keeps that event out and names its line."""
    path = write_events(tmp_path)
    lines = path.read_bytes().split(b"\n")
    target = first_line(2100)  # The "- id:" line; the title is on the next line.
    lines[target] += b" \xff"
    path.write_bytes(b"\n".join(lines))
    dataset = load_dataset(path)
    assert_same(dataset, read_whole(path))
    assert [(p.line, p.event_id, p.field) for p in dataset.errors] == [
        (target + 1, "event-02100", schema.TITLE)
    ]


def test_aliases_across_batches_read_the_file_whole(tmp_path: Path) -> None:
    """An anchor in event 1 used by event 1,500 still works (the file is read whole)."""
    first = EVENT.format(number=1).replace("source: test", "source: &src shared source")
    later = EVENT.format(number=1500).replace("source: test", "source: *src")
    path = write_events(tmp_path, {1: first, 1500: later})
    dataset = load_dataset(path)
    events = dataset.events.set_index(schema.ID)
    assert events.loc["event-01500", schema.SOURCE] == "shared source"
    assert dataset.problems == read_whole(path).problems


def test_a_key_after_the_events_list_is_still_reported(tmp_path: Path) -> None:
    """A top-level key below the events list is warned about, as when reading whole."""
    path = write_events(tmp_path, tail="extra: 1\n")
    dataset = load_dataset(path)
    assert_same(dataset, read_whole(path))
    assert [p.field for p in dataset.warnings if p.event_id is None] == ["extra"]


def test_progress_is_reported_from_zero_to_the_number_of_events(tmp_path: Path) -> None:
    """A progress callback sees 0, then every batch, then all 2,300 events."""
    path = write_events(tmp_path)
    calls: list[tuple[int, int]] = []
    load_dataset(path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, COUNT), (BATCH_EVENTS, COUNT), (2 * BATCH_EVENTS, COUNT), (COUNT, COUNT)]


def test_progress_is_reported_when_items_are_recovered_one_by_one(tmp_path: Path) -> None:
    """After a syntax error the valid items are read one by one, with progress reported alike."""
    broken = EVENT.format(number=1800).replace("title: Meeting 1800", 'title: "Meeting 1800')
    path = write_events(tmp_path, {1800: broken})
    calls: list[tuple[int, int]] = []
    load_dataset(path, progress=lambda done, total: calls.append((done, total)))
    assert calls[-4:] == [
        (0, COUNT),
        (BATCH_EVENTS, COUNT),
        (2 * BATCH_EVENTS, COUNT),
        (COUNT, COUNT),
    ]


def test_cached_loading_reports_progress_only_when_it_reads(tmp_path: Path) -> None:
    """The cache passes progress through on a miss and serves a hit without reading."""
    path = write_events(tmp_path)
    calls: list[tuple[int, int]] = []
    first = load_dataset_cached(
        path, cache_dir=tmp_path / "cache", progress=lambda *a: calls.append(a)
    )
    assert calls[-1] == (COUNT, COUNT)
    calls.clear()
    again = load_dataset_cached(
        path, cache_dir=tmp_path / "cache", progress=lambda *a: calls.append(a)
    )
    assert calls == []
    assert_same(again, first)
    assert_same(first, load_dataset(path))


def test_a_utf8_file_is_read_from_its_bytes_with_the_whole_file_result(tmp_path: Path) -> None:
    """Accents, Cyrillic, emoji and a byte-order mark: batches decoded one by one give exactly
    the dataset of the whole decoded file, and the file is never decoded whole."""
    accented = {
        1: EVENT.format(number=1).replace("Meeting 1", "Sastanak u Prištini — Приштина 🛂"),
        BATCH_EVENTS: EVENT.format(number=BATCH_EVENTS).replace("Tirana", "Podgorica"),
        BATCH_EVENTS + 1: EVENT.format(number=BATCH_EVENTS + 1).replace(
            "summary: Event", "summary: Événement ✓ Event"
        ),
        COUNT: EVENT.format(number=COUNT).replace("title: Meeting", "title: Réunion"),
    }
    path = write_events(tmp_path, accented)
    with_bom = tmp_path / "bom" / "events.yaml"
    with_bom.parent.mkdir()
    with_bom.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    for events_file in (path, with_bom):
        whole = read_whole(events_file)
        with pytest.MonkeyPatch.context() as patch:

            def never(*args: object) -> None:
                raise AssertionError("the whole file was decoded")

            patch.setattr(loader, "_decode", never)
            batched = load_dataset(events_file)
        assert_same(batched, whole)
        titles = batched.events.set_index(schema.ID)[schema.TITLE]
        assert titles["event-00001"] == "Sastanak u Prištini — Приштина 🛂"
        assert titles[f"event-{COUNT:05d}"] == f"Réunion {COUNT}"


def test_frames_built_a_batch_at_a_time_equal_frames_built_at_once(tmp_path: Path) -> None:
    """Rows turned into frames every 1,000 events give the frames of one build of all rows,
    each Arrow column in one piece (a column in many chunks slows every filter)."""
    path = write_events(tmp_path)
    batched = load_dataset(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frames, "FRAME_BATCH_EVENTS", 10**9)
        at_once = load_dataset(path)
    assert_same(batched, at_once)
    for frame in (batched.events, batched.event_partners, batched.event_pillars):
        for name in frame.columns:
            chunked = getattr(frame[name].array, "_pa_array", None)
            assert chunked is None or chunked.num_chunks == 1, name
