"""Safe writes to the events file: validated, atomic, locked, backed up, formatting preserved.

Every change follows the same steps, under an exclusive lock on ``<events file>.lock``
(``filelock``):

1. read the file and check its SHA-256 is the one the editor started from (else refuse:
   somebody else saved in between, and their change would be lost);
2. build the new text: new events are spliced in as text (sorted by start date), an edited
   event is changed in place with ruamel.yaml's round-trip mode, so comments, key order and
   the formatting of every other event stay byte for byte;
3. write the candidate to a temporary file in the same folder (flush + fsync) and load it with
   the dataset loader: any error the old file did not have refuses the change;
4. copy the old file to ``backups/events-YYYYmmdd-HHMMSS.yaml`` beside it, atomically too (the
   newest ``KEEP_BACKUPS`` are kept, at most ``MAX_BACKUP_BYTES`` in all);
5. ``os.replace`` the temporary file over the events file and fsync the folder.

A failure at any step leaves the events file as it was and becomes a ``WriteRefused`` in an
editor's words (full disk, size limit, read-only file or folder, YAML that cannot be written).
Files over ``MAX_EDIT_BYTES`` are not edited; a symbolic link is followed (the link stays); the
file's newline style and byte-order mark are kept; temporary files a crash left are removed
under the lock. Editing also needs a password: see
``analytics.passwords`` and ``python -m analytics hash-password``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml
from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, SingleQuotedScalarString

from analytics import schema
from analytics.dataset.files import FileTooLarge, read_regular_file
from analytics.schema import DatasetError, Problem

BACKUP_FOLDER = "backups"
KEEP_BACKUPS = 30
# Backups are also capped by their total size: the oldest go first (the newest always stays).
MAX_BACKUP_BYTES = 200 * 1024 * 1024
# The editor changes files up to this size; a larger file is edited with a text editor. A save
# reads the file's structure, round-trips only the changed event, writes, and validates the old
# and the new file: about 6 s for a 2 MB file of 2,000 events on a busy two-core machine.
MAX_EDIT_BYTES = 5 * 1024 * 1024
# Free space a save leaves at least, besides the new file and its backup.
FREE_SPACE_MARGIN_BYTES = 10 * 1024 * 1024
LOCK_TIMEOUT_SECONDS = 5.0
_UTF8_BOM = b"\xef\xbb\xbf"
# Control characters other than tab and newline: never wanted in a field, and ruamel refuses
# some of them where it folds a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# PyYAML (the loader) resolves plain scalars by YAML 1.1: Yes, On, NO, off, 12:30 are not text.
_YAML11 = pyyaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_FAST_LOADER: Any = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
# Not a dataset field: the extractor's list of fields a person must check. Never written.
NEEDS_REVIEW = "needs_review"
# Text fields written as folded blocks (`>-`), wrapped like the curated file.
_FOLDED_FIELDS = (schema.SUMMARY, schema.NOTES)
_FOLD_WIDTH = 88
_FLOW_LIST_FIELDS = (schema.PILLARS,)
_TEMP_SUFFIX = ".yaml.tmp"


class WriteRefused(Exception):
    """The change was not written; the message says why and what to do.

    Attributes:
        message: What the editor reads.
        problems: The dataset problems that refused the change (validation), if any.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.message = message
        self.problems = tuple(problems)
        super().__init__(message)


class StaleFileError(WriteRefused):
    """The file changed since the editor opened it."""


class LockBusyError(WriteRefused):
    """Another editor is saving right now."""


@dataclass(frozen=True)
class WriteResult:
    """What a successful write did."""

    path: Path
    backup: Path | None
    content_hash: str
    event_ids: tuple[str, ...]
    warnings: tuple[Problem, ...]


# --- YAML rendering --------------------------------------------------------------------------


