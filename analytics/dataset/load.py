"""Load and validate the events file into pandas frames, reporting every problem by line."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from analytics import schema
from analytics.files import FileTooLarge, read_regular_file
from analytics.geo import PlaceRegister, country_code, load_register
from analytics.reference import BUNDLED_DATA_DIR, Reference, load_reference
from analytics.schema import DatasetError, Problem

EVENTS_FILE_VARIABLE = "EVENTS_FILE"
DEFAULT_EVENTS_FILE = BUNDLED_DATA_DIR / "events.yaml"
# 10,000 events take about 11 MB; the limit leaves room for 100,000 and refuses worse.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_LIST_ITEMS = 500
# An event needs 4 levels (events > list > event > partners); libyaml's composer recurses in C
# and crashes the process on very deep nesting, so deeper files are refused before composing.
MAX_NESTING = 32
# Aliases (*name) may repeat a value, but a file may not expand to more than this many values
# beyond ten times its own size (the "billion laughs" attack expands 80 aliases to 10^9 values).
MAX_EXPANSION = 100_000
# Longest text a field may hold, in characters; the bundled data uses at most a tenth of this.
# A longer value is an error (the event is left out), never silently shortened.
DEFAULT_MAX_CHARS = 300
MAX_CHARS = {
    schema.ID: 120,
    schema.SUMMARY: 5_000,
    schema.NOTES: 10_000,
    schema.SOURCE: 2_000,
    schema.SOURCE_URL: 2_000,
    schema.CAVEATS: 2_000,
}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL_PATTERN = re.compile(r"^https?://\S+$")

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# PyYAML's implicit resolvers of the safe loader, by first character, wildcards appended.
_IMPLICIT = {
    first: [*resolvers, *yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_NO_RESOLVERS: list[tuple[str, re.Pattern[str]]] = list(
    yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])
)


class _ComposeLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, resolving tags as PyYAML's safe resolver does, with less overhead.

    Composing calls the resolver for every node; PyYAML's generic resolver also tracks the
    node's path for path resolvers, which the safe loader has none of.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _NO_RESOLVERS):
                    if regexp.match(value):
                        return str(tag)
            return str(self.DEFAULT_SCALAR_TAG)
        if kind is SequenceNode:
            return str(self.DEFAULT_SEQUENCE_TAG)
        return str(self.DEFAULT_MAPPING_TAG)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


# Row key (not a column) keeping the partner names as the file writes them.
_WRITTEN_PARTNERS = "_partners_as_written"
# The values of a row (a valid event), in this order.
_ROW_KEYS = (*schema.EVENT_COLUMNS, _WRITTEN_PARTNERS)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CORE = "tag:yaml.org,2002:"
# The only YAML tags a hand-written events file needs; others (!!python/..., !!binary, custom
# !tags) are refused with a message instead of being constructed.
_PLAIN_TAGS = frozenset(
    _CORE + name for name in ("null", "bool", "int", "float", "str", "timestamp", "seq", "map")
)
_EVENTS_LINE = re.compile(r"^events[ \t]*:[ \t]*(#.*)?$")
_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*['\"]?([^'\"#\s]+)")
_FIELD_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*:")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_STR_TAG = _CORE + "str"
_TIMESTAMP_TAG = _CORE + "timestamp"
_FIELD_NAMES = frozenset(schema.ALL_FIELDS)
# An anchor (&name) or alias (*name) token: after a line start, a space or a flow indicator.
# Text such as "R&D" never matches; "a *starred* word" does, which only costs speed.
_ANCHOR_OR_ALIAS = re.compile(r"[&*](?=[^\s\[\]{},])")
# A line whose indentation (with '- ', '? ' and ': ' prefixes) reaches this column may hold
# deep nesting: every nested block list or mapping starts further right than its parent (a
# list under a mapping key may start at the key's column), so columns up to 14 allow at most
# 2 * 15 = 30 levels, plus 1 for a one-line flow list: within MAX_NESTING.
_DEEP_LINE = re.compile(r"\n[ \t?:-]{15}")
# A one-line flow list without quotes, comments or brackets inside, e.g. "pillars: [WBCTi]".
_FLAT_LIST = re.compile(r"\[[^\[\]{}\n'\"#]*\]")
_DOCUMENT_MARK = re.compile(r"\n(?:---|\.\.\.|%)")
# (The patterns that look for a line start with "\n", which the regex engine finds fast; the
# text is searched with "\n" put before it.)
_EVENTS_HEAD = re.compile(r"\nevents[ \t]*:[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
# The first line of the events list that is neither blank nor a comment: its first item.
_FIRST_CONTENT = re.compile(r"^(?![ \t]*(?:#|$))", re.MULTILINE)
_ITEM_LINE = re.compile(r"( *)-(?: |$)", re.MULTILINE)
# Events read between two calls of the progress callback, and composed at a time.
BATCH_EVENTS = 1_000
# Valid events turned into frames at a time (their Python rows are let go then).
FRAME_BATCH_EVENTS = 1_000

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


@dataclass
class _EventCheck:
    """Validation state of one event while it is read."""

    file: str
    line: int
    event_id: str
    values: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def report(
        self, field_name: str | None, message: str, severity: schema.Severity = schema.ERROR
    ) -> None:
        line = self.field_lines.get(field_name or "", self.line)
        self.problems.append(Problem(self.file, line, self.event_id, field_name, message, severity))

    @property
    def valid(self) -> bool:
        return not any(p.severity == schema.ERROR for p in self.problems)


def _line(node: Node, offset: int = 0) -> int:
    return int(node.start_mark.line) + 1 + offset


def _describe(value: Any) -> str:
    """Name a value's YAML type in an editor's words, without printing large values."""
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.datetime):
        return "a date with a time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bytes):
        return "binary data"
    return "an empty value" if value is None else "a value of an unusual kind"


def _quote_hint(field_name: str, node: ScalarNode) -> str:
    raw = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f'put it in quotes: {field_name}: "{raw}"'


@dataclass(frozen=True)
class _BrokenItem:
    """An item of the events list that could not be read as YAML on its own."""

    line: int
    end_line: int
    event_id: str | None
    field: str | None
    message: str


class _StructureLimit(yaml.MarkedYAMLError):
    """The YAML nests too deeply or its aliases expand too far to be read safely."""


def _tag_name(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _check_structure(text: str) -> None:
    """Walk the YAML events (iteratively, in C) to refuse deep nesting and alias bombs.

    Raises:
        _StructureLimit: Nesting deeper than MAX_NESTING or aliases expanding too far.
        yaml.YAMLError: The text is not valid YAML.
    """
    loader = _SafeLoader(text)
    try:
        # One frame per open collection: [anchor, values inside it, aliases expanded].
        stack: list[list[Any]] = []
        sizes: dict[str, int] = {}
        written = expanded = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, CollectionStartEvent):
                written += 1
                expanded += 1
                stack.append([event.anchor, 1])
                if len(stack) > MAX_NESTING:
                    raise _StructureLimit(
                        problem=f"lists and mappings are nested more than {MAX_NESTING} levels "
                        "deep (an event needs 4); check the brackets and the indentation",
                        problem_mark=event.start_mark,
                    )
            elif isinstance(event, CollectionEndEvent):
                anchor, size = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
                if stack:
                    stack[-1][1] += size
            elif isinstance(event, ScalarEvent):
                written += 1
                expanded += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1][1] += 1
            elif isinstance(event, AliasEvent):
                size = sizes.get(event.anchor, 1)
                expanded += size
                if stack:
                    stack[-1][1] += size
                if expanded > 10 * written + MAX_EXPANSION:
                    raise _StructureLimit(
                        problem="aliases (*name) repeat values so often that the file would "
                        f"expand to more than {expanded:,} values; write the values out instead "
                        "of using aliases",
                        problem_mark=event.start_mark,
                    )
    finally:
        loader.dispose()


def _cannot_nest_or_alias(text: str) -> bool:
    """True when the text can hold neither aliases nor nesting beyond MAX_NESTING.

    Such text needs no structure walk before composing (the walk costs a second parse). It
    is a conservative test: text it rejects is walked as before.
    """
    lined = "\n" + text
    if _DEEP_LINE.search(lined) or _DOCUMENT_MARK.search(lined):
        return False
    for match in _ANCHOR_OR_ALIAS.finditer(lined):
        before = lined[match.start() - 1]
        if before.isspace() or before in "[]{},":
            return False
    if "[" in text or "{" in text:
        # Only one-line flat lists, which add one level and cannot nest into each other.
        flat = _FLAT_LIST.sub("", text)
        return "[" not in flat and "{" not in flat
    return True


def _compose(text: str) -> Node | None:
    """Compose YAML text into nodes, after checking it is safe to compose."""
    if not _cannot_nest_or_alias(text):
        _check_structure(text)
    loader = _ComposeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# YAML's own messages, in words an editor understands.
_PLAIN_WORDS = (
    ("tab character", "a tab is used for indentation; indent with spaces, never tabs"),
    ("'\\t' that cannot start", "a tab is used for indentation; indent with spaces, never tabs"),
    ("end of stream", "a quote or bracket is opened and never closed"),
    (
        "mapping values are not allowed",
        "a line holds ': ' where YAML does not expect it: the line is indented more than the "
        "field above it, or its value holds ': ' and must be put in quotes",
    ),
    (
        "did not find expected ',' or",
        "a bracket [ or brace { is not closed, or a comma is missing between values",
    ),
    ("undefined alias", "'*name' refers to an '&name' anchor that is not defined before it"),
    (
        "could not find expected ':'",
        "a line is missing the ':' after its field name, or a quote is not closed",
    ),
    (
        "did not find expected '-' indicator",
        "a line is not indented like the lines above it (each event starts with '- ')",
    ),
    (
        "did not find expected key",
        "a line is not indented like the other fields of its event, or a quote is not closed",
    ),
    ("expected <block end>", "a line is not indented like the lines above it"),
    ("control characters are not allowed", "the file holds an invisible control character"),
    ("special characters are not allowed", "the file holds an invisible control character"),
    ("found duplicate anchor", "the same '&name' anchor is defined twice"),
    ("found character '@'", "a value starts with '@'; put it in quotes"),
    ("found character '`'", "a value starts with '`'; put it in quotes"),
    ("found character '%'", "a value starts with '%'; put it in quotes"),
)


def _explain_yaml_error(error: yaml.YAMLError) -> str:
    """Say what is wrong in an editor's words, followed by YAML's own words."""
    if isinstance(error, _StructureLimit):
        return str(error.problem)
    if isinstance(error, yaml.MarkedYAMLError):
        original = " ".join(part for part in (error.context, error.problem) if part)
    else:
        original = str(getattr(error, "reason", "") or error).splitlines()[0]
    original = original[:200]
    for words, plain in _PLAIN_WORDS:
        if words in original:
            return f"{plain} (YAML says: {original})"
    return original or "not valid YAML"


def _error_line(error: yaml.YAMLError, text: str) -> int | None:
    """The 1-based line an editor should look at for a YAML error."""
    if isinstance(error, yaml.MarkedYAMLError):
        context = error.context or ""
        # An unclosed quote is found at the end of the file; the quote's start is what to fix.
        if (
            error.context_mark is not None
            and "quoted scalar" in context
            or error.problem_mark is None
        ):
            mark = error.context_mark or error.problem_mark
        else:
            mark = error.problem_mark
        return int(mark.line) + 1 if mark is not None else None
    position = getattr(error, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return None


def _shift_lines(root: Node, offset: int) -> None:
    """Move every node of a tree down by `offset` lines (libyaml's marks are read-only)."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for name in ("start_mark", "end_mark"):
            mark = getattr(node, name)
            if mark is not None:
                moved = yaml.error.Mark(
                    mark.name, mark.index, mark.line + offset, mark.column, None, None
                )
                setattr(node, name, moved)
        if isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                pending.extend((key_node, value_node))


def _split_items(lines: list[str]) -> list[tuple[int, list[str]]] | None:
    """Split the text of the `events:` list into its top-level items.

    Args:
        lines: The file's lines, with their line ends.

    Returns:
        (0-based first line, lines) of each item, or None when no list of items is found.
    """
    start = next((i for i, line in enumerate(lines) if _EVENTS_LINE.match(line.rstrip())), None)
    items: list[tuple[int, list[str]]] = []
    indent: int | None = None
    for index in range(0 if start is None else start + 1, len(lines)):
        line = lines[index]
        body = line.rstrip("\r\n")
        stripped = body.lstrip(" \t")
        lead = body[: len(body) - len(stripped)]
        starts_item = stripped.startswith("- ") or stripped == "-"
        if not stripped or stripped.startswith("#") or "\t" in lead:
            # Blank lines, comments and tab-indented lines belong to the item they are in.
            if items:
                items[-1][1].append(line)
            elif "\t" in lead and stripped and not stripped.startswith("#"):
                return None
            continue
        if indent is None:
            if not starts_item or (start is None and lead):
                return None
            indent = len(lead)
        if len(lead) == indent and starts_item:
            items.append((index, [line]))
        elif len(lead) <= indent:
            break
        else:
            items[-1][1].append(line)
    return items or None


class _Reader:
    """Reads one events file node by node, so every problem has its line."""

    def __init__(self, path: Path, reference: Reference, places: PlaceRegister) -> None:
        self.path = path
        self.file = path.name
        self.reference = reference
        self.places = places
        self.problems: list[Problem] = []
        # Constructs scalars only (never whole documents), from whichever text they came.
        self._loader: Any = _SafeLoader("")
        # Lines before the text the nodes were composed from (a batch of the events list).
        self.offset = 0

    # -- parsing ---------------------------------------------------------------------------
    def parse(self, text: str) -> list[Node | _BrokenItem]:
        """Compose the YAML text into nodes and return the event nodes.

        When the file as a whole is not valid YAML, its events are read one by one, so one
        broken event does not hide the others.
        """
        try:
            root = _compose(text)
        except yaml.YAMLError as error:
            return self._recover(text, error)
        if root is None:
            raise DatasetError(
                "the file is empty: expected 'events:' followed by a list of events", file=self.file
            )
        if isinstance(root, SequenceNode):
            self.problems.append(
                Problem(
                    self.file,
                    _line(root),
                    None,
                    None,
                    "the file starts with a list; expected 'events:' above it. The list was read as the events.",
                    schema.WARNING,
                )
            )
            return list(root.value)
        if not isinstance(root, MappingNode):
            raise DatasetError(
                "expected 'events:' followed by a list of events, found a single value",
                file=self.file,
                line=_line(root),
            )
        self._warn_tag(root)
        events_node: Node | None = None
        for key_node, value_node in root.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key == "events":
                if events_node is not None:
                    raise DatasetError(
                        "'events:' appears twice at the top level",
                        file=self.file,
                        line=_line(key_node),
                    )
                events_node = value_node
            elif key != "metadata":
                self.problems.append(
                    Problem(
                        self.file,
                        _line(key_node),
                        None,
                        str(key)[:60],
                        f"unknown top-level key '{str(key)[:60]}' is ignored (expected 'events:')",
                        schema.WARNING,
                    )
                )
        if events_node is None:
            raise DatasetError(
                "no 'events:' list at the top level of the file", file=self.file, line=1
            )
        if isinstance(events_node, ScalarNode) and events_node.tag.endswith(":null"):
            return []
        self._warn_tag(events_node)
        if isinstance(events_node, MappingNode):
            self.problems.append(
                Problem(
                    self.file,
                    _line(events_node),
                    None,
                    None,
                    "'events:' holds a single event, not a list: start it with '- '. It was read as one event.",
                    schema.WARNING,
                )
            )
            return [events_node]
        if not isinstance(events_node, SequenceNode):
            raise DatasetError(
                "'events:' must be followed by a list of events",
                file=self.file,
                line=_line(events_node),
            )
        return list(events_node.value)

    def _recover(self, text: str, error: yaml.YAMLError) -> list[Node | _BrokenItem]:
        """Read the items of the `events:` list one by one, after the whole file failed.

        Raises:
            DatasetError: No item of the list can be read.
        """
        line = _error_line(error, text)
        explanation = _explain_yaml_error(error)
        lines = text.split("\n")
        lines = [part + "\n" for part in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        chunks = _split_items(lines)
        if chunks is None:
            raise DatasetError(
                f"the file is not valid YAML: {explanation}", file=self.file, line=line
            ) from error
        items: list[Node | _BrokenItem] = []
        for first, chunk_lines in chunks:
            chunk = "".join(chunk_lines)
            try:
                root = _compose(chunk)
            except yaml.YAMLError as item_error:
                inner = _error_line(item_error, chunk) or 1
                bad_line = chunk_lines[min(inner, len(chunk_lines)) - 1]
                id_match = next(filter(None, (_ID_LINE.match(ln) for ln in chunk_lines)), None)
                field_match = _FIELD_LINE.match(bad_line)
                field_name = field_match.group(1) if field_match else None
                items.append(
                    _BrokenItem(
                        line=first + inner,
                        end_line=first + len(chunk_lines),
                        event_id=id_match.group(1)[:80] if id_match else None,
                        field=field_name if field_name in schema.ALL_FIELDS else None,
                        message="this event cannot be read, so it is left out: "
                        + _explain_yaml_error(item_error),
                    )
                )
                continue
            if not isinstance(root, SequenceNode):
                continue
            _shift_lines(root, first)
            items.extend(root.value)
        if not any(isinstance(item, Node) for item in items):
            broken = next((i for i in items if isinstance(i, _BrokenItem)), None)
            raise DatasetError(
                f"the file is not valid YAML: {explanation}",
                file=self.file,
                line=broken.line if broken else line,
                event_id=broken.event_id if broken else None,
                field=broken.field if broken else None,
            ) from error
        if not any(isinstance(item, _BrokenItem) for item in items):
            # The error lies outside the events list (a header or trailing key).
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    None,
                    None,
                    f"outside the events list, the file is not valid YAML: {explanation}",
                    schema.ERROR,
                )
            )
        return items

    def _warn_tag(self, node: Node) -> None:
        tag = self._foreign_tag(node)
        if tag:
            self.problems.append(
                Problem(
                    self.file,
                    _line(node),
                    None,
                    None,
                    f"the YAML tag '{tag}' is not allowed and was ignored; remove it",
                    schema.WARNING,
                )
            )

    def _foreign_tag(self, node: Node) -> str | None:
        """Name a node's YAML tag when it is not one a plain events file uses."""
        return None if node.tag in _PLAIN_TAGS else _tag_name(node.tag)

    def construct(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG:
                # What PyYAML's str constructor returns, without its bookkeeping.
                return node.value
            if node.tag == _TIMESTAMP_TAG and len(node.value) == 10:
                # YYYY-MM-DD (the only 10-character timestamp): PyYAML returns the same date.
                # An impossible date is left to PyYAML, whose message the editor sees.
                try:
                    return dt.date.fromisoformat(node.value)
                except ValueError:
                    pass
        return self._loader.construct_object(node, deep=True)

    # -- one event -------------------------------------------------------------------------
    def read_event(self, position: int, node: Node | _BrokenItem) -> _EventCheck:
        if isinstance(node, _BrokenItem):
            check = _EventCheck(self.file, node.line, node.event_id or f"#{position}")
            check.report(node.field, node.message)
            return check
        offset = self.offset
        check = _EventCheck(self.file, _line(node, offset), f"#{position}")
        if not isinstance(node, MappingNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a single value"
            check.report(
                None,
                f"event #{position} is not a mapping of fields (each field on its own line as "
                f"'name: value'), found {kind}",
            )
            return check
        tag = self._foreign_tag(node)
        if tag:
            check.report(
                None, f"the event has the YAML tag '{tag}', which is not allowed; remove it"
            )
        # The id first, so that every problem of the event names it.
        for key_node, value_node in node.value:
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == schema.ID
                and isinstance(value_node, ScalarNode)
                and value_node.value.strip()
            ):
                check.event_id = value_node.value.strip()[:80]
                break
        nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                check.report(None, "a field name must be plain text")
                continue
            if key in nodes:
                check.field_lines[key] = _line(key_node, offset)
                check.report(
                    key,
                    f"field '{key}' appears twice (first on line {_line(nodes[key], offset)}); "
                    "keep one",
                )
                continue
            nodes[key] = value_node
            check.field_lines[key] = _line(key_node, offset)
        for key in nodes:
            if key not in _FIELD_NAMES:
                shown = key if len(key) <= 40 else key[:37] + "..."
                if key != shown:
                    check.field_lines[shown] = check.field_lines[key]
                hint = " ('<<' merge keys are not supported: write the fields out)" * (key == "<<")
                check.report(
                    shown,
                    f"unknown field '{shown}'{hint}; the fields are: {', '.join(schema.ALL_FIELDS)}",
                )
        for name in schema.REQUIRED_FIELDS:
            if name not in nodes or (
                isinstance(nodes[name], ScalarNode) and nodes[name].tag.endswith(":null")
            ):
                check.report(name, f"required field '{name}' is missing")
        for name, value_node in nodes.items():
            if name in _FIELD_NAMES:
                self._read_field(check, name, value_node)
        if check.valid:
            self._check_event(check)
        return check

    def _scalar(self, check: _EventCheck, name: str, node: Node) -> Any:
        if (
            node.tag == _STR_TAG
            and node.__class__ is ScalarNode
            and len(node.value) <= MAX_CHARS.get(name, DEFAULT_MAX_CHARS)
        ):
            # Most values: plain text within its limit, read as `construct` would.
            return node.value
        tag = self._foreign_tag(node)
        if not isinstance(node, ScalarNode) and not tag:
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            check.report(name, f"{name} must be a single value, found {kind}")
            return None
        if tag == "!!binary":
            check.report(name, f"{name} holds binary data (!!binary); write it as plain text")
            return None
        if tag:
            check.report(
                name,
                f"{name} cannot be read: it has the YAML tag '{tag}', which is not allowed (such "
                "tags can make a program run code); remove the tag and write plain text",
            )
            return None
        assert isinstance(node, ScalarNode)
        limit = MAX_CHARS.get(name, DEFAULT_MAX_CHARS)
        if len(node.value) > limit:
            check.report(
                name,
                f"{name} is {len(node.value):,} characters long; at most {limit:,} are allowed. "
                "Shorten it (longer explanations belong in summary or notes)",
            )
            return None
        try:
            return self.construct(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            if name in schema.DATE_FIELDS:
                check.report(name, f"{name} '{node.value[:40]}' is not a real date ({error})")
            else:
                reason = getattr(error, "problem", None) or str(error)
                check.report(name, f"{name} cannot be read: {str(reason)[:200]}")
            return None

    def _read_field(self, check: _EventCheck, name: str, node: Node) -> None:
        if name in schema.LIST_FIELDS:
            check.values[name] = self._read_list(check, name, node)
            return
        value = self._scalar(check, name, node)
        if value is None:
            return
        if name in schema.DATE_FIELDS:
            check.values[name] = self._read_date(check, name, node, value)
        elif isinstance(value, str):
            text = value.strip()
            if text:
                check.values[name] = text
        else:
            assert isinstance(node, ScalarNode)
            check.report(
                name,
                f"{name} must be text, but YAML read {_describe(value)}; {_quote_hint(name, node)}",
            )

    def _read_date(self, check: _EventCheck, name: str, node: Node, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            check.report(
                name, f"{name} '{node.value}' has a time of day; write only the date as YYYY-MM-DD"
            )
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError as error:
                check.report(name, f"{name} '{value.strip()}' is not a real date ({error})")
                return None
        shown = str(value)[:40]
        check.report(
            name, f"{name} '{shown}' is not a date; write it as YYYY-MM-DD, e.g. 2023-04-25"
        )
        return None

    def _read_list(self, check: _EventCheck, name: str, node: Node) -> tuple[str, ...]:
        tag = self._foreign_tag(node)
        if tag:
            check.report(
                name,
                f"{name} cannot be read: it has the YAML tag '{tag}', which is not allowed; "
                "remove the tag",
            )
            return ()
        if isinstance(node, ScalarNode):
            if node.tag.endswith(":null") or node.value.strip() == "":
                return ()
            example = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            check.report(name, f"{name} must be a list, e.g. {name}: [{example}]")
            return ()
        if not isinstance(node, SequenceNode):
            check.report(name, f"{name} must be a list of names, found a mapping")
            return ()
        if len(node.value) > MAX_LIST_ITEMS:
            check.report(
                name, f"{name} has {len(node.value)} entries; at most {MAX_LIST_ITEMS} are allowed"
            )
            return ()
        items: list[str] = []
        for item_node in node.value:
            value = self._scalar(check, name, item_node)
            if value is None:
                continue
            if not isinstance(value, str):
                assert isinstance(item_node, ScalarNode)
                check.report(
                    name,
                    f"an entry of {name} is {_describe(value)}, not text; {_quote_hint(name, item_node)}",
                )
                continue
            text = value.strip()
            if text and text not in items:
                items.append(text)
            elif text:
                check.report(name, f"'{text[:60]}' is listed twice in {name}", schema.WARNING)
        return tuple(items)

    def _check_event(self, check: _EventCheck) -> None:
        values = check.values
        event_id = values.get(schema.ID, "")
        if event_id and not ID_PATTERN.match(event_id):
            check.report(
                schema.ID,
                f"id '{event_id[:80]}' may hold only lowercase letters, digits and hyphens",
            )
        start, end = values.get(schema.START_DATE), values.get(schema.END_DATE)
        if start and end and end < start:
            check.report(schema.END_DATE, f"end_date {end} is before start_date {start}")
        for name, allowed in (
            (schema.EVENT_TYPE, self.reference.event_types),
            (schema.IISG_ROLE, schema.IISG_ROLES),
            (schema.FORMAT, schema.FORMATS),
        ):
            value = values.get(name)
            if value is not None and value not in allowed:
                check.report(name, f"{name} '{value[:60]}' is not one of: {', '.join(allowed)}")
        codes = self.reference.pillar_codes
        for code in values.get(schema.PILLARS, ()):
            if code not in codes:
                near = [known for known in codes if known.casefold() == code.casefold()]
                hint = f" (did you mean {near[0]}?)" if near else ""
                check.report(
                    schema.PILLARS,
                    f"unknown pillar '{code[:40]}'{hint}; the pillars are {', '.join(codes)}",
                )
        url = values.get(schema.SOURCE_URL)
        if url and not URL_PATTERN.match(url):
            check.report(
                schema.SOURCE_URL, "source_url must start with http:// or https://", schema.WARNING
            )
        for name in (schema.PARTNERS, schema.ORGANISERS):
            for written in values.get(name, ()):
                if self.reference.registry.resolve(written) is None:
                    check.report(
                        name,
                        f"'{written[:80]}' is not in the partners registry (data/partners.yaml); kept as written",
                        schema.WARNING,
                    )
        city, country = values.get(schema.CITY), values.get(schema.COUNTRY)
        if country and country_code(country) is None:
            check.report(
                schema.COUNTRY,
                f"country '{country[:60]}' is not a country the gazetteer knows",
                schema.WARNING,
            )
        if city and self.places.find(city, country) is None:
            check.report(
                schema.CITY,
                f"city '{city[:60]}'{' in ' + country[:60] if country else ''} is not in the gazetteer; "
                "the event is kept but cannot be shown on the map",
                schema.WARNING,
            )


def _pillar_group(pillars: tuple[str, ...]) -> str:
    if not pillars:
        return schema.NO_PILLAR
    return pillars[0] if len(pillars) == 1 else schema.CROSS_CUTTING


def _decode(raw: bytes, name: str) -> tuple[str, dict[int, str], bool]:
    """Decode the file's bytes, locating the lines whose bytes are not UTF-8."""
    if raw.startswith(_UTF16_BOMS):
        try:
            return raw.decode("utf-16").removeprefix("\ufeff"), {}, True
        except UnicodeDecodeError as error:
            raise DatasetError(
                "the file starts like UTF-16 text but is not; save it as UTF-8", file=name
            ) from error
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), {}, False
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
    return "\n".join(parts).removeprefix("\ufeff"), bad, False


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


def _build_frames(
    rows: list[tuple[Any, ...]], reference: Reference
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Build the frames, emptying `rows` on the way.

    The rows are turned into columns and dropped first, and each text column's Python strings
    are freed once pandas has copied them: 100,000 events would otherwise hold both copies.
    """
    columns = {name: [row[index] for row in rows] for index, name in enumerate(_ROW_KEYS)}
    rows.clear()
    written_partners = columns.pop(_WRITTEN_PARTNERS)
    ids = columns[schema.ID]
    pillars = columns[schema.PILLARS]
    text_columns = schema.TEXT_FIELDS + (
        schema.FORMAT,
        schema.EVENT_TYPE,
        schema.IISG_ROLE,
        schema.PILLAR_GROUP,
    )
    data: dict[str, pd.Series] = {}
    for name in schema.EVENT_COLUMNS:
        values = pd.Series(columns.pop(name), dtype=object)
        if name in schema.DATE_FIELDS:
            data[name] = pd.to_datetime(values).astype("datetime64[ns]")
        elif name in (schema.LINE, schema.DURATION_DAYS, schema.YEAR):
            data[name] = values.astype("int64")
        elif name in (schema.LATITUDE, schema.LONGITUDE):
            data[name] = values.astype("float64")
        elif name in text_columns:
            data[name] = values.astype("string")
        else:
            data[name] = values
        del values
    events = pd.DataFrame(data)
    del data
    # The long table as columns: one dict per (event, partner) would cost 600,000 dicts.
    partner_columns: dict[str, list[str | None]] = {
        name: []
        for name in (
            schema.EVENT_ID,
            schema.PARTNER,
            schema.PARTNER_KIND,
            schema.PARTNER_COUNTRY,
            schema.AS_WRITTEN,
        )
    }
    add_id, add_partner, add_kind, add_country, add_written = (
        column.append for column in partner_columns.values()
    )
    registry = reference.registry
    for event_id, partners in zip(ids, written_partners, strict=True):
        listed: set[str] = set()
        for written in partners:
            entry = registry.resolve(written)
            name = entry.name if entry else written
            if name in listed:
                continue
            listed.add(name)
            add_id(event_id)
            add_partner(name)
            add_kind(entry.kind_label if entry else schema.UNKNOWN_KIND)
            add_country(entry.country if entry else None)
            add_written(written)
    event_partners = pd.DataFrame(
        {name: pd.Series(values, dtype=object) for name, values in partner_columns.items()}
    ).astype("string")
    pillar_rows = [
        {schema.EVENT_ID: event_id, schema.PILLAR: code}
        for event_id, codes in zip(ids, pillars, strict=True)
        for code in codes
    ]
    event_pillars = pd.DataFrame(pillar_rows, columns=[schema.EVENT_ID, schema.PILLAR]).astype(
        "string"
    )
    return events, event_partners, event_pillars


def _row(check: _EventCheck, reference: Reference, places: PlaceRegister) -> tuple[Any, ...]:
    values = check.values
    start: dt.date = values[schema.START_DATE]
    end: dt.date = values.get(schema.END_DATE) or start
    registry = reference.registry
    partners = []
    for written in values.get(schema.PARTNERS, ()):
        entry = registry.resolve(written)
        name = entry.name if entry else written
        if name not in partners:
            partners.append(name)
    organisers = []
    for written in values.get(schema.ORGANISERS, ()):
        entry = registry.resolve(written)
        organisers.append(entry.name if entry else written)
    city, country = values.get(schema.CITY), values.get(schema.COUNTRY)
    place = places.find(city, country) if city else None
    pillars = values.get(schema.PILLARS, ())
    row: dict[str, Any] = {name: values.get(name) for name in schema.ALL_FIELDS}
    row.update(
        {
            schema.END_DATE: end,
            schema.PILLARS: tuple(code for code in reference.pillar_codes if code in pillars),
            schema.PARTNERS: tuple(partners),
            schema.ORGANISERS: tuple(organisers),
            schema.CAVEATS: values.get(schema.CAVEATS, ()),
            schema.LINE: check.line,
            schema.DURATION_DAYS: (end - start).days + 1,
            schema.PILLAR_GROUP: _pillar_group(pillars),
            schema.LATITUDE: place.latitude if place else float("nan"),
            schema.LONGITUDE: place.longitude if place else float("nan"),
            schema.YEAR: start.year,
            _WRITTEN_PARTNERS: values.get(schema.PARTNERS, ()),
        }
    )
    # A tuple takes a fifth of a dict's memory: 100,000 rows are kept until the frames exist.
    return tuple(row[name] for name in _ROW_KEYS)


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


@dataclass
class _Collected:
    """What reading the events found so far: valid rows, problems, ids and unclaimed lines."""

    unclaimed: dict[int, str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen_ids: dict[str, int] = field(default_factory=dict)
    count: int = 0
    # Frames of the rows read so far, built a batch at a time: 100,000 rows of Python strings
    # take about 300 MB (and, freed, leave the heap that large), their frames a third of it.
    parts: tuple[list[pd.DataFrame], list[pd.DataFrame], list[pd.DataFrame]] = field(
        default_factory=lambda: ([], [], [])
    )

    def flush(self, reference: Reference) -> None:
        """Turn the rows kept so far into frames (and let the rows go)."""
        if self.rows:
            for part, frame in zip(self.parts, _build_frames(self.rows, reference), strict=True):
                part.append(frame)

    def frames(self, reference: Reference) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The events, event x partner and event x pillar frames of every valid event."""
        self.flush(reference)
        if not self.parts[0]:
            return _build_frames([], reference)
        # One table at a time, its batch frames let go once joined.
        events = _joined(self.parts[0])
        event_partners = _joined(self.parts[1])
        event_pillars = _joined(self.parts[2])
        return events, event_partners, event_pillars

    def add(
        self,
        reader: _Reader,
        node: Node | _BrokenItem,
        reference: Reference,
        places: PlaceRegister,
    ) -> None:
        """Read the next event of the file (nodes composed with `reader.offset`)."""
        self.count += 1
        span = _span(node, reader.offset)
        check = reader.read_event(self.count, node)
        unclaimed = self.unclaimed
        if unclaimed:
            for number in [n for n in unclaimed if span[0] <= n <= span[1]]:
                check.report(
                    _field_at(check, number),
                    f"line {number} holds bytes that are not UTF-8 text "
                    f"({unclaimed.pop(number)}); save the file as UTF-8. The event is left out "
                    "until then",
                )
        event_id = check.values.get(schema.ID)
        if check.valid and event_id in self.seen_ids:
            check.report(
                schema.ID,
                f"id '{event_id}' is already used by the event on line {self.seen_ids[event_id]}",
            )
        self.problems.extend(check.problems)
        if check.valid:
            self.seen_ids[event_id] = check.line
            self.rows.append(_row(check, reference, places))
            if len(self.rows) >= FRAME_BATCH_EVENTS:
                self.flush(reference)


class _NotBatchable(Exception):
    """The file is not a plain events list that can be read in batches; read it whole."""


def _pattern(pattern: re.Pattern[str], data: str | bytes) -> re.Pattern[Any]:
    """The pattern for str data, or the same pattern for bytes (every one here is ASCII)."""
    if isinstance(data, str):
        return pattern
    return re.compile(pattern.pattern.encode("ascii"), pattern.flags & ~re.UNICODE)


def _like(data: str | bytes, text: str) -> Any:
    """`text` as str for str data, as bytes for bytes (ASCII only)."""
    return text if isinstance(data, str) else text.encode("ascii")


def _item_starts(text: str | bytes) -> tuple[int, int, list[int]] | None:
    """Locate the items of a file that is a header followed by nothing but the events list.

    Works alike on the decoded text and on UTF-8 bytes (offsets are then byte offsets).

    Returns:
        (offset where the list's text starts, its first line as 0-based, offsets of the items
        in the text), or None when the file has another shape (read it whole then).
    """
    newline = _like(text, "\n")
    if _like(text, "\r") in text:
        return None
    head = _pattern(_EVENTS_HEAD, text)
    ends = [match.end() for match in head.finditer(text)]
    at_start = head.match(newline + text[:200])
    if at_start:
        ends.insert(0, at_start.end() - 1)
    if len(ends) != 1 or ends[0] >= len(text) or text[ends[0] : ends[0] + 1] != newline:
        return None
    begin = ends[0] + 1  # Just after the line end of `events:`.
    content = _pattern(_FIRST_CONTENT, text).search(text, begin)
    first = _pattern(_ITEM_LINE, text).match(text, content.start()) if content else None
    if first is None:
        return None
    indent = len(first.group(1))
    # Every later line is blank, a comment or indented at least like the items: the list runs
    # to the end of the file, so batches of items compose exactly as the whole list does.
    outside = _pattern(re.compile(rf"\n(?! {{{indent}}}|[ \t]*(?:#|\n|\Z))"), text)
    if indent == 0 or outside.search(text, begin - 1):
        return None
    pattern = _pattern(re.compile(rf"\n {{{indent}}}-(?= |\n|\Z)"), text)
    starts = [match.start() + 1 for match in pattern.finditer(text, begin - 1)]
    if not starts or starts[0] != first.start():
        return None
    return begin, text.count(newline, 0, begin), starts


def _text_of(data: str | bytes) -> str:
    """Decode a piece of a UTF-8 file read as bytes (text is returned as it is).

    Raises:
        _NotBatchable: The bytes are not UTF-8: the file is read whole, which names the lines.
    """
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _NotBatchable from error


def _read_batched(
    reader: _Reader,
    text: str | bytes,
    collected: _Collected,
    reference: Reference,
    places: PlaceRegister,
    progress: ProgressCallback | None,
) -> None:
    """Read the events list a batch of items at a time, so its nodes never all exist at once.

    The whole file's node tree takes about 13 KB per event (1.3 GB for 100,000 events). Given
    the file's UTF-8 bytes, each batch is decoded on its own: the whole decoded text of
    100,000 events would take up to 470 MB (Python stores it 2 or 4 bytes a character as soon
    as one character needs it).

    Raises:
        _NotBatchable: The file must be read whole (another shape, aliases, deep nesting, a
            YAML error: the whole-file reading explains it as before).
    """
    located = _item_starts(text)
    if located is None:
        raise _NotBatchable
    begin, first_line, starts = located
    try:
        header = _compose(_text_of(text[:begin]))
    except yaml.YAMLError as error:
        raise _NotBatchable from error
    if not (
        isinstance(header, MappingNode)
        and header.tag == _CORE + "map"
        and [v.tag for k, v in header.value if isinstance(k, ScalarNode) and k.value == "events"]
        == [_CORE + "null"]
    ):
        raise _NotBatchable
    try:
        # Warnings about the header's keys, exactly as for the whole file.
        if reader.parse(_text_of(text[:begin])):
            raise _NotBatchable
    except DatasetError as error:
        raise _NotBatchable from error
    total = len(starts)
    if progress is not None:
        progress(0, total)
    line = first_line
    position = begin
    for index in range(0, total, BATCH_EVENTS):
        start = starts[index]
        end = starts[index + BATCH_EVENTS] if index + BATCH_EVENTS < total else len(text)
        line += text.count(_like(text, "\n"), position, start)
        position = start
        chunk = _text_of(text[start:end])
        if not _cannot_nest_or_alias(chunk):
            raise _NotBatchable
        loader = _ComposeLoader(chunk)
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as error:
            raise _NotBatchable from error
        finally:
            loader.dispose()
        if not isinstance(root, SequenceNode) or len(root.value) != min(
            BATCH_EVENTS, total - index
        ):
            raise _NotBatchable
        reader.offset = line
        for node in root.value:
            collected.add(reader, node, reference, places)
        del root
        if progress is not None:
            progress(collected.count, total)
    reader.offset = 0


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
            BATCH_EVENTS events and at the end, e.g. to move a progress bar.

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
    reader = _Reader(events_path, reference, places)
    # A UTF-8 file of the usual shape is read in batches straight from its bytes; any other
    # (UTF-16, bytes that are not UTF-8, another layout) is decoded whole and read as before.
    collected = _Collected({})
    if not raw.startswith(_UTF16_BOMS):
        try:
            _read_batched(
                reader, raw.removeprefix(_UTF8_BOM), collected, reference, places, progress
            )
            bad_lines: dict[int, str] = {}
            del raw
            return _dataset(events_path, reader, collected, reference, digest, bad_lines)
        except _NotBatchable:
            reader.problems = []
            reader.offset = 0
    text, bad_lines, utf16 = _decode(raw, reader.file)
    # Only the text is needed from here: the bytes (118 MB for 100,000 events) are let go.
    del raw
    if utf16:
        reader.problems.append(
            Problem(
                reader.file,
                None,
                None,
                None,
                "the file is saved as UTF-16 ('Unicode'); it was read, but save it as UTF-8",
                schema.WARNING,
            )
        )
    before = list(reader.problems)
    collected = _Collected(dict(bad_lines))
    try:
        _read_batched(reader, text, collected, reference, places, progress)
    except _NotBatchable:
        reader.problems = before
        reader.offset = 0
        collected = _Collected(dict(bad_lines))
        nodes = reader.parse(text)
        if progress is not None:
            progress(0, len(nodes))
        for position, node in enumerate(nodes, start=1):
            collected.add(reader, node, reference, places)
            if progress is not None and (position % BATCH_EVENTS == 0 or position == len(nodes)):
                progress(position, len(nodes))
        del nodes
    del text
    return _dataset(events_path, reader, collected, reference, digest, bad_lines)


def _dataset(
    events_path: Path,
    reader: _Reader,
    collected: _Collected,
    reference: Reference,
    digest: str,
    bad_lines: dict[int, str],
) -> Dataset:
    """The dataset of what the reader collected, with every problem found."""
    reader.problems.extend(collected.problems)
    for number, what in collected.unclaimed.items():
        reader.problems.append(
            Problem(
                reader.file,
                number,
                None,
                None,
                f"line {number} holds bytes that are not UTF-8 text ({what}); save the file as UTF-8",
                schema.ERROR,
            )
        )
    if bad_lines and not collected.seen_ids:  # (every valid event's id is there)
        # Nothing usable: say what is wrong with the file rather than list every event.
        first = min(bad_lines)
        raise DatasetError(
            f"the file is not UTF-8 text ({bad_lines[first]}); save it as UTF-8",
            file=reader.file,
            line=first,
        )
    events, event_partners, event_pillars = collected.frames(reference)
    return Dataset(
        path=events_path,
        events=events,
        problems=tuple(reader.problems),
        event_partners=event_partners,
        event_pillars=event_pillars,
        reference=reference,
        content_hash=digest,
        total_events_in_file=collected.count,
    )


def _span(node: Node | _BrokenItem, offset: int = 0) -> tuple[int, int]:
    """First and last 1-based line of an event in the file."""
    if isinstance(node, _BrokenItem):
        return node.line, node.end_line
    end = node.end_mark.line + offset + (1 if node.end_mark.column > 0 else 0)
    return _line(node, offset), max(end, _line(node, offset))


def _field_at(check: _EventCheck, number: int) -> str | None:
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
