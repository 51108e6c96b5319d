"""Safe writes to the events file: validated, atomic, locked, backed up, formatting preserved.

Every change follows the same steps, under an exclusive lock on ``<events file>.lock``:

1. read the file and check its SHA-256 is the one the editor started from (else refuse:
   somebody else saved in between, and their change would be lost);
2. build the new text: new events are spliced in as text (sorted by start date), an edited
   event is changed in place with ruamel.yaml's round-trip mode, so comments, key order and
   the formatting of every other event stay byte for byte;
3. write the candidate to a temporary file in the same folder (flush + fsync) and load it with
   the dataset loader: any error the old file did not have refuses the change;
4. copy the old file to ``backups/events-YYYYmmdd-HHMMSS.yaml`` beside it (the newest
   ``KEEP_BACKUPS`` are kept);
5. ``os.replace`` the temporary file over the events file and fsync the folder.

A failure at any step leaves the events file as it was. Editing also needs a password: see
``hash_password`` and ``python -m analytics.writer hash-password``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import errno
import fcntl
import getpass
import hashlib
import hmac
import io
import os
import re
import secrets
import shutil
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString

from analytics import schema
from analytics.schema import DatasetError, Problem

PASSWORD_HASH_VARIABLE = "IISG_EDITOR_PASSWORD_HASH"
PASSWORD_HASH_SECRET = "editor_password_hash"
HASH_ALGORITHM = "pbkdf2_sha256"
# OWASP's 2023 advice for PBKDF2-HMAC-SHA256; about 0.3 s per check on a laptop.
HASH_ITERATIONS = 600_000
BACKUP_FOLDER = "backups"
KEEP_BACKUPS = 30
LOCK_TIMEOUT_SECONDS = 5.0
# Not a dataset field: the extractor's list of fields a person must check. Never written.
NEEDS_REVIEW = "needs_review"
# Text fields written as folded blocks (`>-`), wrapped like the curated file.
_FOLDED_FIELDS = (schema.SUMMARY, schema.NOTES)
_FOLD_WIDTH = 88
_FLOW_LIST_FIELDS = (schema.PILLARS,)


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


# --- Passwords -----------------------------------------------------------------------------


def hash_password(password: str, *, iterations: int = HASH_ITERATIONS) -> str:
    """Return a salted hash of a password: ``pbkdf2_sha256$<iterations>$<salt>$<hash>``.

    Salt and hash are URL-safe base64 without padding; the salt is 16 random bytes.

    Args:
        password: The editor password.
        iterations: PBKDF2 iterations.

    Returns:
        The encoded hash, to put in IISG_EDITOR_PASSWORD_HASH or st.secrets.
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join((HASH_ALGORITHM, str(iterations), _b64(salt), _b64(digest)))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_password(password: str, encoded: str) -> bool:
    """Check a password against an encoded hash, in constant time.

    Args:
        password: What the user typed.
        encoded: A hash made by ``hash_password``.

    Returns:
        True when they match; False for a wrong password or a malformed hash.
    """
    try:
        algorithm, iterations, salt, expected = encoded.strip().split("$")
        if algorithm != HASH_ALGORITHM:
            return False
        rounds = int(iterations)
        if not 1 <= rounds <= 10_000_000:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), _unb64(salt), rounds)
        return hmac.compare_digest(digest, _unb64(expected))
    except (ValueError, TypeError):
        return False


def valid_password_hash(encoded: str | None) -> bool:
    """True when a configured value has the shape of a ``hash_password`` hash."""
    if not encoded:
        return False
    parts = encoded.strip().split("$")
    return len(parts) == 4 and parts[0] == HASH_ALGORITHM and parts[1].isdigit()


# --- YAML rendering --------------------------------------------------------------------------


def round_trip_yaml() -> YAML:
    """A round-trip YAML in the dataset's style (2-space maps, list dashes indented by 2)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # Wide enough that ruamel never rewraps an untouched line (a round trip is byte-identical).
    yaml.width = 4096
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
        text = str(value).strip()
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
        text = str(part).strip()
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


def _commented(event: Mapping[str, Any]) -> CommentedMap:
    """An event as ruamel nodes in the dataset's style."""
    node = CommentedMap()
    for name, value in clean_event(event).items():
        if isinstance(value, list):
            seq = CommentedSeq(value)
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


def _with_added(text: str, new_events: Sequence[Mapping[str, Any]]) -> str:
    """The file's text with events added in start-date order, everything else untouched."""
    document, items = _load_items(text)
    if not items:
        # An empty or missing list: no neighbour's style to keep, so the list is written whole.
        document["events"] = CommentedSeq([_commented(event) for event in new_events])
        buffer = io.StringIO()
        round_trip_yaml().dump(document, buffer)
        return buffer.getvalue()
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    inserts: dict[int, list[Mapping[str, Any]]] = {}
    for event in new_events:
        day = _as_date(event.get(schema.START_DATE))
        index = len(items)
        if day is not None:
            for position, item in enumerate(items):
                start = _start_of(item)
                if start is not None and start > day:
                    index = position
                    break
        inserts.setdefault(index, []).append(event)
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