def round_trip_yaml() -> YAML:
    """A round-trip YAML in the dataset's style (2-space maps, list dashes indented by 2)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # So wide that ruamel never rewraps an untouched line, however long (a round trip is
    # byte-identical); folded summaries carry their own fold positions.
    yaml.width = 1_000_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _folded(text: str) -> FoldedScalarString:
    """A `>-` block wrapped at the dataset's width."""
    flat = " ".join(text.split())
    folded = FoldedScalarString(flat)
    positions = []
    offset = 0
    for line in textwrap.wrap(flat, _FOLD_WIDTH, break_long_words=False, break_on_hyphens=False)[
        :-1
    ]:
        offset += len(line)
        positions.append(offset)
        offset += 1  # the space folded into the line break
    folded.fold_pos = positions  # type: ignore[attr-defined]
    return folded


def clean_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """Return an event as the dataset stores it: known fields in schema order, empties dropped.

    ``needs_review`` and any other key that is not a dataset field are dropped; text is
    stripped; list fields become lists of non-empty strings (a comma or newline separated
    string is split); dates become ``datetime.date``. Pillars are kept (``[]`` means "no
    pillar"); other empty lists and empty text are left out.

    Args:
        event: An event as extracted or as typed in a form.

    Returns:
        The event, ready to write.
    """
    cleaned: dict[str, Any] = {}
    for name in schema.ALL_FIELDS:
        value = event.get(name)
        if name in schema.LIST_FIELDS:
            items = _as_list(value, name)
            if items or name == schema.PILLARS:
                cleaned[name] = items
            continue
        if name in schema.DATE_FIELDS:
            day = _as_date(value)
            if day is not None:
                cleaned[name] = day
            continue
        if value is None or (isinstance(value, float) and value != value):
            continue
        text = _CONTROL.sub("", str(value)).strip()
        if text:
            cleaned[name] = text
    if cleaned.get(schema.END_DATE) is not None and cleaned.get(schema.END_DATE) == cleaned.get(
        schema.START_DATE
    ):
        del cleaned[schema.END_DATE]  # one-day events have no end_date
    return cleaned


def _as_list(value: Any, name: str) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        # Caveats hold commas inside a sentence: they are split on new lines only.
        separators = r"\n" if name == schema.CAVEATS else r"[\n,;]"
        parts: list[Any] = re.split(separators, value)
    else:
        parts = list(value)
    items: list[str] = []
    for part in parts:
        text = _CONTROL.sub("", str(part)).strip()
        if text and text not in items:
            items.append(text)
    return items


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT is caught above as NaN-like)
        try:
            value = value.to_pydatetime()
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _yaml11_text(text: str) -> str:
    """Text quoted when YAML 1.1 would read it as something else (Yes, On, off, 12:30, 1e3)."""
    if _YAML11.resolve(pyyaml.ScalarNode, text, (True, False)) != _STR_TAG:
        return SingleQuotedScalarString(text)
    return text


def _commented(event: Mapping[str, Any]) -> CommentedMap:
    """An event as ruamel nodes in the dataset's style."""
    node = CommentedMap()
    for name, value in clean_event(event).items():
        if isinstance(value, str):
            value = _yaml11_text(value)
        if isinstance(value, list):
            seq = CommentedSeq([_yaml11_text(item) for item in value])
            if name in _FLOW_LIST_FIELDS:
                seq.fa.set_flow_style()
            else:
                seq.fa.set_block_style()
            node[name] = seq
        elif name in _FOLDED_FIELDS and len(value) > _FOLD_WIDTH - 20:
            node[name] = _folded(value)
        else:
            node[name] = value
    return node


def render_events(events: Sequence[Mapping[str, Any]], *, comments: bool = False) -> str:
    """Render events as the items of the dataset's ``events:`` list (indented, blank-separated).

    Args:
        events: Events (cleaned here).
        comments: Put each event's ``needs_review`` list in a comment line above it.

    Returns:
        YAML text: each event starts with ``  - id:`` and ends with a blank line.
    """
    yaml = round_trip_yaml()
    blocks = []
    for event in events:
        buffer = io.StringIO()
        yaml.dump({"events": [_commented(event)]}, buffer)
        lines = buffer.getvalue().splitlines(keepends=True)[1:]  # drop "events:"
        review = list(event.get(NEEDS_REVIEW) or ())
        header = f"  # needs review: {', '.join(review)}\n" if comments and review else ""
        blocks.append(header + "".join(lines) + "\n")
    return "".join(blocks)


