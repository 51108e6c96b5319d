"""Tests of analytics.dataset.writer: validated, atomic, locked, backed-up writes that keep formatting."""

from __future__ import annotations

import datetime as dt
import difflib
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analytics import load_dataset, schema
from analytics.dataset import writer
from analytics.dataset.writer import LockBusyError, StaleFileError, WriteRefused

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "events.yaml"
SMALL = ROOT / "tests" / "data" / "small_events.yaml"


def new_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        schema.ID: "2023-05-03-tirana-test-workshop",
        schema.TITLE: "Test workshop on the IISG Database",
        schema.START_DATE: dt.date(2023, 5, 3),
        schema.END_DATE: dt.date(2023, 5, 4),
        schema.CITY: "Tirana",
        schema.COUNTRY: "Albania",
        schema.EVENT_TYPE: "workshop",
        schema.PILLARS: ["WBCTi", "WBBSi"],
        schema.IISG_ROLE: "organiser",
        schema.ORGANISERS: ["IISG Secretariat"],
        schema.PARTNERS: ["DG NEAR", "USA"],
        schema.SUMMARY: "The IISG Secretariat organised a test workshop. " * 4,
        schema.SOURCE: "IISG website, Events page",
        writer.NEEDS_REVIEW: ["partners"],
    }
    event.update(changes)
    return event


@pytest.fixture
def events_copy(tmp_path: Path) -> Path:
    target = tmp_path / "events.yaml"
    shutil.copyfile(BUNDLED, target)
    return target


def test_added_event_is_the_only_change_and_loads(events_copy: Path) -> None:
    """The file's diff is just the new block, in date order, in the dataset's style."""
    before = events_copy.read_text(encoding="utf-8")
    result = writer.add_events(
        events_copy, [new_event()], expected_hash=writer.file_hash(events_copy)
    )
    after = events_copy.read_text(encoding="utf-8")
    removed = [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith("- ")
    ]
    added = [
        line[2:]
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith("+ ")
    ]
    assert removed == []
    assert added[0] == "  - id: 2023-05-03-tirana-test-workshop"
    assert "    pillars: [WBCTi, WBBSi]" in added
    assert "    partners:" in added and "      - USA" in added
    assert "    start_date: 2023-05-03" in added
    assert "    summary: >-" in added
    assert not any("needs_review" in line for line in added)
    dataset = load_dataset(events_copy)
    assert not dataset.errors
    ids = dataset.events[schema.ID].tolist()
    position = ids.index("2023-05-03-tirana-test-workshop")
    starts = dataset.events[schema.START_DATE].tolist()
    assert starts[position - 1] <= starts[position] <= starts[position + 1]
    assert result.backup is not None and result.backup.read_text(encoding="utf-8") == before
    assert result.backup.parent == events_copy.parent / "backups"
    assert result.content_hash == writer.file_hash(events_copy)


def test_failed_validation_writes_nothing(events_copy: Path) -> None:
    """An invalid event (end before start, unknown pillar) leaves the bytes unchanged, no backup."""
    before = events_copy.read_bytes()
    bad = new_event(**{schema.END_DATE: dt.date(2023, 5, 1), schema.PILLARS: ["wbcti"]})
    with pytest.raises(WriteRefused) as refused:
        writer.add_events(events_copy, [bad], expected_hash=writer.file_hash(events_copy))
    fields = {problem.field for problem in refused.value.problems}
    assert fields == {schema.END_DATE, schema.PILLARS}
    assert all(p.file == "events.yaml" for p in refused.value.problems)
    assert events_copy.read_bytes() == before
    assert not (events_copy.parent / "backups").exists()
    assert [p.name for p in events_copy.parent.iterdir() if p.suffix == ".tmp"] == []


def test_missing_required_role_is_refused_with_its_problem(events_copy: Path) -> None:
    """An imported event without iisg_role is refused, naming the field."""
    event = new_event()
    del event[schema.IISG_ROLE]
    with pytest.raises(WriteRefused) as refused:
        writer.add_events(events_copy, [event], expected_hash=None)
    assert [p.field for p in refused.value.problems] == [schema.IISG_ROLE]