def _with_updated(text: str, event_id: str, event: Mapping[str, Any]) -> str:
    """The file's text with one event's fields replaced, its comments and key order kept."""
    document, items = _load_items(text)
    target = None
    for item in items or ():
        if isinstance(item, CommentedMap) and str(item.get(schema.ID)) == event_id:
            target = item
            break
    if target is None:
        raise WriteRefused(f"No event with id '{event_id}' in the file; reload the page.")
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
    buffer = io.StringIO()
    round_trip_yaml().dump(document, buffer)
    return buffer.getvalue()


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
        The fields, or None when no event has this id (or the file cannot be read).
    """
    try:
        _, items = _load_items(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, WriteRefused, YAMLError):
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

    An advisory ``fcntl.flock`` on ``<file>.lock``: the kernel releases it when the holder
    exits or crashes, so a stale lock never blocks editing.

    Args:
        path: The events file.
        timeout: Seconds to wait for another editor's save to finish.

    Raises:
        LockBusyError: Another editor held the lock for longer than ``timeout``.
    """
    lock_path = path.with_name(path.name + ".lock")
    handle = open(lock_path, "a+b")  # noqa: SIM115 - closed in finally
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    raise LockBusyError(
                        "Another editor is saving the events file right now; nothing was "
                        "written. Try again in a moment."
                    ) from error
                time.sleep(0.05)
        yield
    finally:
        handle.close()  # closing releases the lock


def _error_key(problem: Problem) -> tuple[str | None, str | None, str]:
    # Line numbers move when events are added; they are not part of what the error is.
    return problem.event_id, problem.field, re.sub(r"\bline \d+", "line N", problem.message)


def _validate(candidate: Path, before: Path) -> tuple[Problem, ...]:
    """Load the candidate; refuse errors the current file does not already have.

    Returns:
        The candidate's warnings.
    """
    from analytics.loader import load_dataset

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
        named = Problem(
            before.name, None, None, None, "", schema.ERROR
        )  # the file name users know, not the temporary one
        shown = [
            Problem(named.file, p.line, p.event_id, p.field, p.message, p.severity) for p in fresh
        ]
        raise WriteRefused("The change was not saved: the dataset rules refuse it.", shown)
    return new.warnings


def _backup(path: Path, raw: bytes, keep: int) -> Path:
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = path.stem
    target = folder / f"{stem}-{stamp}.yaml"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}-{stamp}-{counter}.yaml"
    target.write_bytes(raw)
    # The timestamp sorts by age; the oldest beyond `keep` are removed.
    old = sorted(folder.glob(f"{stem}-*.yaml"), key=lambda p: p.stat().st_mtime_ns)
    for stale in old[: max(0, len(old) - keep)]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return target


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
    indicators file).

    Args:
        path: The file.
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
    path = Path(path)
    with editor_lock(path):
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise WriteRefused(f"Cannot read the {noun}: {error.strerror or error}") from error
        if expected_hash is not None and hashlib.sha256(raw).hexdigest() != expected_hash:
            raise StaleFileError(
                f"The {noun} changed since you opened it (someone else saved); nothing "
                "was written. Press Reload data, check the file, then save again: your "
                "entries are still on this page."
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise WriteRefused(f"The {noun} is not UTF-8 text; fix it first.") from error
        new_text = change(text)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
            "wb", dir=path.parent, prefix=f".{path.stem}-", suffix=".yaml.tmp", delete=False
        )
        temporary = Path(handle.name)
        try:
            with handle:
                handle.write(new_text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(OSError):
                shutil.copymode(path, temporary)
            warnings = check(temporary, path)
            backup = _backup(path, raw, keep_backups) if keep_backups > 0 else None
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        _fsync_dir(path.parent)
        return Replaced(
            backup=backup,
            content_hash=hashlib.sha256(new_text.encode("utf-8")).hexdigest(),
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
        path=Path(path),
        backup=done.backup,
        content_hash=done.content_hash,
        event_ids=event_ids,
        warnings=tuple(w for w in done.warnings if w.event_id in event_ids),
    )


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


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analytics.writer hash-password``."""
    parser = argparse.ArgumentParser(description="Tools for editing the events file.")
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("hash-password", help="print a salted hash of an editor password")
    making.add_argument(
        "--stdin", action="store_true", help="read the password from standard input"
    )
    args = parser.parse_args(argv)
    if args.command == "hash-password":
        if args.stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Editor password: ")
            if getpass.getpass("Again: ") != password:
                print("The two passwords differ.", file=sys.stderr)  # noqa: T201
                return 1
        if len(password) < 8:
            print("Use at least 8 characters.", file=sys.stderr)  # noqa: T201
            return 1
        print(hash_password(password))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