def render_document(events: Sequence[Mapping[str, Any]], *, comments: bool = False) -> str:
    """Render a whole events document (``events:`` and the list).

    Args:
        events: The events.
        comments: Put each event's ``needs_review`` list in a comment line above it.

    Returns:
        YAML text.
    """
    if not events:
        return "events: []\n"
    return "events:\n\n" + render_events(events, comments=comments)


# --- Splicing the text -----------------------------------------------------------------------


def _load_items(text: str) -> tuple[Any, CommentedSeq | None]:
    document = round_trip_yaml().load(text)
    if not isinstance(document, CommentedMap):
        raise WriteRefused("The events file is not a mapping with an 'events:' list; fix it first.")
    items = document.get("events")
    if items is not None and not isinstance(items, CommentedSeq):
        raise WriteRefused("'events:' in the events file is not a list; fix it first.")
    return document, items


def _start_of(item: Any) -> dt.date | None:
    if isinstance(item, Mapping):
        return _as_date(item.get(schema.START_DATE))
    return None


def _insert_line(lines: list[str], item_line: int) -> int:
    """The line to insert before an item: above the comment lines that belong to it."""
    position = item_line
    while position > 0 and lines[position - 1].lstrip().startswith("#"):
        position -= 1
    return position


def _shifted(block: str, shift: int) -> str:
    """Indent (or dedent) every non-blank line of a block by `shift` spaces."""
    if shift == 0:
        return block
    out = []
    for line in block.splitlines(keepends=True):
        if line.strip():
            line = " " * shift + line if shift > 0 else line[-shift:]
        out.append(line)
    return "".join(out)


def _with_list_written(document: Any, new_events: Sequence[Mapping[str, Any]]) -> str:
    """The document with its (empty or missing) events list written whole from the new events."""
    document["events"] = CommentedSeq([_commented(event) for event in new_events])
    buffer = io.StringIO()
    round_trip_yaml().dump(document, buffer)
    return buffer.getvalue()


def _insert_positions(
    starts: Sequence[dt.date | None], new_events: Sequence[Mapping[str, Any]]
) -> dict[int, list[Mapping[str, Any]]]:
    """Where each new event goes: before the first listed event that starts after it, else last.

    Args:
        starts: The start day of each listed event, in file order (None when it has none).
        new_events: The events to add.

    Returns:
        List position -> the new events to insert there, in the order given.
    """
    inserts: dict[int, list[Mapping[str, Any]]] = {}
    for event in new_events:
        day = _as_date(event.get(schema.START_DATE))
        index = len(starts)
        if day is not None:
            index = next(
                (k for k, start in enumerate(starts) if start is not None and start > day),
                len(starts),
            )
        inserts.setdefault(index, []).append(event)
    return inserts


def _with_added(text: str, new_events: Sequence[Mapping[str, Any]]) -> str:
    """The file's text with events added in start-date order, everything else untouched."""
    spans = _item_spans(text)
    if spans is None:
        return _with_added_whole(text, new_events)
    if not spans:
        # An empty or missing list: no neighbour's style to keep, so the list is written whole.
        return _with_list_written(_load_items(text)[0], new_events)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    inserts = _insert_positions([span.start for span in spans], new_events)
    output = list(lines)
    shift = _indent(lines[spans[0].line]) - 2
    for index in sorted(inserts, reverse=True):
        block = _shifted(render_events(inserts[index]), shift)
        if index == len(spans):
            end = _block_lines(lines, spans, len(spans) - 1)[1]
            while end > 0 and not output[end - 1].strip():
                end -= 1
            output.insert(end, "\n" + block.rstrip("\n") + "\n")
        else:
            output.insert(_insert_line(output, spans[index].line), block)
    return "".join(output)