def test_duplicate_id_is_refused(events_copy: Path) -> None:
    """An id already in the file is a new error: refused."""
    with pytest.raises(WriteRefused):
        writer.add_events(
            events_copy, [new_event(id="2023-04-25-tirana-rsg-wbcsci")], expected_hash=None
        )


def test_crash_before_replace_leaves_the_old_file(
    events_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If os.replace fails, the save is refused with the reason; the old file is intact, no temp."""
    before = events_copy.read_bytes()

    def boom(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", boom)
    with pytest.raises(WriteRefused, match="could not be saved: disk full; nothing was written"):
        writer.add_events(events_copy, [new_event()], expected_hash=None)
    assert events_copy.read_bytes() == before
    assert not list(events_copy.parent.glob(".*.tmp"))


def test_killed_writer_leaves_the_old_file(events_copy: Path) -> None:
    """A process killed between writing the temp file and replacing leaves the file valid."""
    before = events_copy.read_bytes()
    script = (
        "import os, sys, datetime\n"
        "from analytics.dataset import writer\n"
        "writer.os.replace = lambda *a: os._exit(9)\n"
        f"writer.add_events(sys.argv[1], [{new_event()!r}], expected_hash=None)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(events_copy)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 9, run.stderr
    assert events_copy.read_bytes() == before
    assert not load_dataset(events_copy).errors


def test_stale_file_is_refused(events_copy: Path) -> None:
    """An editor who opened an older version is told to reload; nothing is written."""
    opened = writer.file_hash(events_copy)
    writer.add_events(events_copy, [new_event()], expected_hash=opened)
    after_first = events_copy.read_bytes()
    with pytest.raises(StaleFileError, match="changed since you opened it"):
        writer.add_events(events_copy, [new_event(id="other-event")], expected_hash=opened)
    assert events_copy.read_bytes() == after_first


def test_busy_lock_is_refused(events_copy: Path) -> None:
    """While one editor holds the lock, another gets a clear refusal."""
    with writer.editor_lock(events_copy):
        with pytest.raises(LockBusyError, match="Another editor"):
            writer.add_events(events_copy, [new_event()], expected_hash=None)


def _race(path: str, event_id: str, opened: str, start: Any, results: Any) -> None:
    start.wait()
    try:
        writer.add_events(path, [new_event(id=event_id)], expected_hash=opened)
        results.put((event_id, "written"))
    except WriteRefused as error:
        results.put((event_id, error.message))


def test_two_concurrent_writers_one_wins(events_copy: Path) -> None:
    """Two processes saving at once from the same version: one wins, the other is refused."""
    opened = writer.file_hash(events_copy)
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=_race, args=(str(events_copy), name, opened, start, results))
        for name in ("first-writer", "second-writer")
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    outcome = dict(results.get(timeout=5) for _ in workers)
    winners = [name for name, what in outcome.items() if what == "written"]
    assert len(winners) == 1, outcome
    loser = next(name for name in outcome if name not in winners)
    assert "changed since you opened it" in outcome[loser] or "Another editor" in outcome[loser]
    dataset = load_dataset(events_copy)
    assert not dataset.errors
    ids = set(dataset.events[schema.ID])
    assert winners[0] in ids and loser not in ids


def test_update_keeps_comments_and_other_events(events_copy: Path) -> None:
    """Editing one event changes only its lines; comments elsewhere stay."""
    before = events_copy.read_text(encoding="utf-8")
    current = writer.read_event(events_copy, "2023-09-12-brussels-hos-dg-near")
    assert current is not None and current[schema.PARTNERS] == ["DG NEAR"]
    changed = {**current, schema.VENUE: "DG NEAR premises", schema.PILLARS: ["WBCTi"]}
    writer.update_event(events_copy, "2023-09-12-brussels-hos-dg-near", changed, expected_hash=None)
    after = events_copy.read_text(encoding="utf-8")
    diff = [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[:2] in ("- ", "+ ")
    ]
    assert diff == [
        "+     venue: DG NEAR premises",
        "-     pillars: []",
        "+     pillars: [WBCTi]",
    ]
    assert after.startswith("# IISG events: the curated dataset")


def test_backups_are_pruned(events_copy: Path) -> None:
    """Only the newest `keep_backups` backups are kept."""
    for number in range(4):
        writer.add_events(
            events_copy, [new_event(id=f"e-{number}")], expected_hash=None, keep_backups=2
        )
    assert len(list((events_copy.parent / "backups").glob("events-*.yaml"))) == 2


def test_empty_dataset_gets_its_first_event(tmp_path: Path) -> None:
    """`events: []` becomes a list with the event, and loads."""
    target = tmp_path / "events.yaml"
    target.write_text("# mine\nevents: []\n", encoding="utf-8")
    writer.add_events(target, [new_event()], expected_hash=None)
    assert target.read_text(encoding="utf-8").startswith("# mine\n")
    assert load_dataset(target).events[schema.ID].tolist() == ["2023-05-03-tirana-test-workshop"]


def test_small_fixture_style_is_followed(tmp_path: Path) -> None:
    """A file indenting list items differently gets the new block at its indentation."""
    target = tmp_path / "events.yaml"
    shutil.copyfile(SMALL, target)
    writer.add_events(target, [new_event()], expected_hash=None)
    assert not load_dataset(target).errors


# --- Hardening: write failures, limits, permissions, formatting, leftovers -------------------

FSIZE_SCRIPT = (
    "import resource, sys, datetime\n"
    "from analytics.dataset import writer\n"
    "limit = int(sys.argv[2])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
    "try:\n"
    "    {call}\n"
    "    print('written')\n"
    "except writer.WriteRefused as error:\n"
    "    print('refused:', error.message)\n"
)


def run_with_file_size_limit(call: str, path: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """Run a writer call in a process that may write no file larger than `limit` bytes."""
    return subprocess.run(
        [sys.executable, "-c", FSIZE_SCRIPT.format(call=call), str(path), str(limit)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_a_file_size_limit_is_a_clear_refusal(events_copy: Path) -> None:
    """A save that hits the file-size limit is refused in words; the file and folder are as before."""
    before = events_copy.read_bytes()
    run = run_with_file_size_limit(
        f"writer.add_events(sys.argv[1], [{new_event()!r}], expected_hash=None)",
        events_copy,
        len(before),
    )
    assert run.stdout.startswith(
        "refused: The events file could not be saved: the file would "
        "exceed the system's file-size limit"
    ), run.stdout + run.stderr
    assert events_copy.read_bytes() == before
    assert sorted(p.name for p in events_copy.parent.iterdir()) == [
        "events.yaml",
        "events.yaml.lock",
    ]


def test_a_failed_backup_leaves_no_truncated_copy(events_copy: Path) -> None:
    """An update that shrinks the file, with room for the new file but not the backup: refused,
    and no partial backup is left behind to count among those kept."""
    before = events_copy.read_bytes()
    event_id = "2023-09-12-brussels-hos-dg-near"
    current = writer.read_event(events_copy, event_id)
    assert current is not None and current.get(schema.SUMMARY)
    shorter = {**current, schema.SUMMARY: "Short."}
    run = run_with_file_size_limit(
        f"writer.update_event(sys.argv[1], {event_id!r}, {shorter!r}, expected_hash=None)",
        events_copy,
        len(before) - 200,
    )
    assert run.stdout.startswith("refused:"), run.stdout + run.stderr
    assert events_copy.read_bytes() == before
    backups = events_copy.parent / "backups"
    assert not backups.exists() or list(backups.iterdir()) == []


def test_a_lock_that_cannot_be_created_is_a_clear_refusal(events_copy: Path) -> None:
    """When the lock file cannot be made (here a folder is in its place), the save is refused."""
    (events_copy.parent / "events.yaml.lock").mkdir()
    before = events_copy.read_bytes()
    with pytest.raises(WriteRefused, match="Cannot create the lock file"):
        writer.add_events(events_copy, [new_event()], expected_hash=None)
    assert events_copy.read_bytes() == before


def test_a_bell_character_in_a_long_summary_is_dropped_not_a_traceback(events_copy: Path) -> None:
    """A control character where ruamel folds a line no longer raises EmitterError."""
    summary = ("word " * 40)[:63] + "\x07" + ("word " * 40)[63:]
    writer.add_events(events_copy, [new_event(summary=summary)], expected_hash=None)
    events = load_dataset(events_copy).events
    saved = events.loc[events[schema.ID] == new_event()[schema.ID], schema.SUMMARY].iloc[0]
    assert "\x07" not in saved and saved == " ".join(summary.replace("\x07", "").split())


def test_a_read_only_events_file_is_refused(events_copy: Path) -> None:
    """A file marked read-only is not replaced behind its owner's back."""
    before = events_copy.read_bytes()
    events_copy.chmod(0o444)
    try:
        with pytest.raises(WriteRefused, match="read-only"):
            writer.add_events(events_copy, [new_event()], expected_hash=None)
        assert events_copy.read_bytes() == before
        assert oct(events_copy.stat().st_mode & 0o777) == "0o444"
    finally:
        events_copy.chmod(0o644)


def test_a_symbolic_link_stays_a_link_and_its_target_is_written(events_copy: Path) -> None:
    """Saving through a link to the events file rewrites the target; the link is kept."""
    link = events_copy.parent / "current.yaml"
    link.symlink_to(events_copy.name)
    writer.add_events(link, [new_event()], expected_hash=None)
    assert link.is_symlink()
    assert new_event()[schema.ID] in load_dataset(events_copy).events[schema.ID].tolist()


def test_crlf_newlines_and_a_byte_order_mark_are_kept(events_copy: Path) -> None:
    """An update of a CRLF file with a BOM changes only the event's lines; CRLF and BOM stay."""
    text = events_copy.read_text(encoding="utf-8")
    events_copy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    event_id = "2023-09-12-brussels-hos-dg-near"
    current = writer.read_event(events_copy, event_id)
    assert current is not None
    before = events_copy.read_bytes()
    writer.update_event(
        events_copy, event_id, {**current, schema.TITLE: "A new title"}, expected_hash=None
    )
    after = events_copy.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\n") == after.count(b"\r\n")
    changed = [
        line
        for line in difflib.unified_diff(
            before.decode("utf-8").split("\r\n"), after.decode("utf-8").split("\r\n"), lineterm=""
        )
        if line[:1] in ("+", "-") and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 2, changed
    assert load_dataset(events_copy).events.set_index(schema.ID).loc[event_id, schema.TITLE] == (
        "A new title"
    )


def test_a_long_plain_line_is_not_rewrapped_by_an_unrelated_edit(events_copy: Path) -> None:
    """A 5,000-character title elsewhere in the file stays one line after an update."""
    long_title = " ".join(["word"] * 1000)
    first = load_dataset(events_copy).events.iloc[0]
    text = events_copy.read_text(encoding="utf-8")
    assert f"    title: {first[schema.TITLE]}\n" in text
    text = text.replace(f"    title: {first[schema.TITLE]}\n", f"    title: {long_title}\n", 1)
    events_copy.write_text(text, encoding="utf-8")
    other = "2023-09-12-brussels-hos-dg-near"
    assert other != first[schema.ID]
    current = writer.read_event(events_copy, other)
    assert current is not None
    writer.update_event(
        events_copy, other, {**current, schema.TITLE: "Changed"}, expected_hash=None
    )
    assert f"    title: {long_title}\n" in events_copy.read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["Yes", "On", "NO", "off", "12:30", "null", "1e3", "~"])
def test_titles_yaml_11_would_misread_are_quoted_and_load_as_text(
    events_copy: Path, title: str
) -> None:
    """A title the loader's YAML 1.1 would read as a boolean, time or null is saved as text."""
    writer.add_events(events_copy, [new_event(title=title)], expected_hash=None)
    dataset = load_dataset(events_copy)
    assert not dataset.errors
    row = dataset.events.set_index(schema.ID).loc[new_event()[schema.ID]]
    assert row[schema.TITLE] == title


def test_temporary_files_left_by_a_crash_are_swept(events_copy: Path) -> None:
    """Leftover .events-*.yaml.tmp files (after kill -9) are removed by the next save."""
    leftover = events_copy.parent / ".events-abc123.yaml.tmp"
    leftover.write_text("half a file", encoding="utf-8")
    (events_copy.parent / "backups").mkdir()
    half_backup = events_copy.parent / "backups" / ".events-20230101-000000-x.yaml.tmp"
    half_backup.write_text("half a backup", encoding="utf-8")
    other = events_copy.parent / ".other-abc.yaml.tmp"  # not ours: another file's
    other.write_text("x", encoding="utf-8")
    writer.add_events(events_copy, [new_event()], expected_hash=None)
    assert not leftover.exists() and not half_backup.exists()
    assert other.exists()


def test_a_file_over_the_editing_limit_is_refused(
    events_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than MAX_EDIT_BYTES is refused at once with the limit named."""
    size = events_copy.stat().st_size
    monkeypatch.setattr(writer, "MAX_EDIT_BYTES", size - 1, raising=False)
    before = events_copy.read_bytes()
    with pytest.raises(WriteRefused, match="the most the editor changes"):
        writer.add_events(events_copy, [new_event()], expected_hash=None)
    assert events_copy.read_bytes() == before


def test_backups_are_capped_by_total_size(
    events_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Backups beyond MAX_BACKUP_BYTES in total are pruned, oldest first; the newest stays."""
    size = events_copy.stat().st_size
    monkeypatch.setattr(writer, "MAX_BACKUP_BYTES", int(size * 2.5), raising=False)
    for number in range(5):
        writer.add_events(events_copy, [new_event(id=f"e-{number}")], expected_hash=None)
    backups = list((events_copy.parent / "backups").glob("events-*.yaml"))
    assert len(backups) == 2
    assert sum(p.stat().st_size for p in backups) <= size * 2.5


def test_too_little_free_space_is_refused_before_writing(
    events_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With less free space than the new file, its backup and the margin, nothing is written."""
    real = shutil.disk_usage

    def nearly_full(path: Any) -> Any:
        usage = real(path)
        return type(usage)(usage.total, usage.total - 1000, 1000)

    monkeypatch.setattr(writer.shutil, "disk_usage", nearly_full)
    before = events_copy.read_bytes()
    with pytest.raises(WriteRefused, match="Not enough free disk space"):
        writer.add_events(events_copy, [new_event()], expected_hash=None)
    assert events_copy.read_bytes() == before


def test_an_update_leaves_every_other_event_byte_for_byte(events_copy: Path) -> None:
    """Only the edited event goes through the YAML round trip: odd spacing elsewhere stays."""
    text = events_copy.read_text(encoding="utf-8")
    first = load_dataset(events_copy).events.iloc[0]
    odd = f"    title:    {first[schema.TITLE]}\n"
    text = text.replace(f"    title: {first[schema.TITLE]}\n", odd, 1)
    events_copy.write_text(text, encoding="utf-8")
    other = "2023-09-12-brussels-hos-dg-near"
    current = writer.read_event(events_copy, other)
    assert current is not None
    writer.update_event(
        events_copy, other, {**current, schema.TITLE: "Changed"}, expected_hash=None
    )
    after = events_copy.read_text(encoding="utf-8")
    assert odd in after  # a whole-file round trip rewrites it as "title: ..."
    changed = [
        line
        for line in difflib.unified_diff(text.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in ("+", "-") and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 2, changed