def _with_added_whole(text: str, new_events: Sequence[Mapping[str, Any]]) -> str:
    """``_with_added`` by a whole-file round trip, for a list of another layout."""
    document, items = _load_items(text)
    if not items:
        return _with_list_written(document, new_events)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    inserts = _insert_positions([_start_of(item) for item in items], new_events)
    output = list(lines)
    # Match the file's list indentation (the bundled file indents "- id:" by 2 spaces; a file
    # written by another tool may not).
    first_line = lines[items.lc.item(0)[0]]
    shift = (len(first_line) - len(first_line.lstrip(" "))) - 2
    # From the end, so earlier line numbers stay valid.
    for index in sorted(inserts, reverse=True):
        block = _shifted(render_events(inserts[index]), shift)
        if index == len(items):
            tail = "" if output and output[-1].strip() == "" else "\n"
            output.append(tail + block.rstrip("\n") + "\n")
        else:
            line = _insert_line(output, items.lc.item(index)[0])
            output.insert(line, block)
    return "".join(output)


def _update_item(target: CommentedMap, event: Mapping[str, Any]) -> None:
    """Replace an item's fields by the event's, keeping its comments, key order and quoting."""
    new = _commented(event)
    for name in list(target.keys()):
        emptied_list = isinstance(target[name], list) and not target[name]
        if name not in new and name in schema.ALL_FIELDS and not emptied_list:
            del target[name]
    for name, value in new.items():
        old = target.get(name)
        if old == value and type(old) is type(value):
            continue  # untouched: keep its quoting and folding
        if name in target:
            target[name] = value
        else:
            # A new field goes after the nearest field that precedes it in schema order.
            order = list(schema.ALL_FIELDS)
            before = [
                key for key in target if key in order and order.index(key) < order.index(name)
            ]
            position = list(target.keys()).index(before[-1]) + 1 if before else 0
            target.insert(position, name, value)


def _with_updated(text: str, event_id: str, event: Mapping[str, Any]) -> str:
    """The file's text with one event's fields replaced, its comments and key order kept.

    Only the event's own lines go through ruamel's round trip; the rest of the text is kept
    as it is (a round trip of a whole 2 MB file took most of a minute).
    """
    spans = _item_spans(text)
    if spans is not None:
        lines = text.splitlines(keepends=True)
        found = [k for k, span in enumerate(spans) if span.event_id == event_id]
        if not found:
            raise WriteRefused(f"No event with id '{event_id}' in the file; reload the page.")
        begin, end = _block_lines(lines, spans, found[0])
        core_end = end
        while core_end > begin and not lines[core_end - 1].strip():
            core_end -= 1
        shift = _indent(lines[begin]) - 2
        document, items = _load_items(
            "events:\n" + _shifted("".join(lines[begin:core_end]), -shift)
        )
        target = items[0] if items else None
        if isinstance(target, CommentedMap) and str(target.get(schema.ID)) == event_id:
            _update_item(target, event)
            buffer = io.StringIO()
            round_trip_yaml().dump(document, buffer)
            block = buffer.getvalue().split("\n", 1)[1]  # drop "events:"
            return "".join(lines[:begin]) + _shifted(block, shift) + "".join(lines[core_end:])
    # Another layout (a flow-style list, an item sharing a line): the whole file round-trips.
    document, items = _load_items(text)
    whole_target = None
    for item in items or ():
        if isinstance(item, CommentedMap) and str(item.get(schema.ID)) == event_id:
            whole_target = item
            break
    if whole_target is None:
        raise WriteRefused(f"No event with id '{event_id}' in the file; reload the page.")
    _update_item(whole_target, event)
    buffer = io.StringIO()
    round_trip_yaml().dump(document, buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class _Span:
    """Where one item of the events list starts, and what it is."""

    line: int
    event_id: str | None
    start: dt.date | None


def _scalar(node: Any, key: str) -> str | None:
    if isinstance(node, pyyaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key and isinstance(
                value_node, pyyaml.ScalarNode
            ):
                return str(value_node.value)
    return None


def _item_spans(text: str) -> list[_Span] | None:
    """The first line, id and start date of each events-list item, without a round trip.

    PyYAML's composer (in C when available) reads the file's structure in a fraction of the
    time ruamel's round-trip loader takes.

    Returns:
        One span per item, in file order; None when the list is not a block list of one item
        per line start (then the caller falls back to a whole-file round trip).

    Raises:
        WriteRefused: The file is not YAML, or has no ``events:`` list.
    """
    loader = _FAST_LOADER(text)
    try:
        root = loader.get_single_node()
    except pyyaml.YAMLError as error:
        raise WriteRefused(f"The events file is not valid YAML ({error}); fix it first.") from error
    finally:
        loader.dispose()
    if not isinstance(root, pyyaml.MappingNode):
        raise WriteRefused("The events file is not a mapping with an 'events:' list; fix it first.")
    events = next((v for k, v in root.value if getattr(k, "value", None) == "events"), None)
    if events is None or (
        isinstance(events, pyyaml.ScalarNode) and events.value in ("", "~", "null")
    ):
        return []
    if not isinstance(events, pyyaml.SequenceNode):
        raise WriteRefused("'events:' in the events file is not a list; fix it first.")
    if events.flow_style:
        return None
    spans = [
        _Span(
            item.start_mark.line,
            _scalar(item, schema.ID),
            _as_date(_scalar(item, schema.START_DATE)),
        )
        for item in events.value
    ]
    lines = [span.line for span in spans]
    if lines != sorted(set(lines)) or any(
        not isinstance(item, pyyaml.MappingNode) or item.flow_style for item in events.value
    ):
        return None
    return spans


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_lines(lines: list[str], spans: Sequence[_Span], index: int) -> tuple[int, int]:
    """First and past-the-last line of item `index` (comments above the next item excluded)."""
    begin = spans[index].line
    if index + 1 < len(spans):
        return begin, _insert_line(lines, spans[index + 1].line)
    # The last item runs to the end of the list: the next line indented no deeper than the
    # list's dash that is not blank or a comment, or the end of the file.
    dash = _indent(lines[begin])
    end = begin + 1
    while end < len(lines):
        line = lines[end]
        if (
            line.strip()
            and not line.lstrip().startswith("#")
            and _indent(line) <= dash
            and not line.lstrip().startswith("- ")
        ):
            break
        end += 1
    return begin, end


def _plain_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain_value(item) for item in value]
    if isinstance(value, dt.date | int | float | bool) or value is None:
        return value
    return str(value)


def read_event(path: str | Path, event_id: str) -> dict[str, Any] | None:
    """One event's fields exactly as the file writes them (partner names not resolved).

    Args:
        path: The events file.
        event_id: The event's id.

    Returns:
        The fields, or None when no event has this id (or the file cannot be read, or is
        larger than ``MAX_EDIT_BYTES``).
    """
    try:
        raw = read_regular_file(path, MAX_EDIT_BYTES)
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        spans = _item_spans(text)
        if spans is not None:
            # Only the event's own lines are read by ruamel.
            lines = text.splitlines(keepends=True)
            found = [k for k, span in enumerate(spans) if span.event_id == event_id]
            if not found:
                return None
            begin, end = _block_lines(lines, spans, found[0])
            shift = _indent(lines[begin]) - 2
            text = "events:\n" + _shifted("".join(lines[begin:end]), -shift)
        _, items = _load_items(text)
    except (OSError, ValueError, WriteRefused, YAMLError, pyyaml.YAMLError):
        return None
    for item in items or ():
        if isinstance(item, Mapping) and str(item.get(schema.ID)) == event_id:
            return {str(key): _plain_value(value) for key, value in item.items()}
    return None


# --- The write -------------------------------------------------------------------------------


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes (the same as ``Dataset.content_hash``)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@contextlib.contextmanager
def editor_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the exclusive editing lock of an events file.

    A ``filelock.FileLock`` on ``<file>.lock`` (an advisory ``flock`` on Unix, ``msvcrt`` on
    Windows): the operating system releases it when the holder exits or crashes, so a stale
    lock never blocks editing.

    Args:
        path: The events file.
        timeout: Seconds to wait for another editor's save to finish.

    Raises:
        LockBusyError: Another editor held the lock for longer than ``timeout``.
        WriteRefused: The lock file cannot be created (a read-only folder).
    """
    lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as error:
        raise LockBusyError(
            "Another editor is saving the events file right now; nothing was "
            "written. Try again in a moment."
        ) from error
    except OSError as error:
        raise WriteRefused(
            f"Cannot create the lock file beside the events file ({_reason(error)}); nothing "
            "was written. The folder must be writable by the app."
        ) from error
    try:
        yield
    finally:
        lock.release()


def _reason(error: OSError) -> str:
    """An OSError in an editor's words."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if error.errno == errno.EFBIG:
        return "the file would exceed the system's file-size limit"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder or file is read-only"
    return str(error.strerror or error)


def _error_key(problem: Problem) -> tuple[str | None, str | None, str]:
    # Line numbers move when events are added; they are not part of what the error is.
    return problem.event_id, problem.field, re.sub(r"\bline \d+", "line N", problem.message)


def _validate(candidate: Path, before: Path) -> tuple[Problem, ...]:
    """Load the candidate; refuse errors the current file does not already have.

    Returns:
        The candidate's warnings.
    """
    from analytics.dataset.load import load_dataset

    try:
        new = load_dataset(candidate)
    except DatasetError as error:
        raise WriteRefused(f"The change would make the file unreadable: {error.message}") from error
    try:
        old_errors = Counter(_error_key(p) for p in load_dataset(before).errors)
    except DatasetError:
        old_errors = Counter()
    fresh = []
    for problem in new.errors:
        key = _error_key(problem)
        if old_errors[key]:
            old_errors[key] -= 1
        else:
            fresh.append(problem)
    if fresh:
        # The file name users know, not the temporary one.
        shown = [dataclasses.replace(p, file=before.name) for p in fresh]
        raise WriteRefused("The change was not saved: the dataset rules refuse it.", shown)
    return new.warnings


def _write_atomically(target: Path, data: bytes, *, like: Path | None = None) -> None:
    """Write bytes to a temporary file beside `target` (fsync), then rename it over `target`.

    A failure (full disk, size limit) removes the temporary file and leaves `target` as it was:
    a file is either whole or absent, never truncated.
    """
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
        "wb", dir=target.parent, prefix=f".{target.stem}-", suffix=_TEMP_SUFFIX, delete=False
    )
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if like is not None:
            with contextlib.suppress(OSError):
                shutil.copymode(like, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _backup(path: Path, raw: bytes, keep: int, max_bytes: int | None = None) -> Path:
    """Keep `raw` (the file before the change) as a backup, written atomically, then prune.

    The newest backups are kept while there are at most `keep` and they total at most
    `max_bytes` (``MAX_BACKUP_BYTES`` when None); the newest one always stays.
    """
    max_bytes = MAX_BACKUP_BYTES if max_bytes is None else max_bytes
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = path.stem
    target = folder / f"{stem}-{stamp}.yaml"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}-{stamp}-{counter}.yaml"
    _write_atomically(target, raw)
    newest_first = sorted(
        folder.glob(f"{stem}-*.yaml"), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    total = 0
    for position, backup in enumerate(newest_first):
        with contextlib.suppress(OSError):
            total += backup.stat().st_size
            if position > 0 and (position >= keep or total > max_bytes):
                backup.unlink()
    return target


def _sweep_temporaries(path: Path) -> None:
    """Remove temporary files a crashed save left (called under the lock: none is in use)."""
    for folder, pattern in (
        (path.parent, f".{path.stem}-*{_TEMP_SUFFIX}"),
        (path.parent / BACKUP_FOLDER, f".*{_TEMP_SUFFIX}"),
    ):
        for leftover in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if leftover.is_file() and not leftover.is_symlink():
                    leftover.unlink()


def _writable(path: Path) -> None:
    """Refuse a file that is marked read-only or that the app may not write."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused("The events file is not a regular file; nothing was written.")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteRefused(
            f"The events file {path.name} is read-only; nothing was written. Make it writable "
            "(or ask the administrator) to edit it here."
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise WriteRefused(
            "The events file's folder is read-only (the new version, the backup and the lock "
            "are written there); nothing was written."
        )


def _check_space(folder: Path, needed: int) -> None:
    """Refuse a save that would fill the disk (the new file and its backup need room)."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < needed + FREE_SPACE_MARGIN_BYTES:
        raise WriteRefused(
            f"Not enough free disk space to save safely ({free // (1024 * 1024):,} MB free; "
            f"the new file and its backup need {needed // (1024 * 1024) + 1:,} MB and "
            f"{FREE_SPACE_MARGIN_BYTES // (1024 * 1024)} MB are kept free); nothing was written."
        )


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class Replaced:
    """What ``replace_checked`` did: the backup kept, the new content's hash, what checking said."""

    backup: Path | None
    content_hash: str
    warnings: tuple[Problem, ...]


def replace_checked(
    path: Path,
    change: Callable[[str], str],
    check: Callable[[Path, Path], tuple[Problem, ...]],
    *,
    expected_hash: str | None,
    keep_backups: int,
    noun: str = "events file",
) -> Replaced:
    """Change a YAML file safely: locked, unchanged since it was opened, checked, backed up, atomic.

    The steps of the module docstring, for any file the app edits (the events file, the
    indicators file). Every failure is a ``WriteRefused`` in an editor's words.

    Args:
        path: The file (a symbolic link is followed; the link stays).
        change: Old text -> new text (may raise ``WriteRefused``).
        check: (candidate file, current file) -> warnings; raises ``WriteRefused`` to refuse.
            The candidate is a complete temporary file in the same folder.
        expected_hash: SHA-256 of the file when the editor opened it; None skips the check.
        keep_backups: How many backups to keep (0: no backup).
        noun: What the file is called in messages ("events file", "indicators file").

    Returns:
        The backup, the new hash and the check's warnings.

    Raises:
        WriteRefused: Nothing was written; the message says why.
    """
    try:
        # A symbolic link is followed: its target is rewritten and the link stays a link.
        path = Path(path).resolve(strict=True)
        _writable(path)
    except OSError as error:
        raise WriteRefused(f"Cannot open the {noun}: {_reason(error)}.") from error
    with editor_lock(path):
        _sweep_temporaries(path)
        try:
            raw = read_regular_file(path, MAX_EDIT_BYTES)
        except FileTooLarge as error:
            raise WriteRefused(
                f"The {noun} is larger than {MAX_EDIT_BYTES // (1024 * 1024)} MB, the "
                "most the editor changes; nothing was written. Edit it with a text editor."
            ) from error
        except OSError as error:
            raise WriteRefused(f"Cannot read the {noun}: {_reason(error)}.") from error
        if expected_hash is not None and hashlib.sha256(raw).hexdigest() != expected_hash:
            raise StaleFileError(
                f"The {noun} changed since you opened it (someone else saved); nothing "
                "was written. Press Reload data, check the file, then save again: your "
                "entries are still on this page."
            )
        bom = _UTF8_BOM if raw.startswith(_UTF8_BOM) else b""
        try:
            text = raw[len(bom) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise WriteRefused(f"The {noun} is not UTF-8 text; fix it first.") from error
        # The file's newline style is kept: the change is made on LF text.
        first_end = text.find("\n")
        newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
        if newline != "\n":
            text = text.replace("\r\n", "\n")
        try:
            new_text = change(text)
        except WriteRefused:
            raise
        except (YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
            raise WriteRefused(
                f"The change cannot be written as YAML ({type(error).__name__}: "
                f"{str(error)[:200]}); nothing was written."
            ) from error
        if newline != "\n":
            new_text = new_text.replace("\n", newline)
        data = bom + new_text.encode("utf-8")
        _check_space(path.parent, len(data) + (len(raw) if keep_backups > 0 else 0))
        candidate = path.with_name(f".{path.stem}-candidate{_TEMP_SUFFIX}")
        try:
            # The candidate is validated before anything is replaced.
            _write_atomically(candidate, data, like=path)
            warnings = check(candidate, path)
            backup = _backup(path, raw, keep_backups) if keep_backups > 0 else None
            os.replace(candidate, path)
        except OSError as error:
            raise WriteRefused(
                f"The {noun} could not be saved: {_reason(error)}; nothing was written."
            ) from error
        finally:
            with contextlib.suppress(OSError):
                candidate.unlink()
        _fsync_dir(path.parent)
        return Replaced(
            backup=backup,
            content_hash=hashlib.sha256(data).hexdigest(),
            warnings=tuple(warnings),
        )


def _write(
    path: Path,
    change: Any,
    *,
    expected_hash: str | None,
    event_ids: tuple[str, ...],
    keep_backups: int,
) -> WriteResult:
    """Apply `change` (old text -> new text) to the events file, validated and atomic."""
    done = replace_checked(
        Path(path), change, _validate, expected_hash=expected_hash, keep_backups=keep_backups
    )
    return WriteResult(
        path=done_path(path),
        backup=done.backup,
        content_hash=done.content_hash,
        event_ids=event_ids,
        warnings=tuple(w for w in done.warnings if w.event_id in event_ids),
    )


def done_path(path: str | Path) -> Path:
    """The file a write to `path` changed (a symbolic link's target)."""
    try:
        return Path(path).resolve(strict=True)
    except OSError:
        return Path(path)


def add_events(
    path: str | Path,
    events: Sequence[Mapping[str, Any]],
    *,
    expected_hash: str | None,
    keep_backups: int = KEEP_BACKUPS,
) -> WriteResult:
    """Add events to the events file (in start-date order), safely.

    Args:
        path: The events file.
        events: The events (``needs_review`` and unknown keys are dropped).
        expected_hash: SHA-256 of the file when the editor opened it; None skips the check.
        keep_backups: How many backups to keep (0: no backup).

    Returns:
        What was written.

    Raises:
        WriteRefused: Nothing was written (validation, stale file, busy lock); see message.
    """
    if not events:
        raise WriteRefused("No events to add.")
    ids = tuple(str(clean_event(event).get(schema.ID, "")) for event in events)
    return _write(
        Path(path),
        lambda text: _with_added(text, events),
        expected_hash=expected_hash,
        event_ids=ids,
        keep_backups=keep_backups,
    )


def update_event(
    path: str | Path,
    event_id: str,
    event: Mapping[str, Any],
    *,
    expected_hash: str | None,
    keep_backups: int = KEEP_BACKUPS,
) -> WriteResult:
    """Replace one event's fields (found by its current id), safely.

    Args:
        path: The events file.
        event_id: The id of the event to change.
        event: Its new fields (a changed id renames the event).
        expected_hash: SHA-256 of the file when the editor opened it; None skips the check.
        keep_backups: How many backups to keep (0: no backup).

    Returns:
        What was written.

    Raises:
        WriteRefused: Nothing was written (validation, stale file, busy lock); see message.
    """
    new_id = str(clean_event(event).get(schema.ID, event_id))
    return _write(
        Path(path),
        lambda text: _with_updated(text, event_id, event),
        expected_hash=expected_hash,
        event_ids=(new_id,),
        keep_backups=keep_backups,
    )
