"""Build values from libyaml's event stream, each with its line, resolving aliases within limits.

Where the events come from (the compiled reader or PyYAML's parser) is chosen here;
`events_file.py` walks a file's events list with a `Builder`, one item at a time.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import os
from collections.abc import Callable
from types import ModuleType
from typing import Any, NoReturn

import yaml
from yaml.composer import ComposerError

# Set to 1 to read with PyYAML's parser even where analytics/dataset/_libyaml.c is built.
PYYAML_EVENTS_VARIABLE = "IISG_PYYAML_EVENTS"


def _event_source() -> tuple[ModuleType, Any]:
    """The module whose classes the parser's events are, and the parser.

    libyaml's events come from analytics/dataset/_libyaml.c when it is built
    (scripts/build_reader.sh): the same events as PyYAML's C parser gives, at about half the
    cost. Without it, PyYAML's own parser (its C one where PyYAML has it) gives them.
    """
    if os.environ.get(PYYAML_EVENTS_VARIABLE, "").strip() not in ("", "0"):
        return yaml.events, getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        module = importlib.import_module("analytics.dataset._libyaml")
    except ImportError:
        return yaml.events, getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return module, module.Parser


_EVENTS, EventParser = _event_source()
# Readers compare an event's class with these (`event.__class__ is ScalarEvent`).
AliasEvent: Any = _EVENTS.AliasEvent
DocumentStartEvent: Any = _EVENTS.DocumentStartEvent
MappingEndEvent: Any = _EVENTS.MappingEndEvent
MappingStartEvent: Any = _EVENTS.MappingStartEvent
ScalarEvent: Any = _EVENTS.ScalarEvent
SequenceEndEvent: Any = _EVENTS.SequenceEndEvent
SequenceStartEvent: Any = _EVENTS.SequenceStartEvent
StreamEndEvent: Any = _EVENTS.StreamEndEvent

# An event needs 4 levels (events > list > event > partners); deeper files are refused while
# they are read (a recursive reader would otherwise exhaust the stack on a hostile file).
MAX_NESTING = 32
# Aliases (*name) may repeat a value, but a file may not expand to more than this many values
# beyond ten times its own size (the "billion laughs" attack expands 80 aliases to 10^9 values).
MAX_EXPANSION = 100_000

CORE = "tag:yaml.org,2002:"
STR_TAG = CORE + "str"
NULL_TAG = CORE + "null"
TIMESTAMP_TAG = CORE + "timestamp"
SEQ_TAG = CORE + "seq"
MAP_TAG = CORE + "map"
# The only YAML tags a hand-written events file needs; others (!!python/..., !!binary, custom
# !tags) are refused with a message instead of being constructed.
PLAIN_TAGS = frozenset(
    CORE + name for name in ("null", "bool", "int", "float", "str", "timestamp", "seq", "map")
)
# PyYAML's implicit resolvers of the safe loader, by first character, wildcards appended:
# an untagged plain scalar gets the tag yaml.safe_load would give it.
_IMPLICIT = {
    first: [*resolvers, *yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_NO_RESOLVERS: list[tuple[str, Any]] = list(yaml.SafeLoader.yaml_implicit_resolvers.get(None, []))
# The longest word a resolver reads from letters (bool: "false", null: "null"): a longer plain
# scalar starting with a letter is text, without trying the resolvers' patterns.
LONGEST_WORD = 5


@functools.lru_cache(maxsize=1 << 16)
def plain_tag(value: str) -> str:
    """The tag yaml.safe_load gives an untagged plain scalar (dates and numbers repeat: cached)."""
    for tag, pattern in _IMPLICIT.get(value[:1], _NO_RESOLVERS):
        if pattern.match(value):
            return str(tag)
    return STR_TAG


class Scalar:
    """A scalar as yaml.safe_load would resolve it: its tag, its text and its 1-based line."""

    __slots__ = ("tag", "value", "line")

    def __init__(self, tag: str, value: str, line: int) -> None:
        self.tag = tag
        self.value = value
        self.line = line


# A list item or a mapping's key or value as read: (text, tag, line) for a scalar, (node, None,
# line) for a list or a mapping. Scalars are kept as their parts, not as Scalar objects: nearly
# every value is one, and the checker reads most events from the parts alone.
Entry = tuple[Any, "str | None", int]
# A mapping's pair as read: its key's entry, then its value's.
Pair = tuple[Any, "str | None", int, Any, "str | None", int]


class Sequence:
    """A list: its tag, its items, and its first and last line.

    `entries` holds each item as read, (text, tag, line) for a scalar and (node, None, line)
    for a list or a mapping; `items` makes them nodes when first asked.
    """

    __slots__ = ("tag", "entries", "_items", "line", "end_line")

    def __init__(self, tag: str, line: int) -> None:
        self.tag = tag
        self.entries: list[Entry] = []
        self._items: list[Node] | None = None
        self.line = line
        self.end_line = line

    @property
    def items(self) -> list[Node]:
        """The list's items as nodes."""
        if self._items is None:
            self._items = [_node(*entry) for entry in self.entries]
        return self._items


class Mapping:
    """A mapping: its tag, its (key, value) pairs in file order, and its first and last line.

    `entries` holds each pair as read, (key, key_tag, key_line, value, value_tag, value_line),
    each half as a Sequence entry; `pairs` makes them nodes when first asked.
    """

    __slots__ = ("tag", "entries", "_pairs", "line", "end_line")

    def __init__(self, tag: str, line: int) -> None:
        self.tag = tag
        self.entries: list[Pair] = []
        self._pairs: list[tuple[Node, Node]] | None = None
        self.line = line
        self.end_line = line

    @property
    def pairs(self) -> list[tuple[Node, Node]]:
        """The mapping's (key, value) pairs as nodes."""
        if self._pairs is None:
            self._pairs = [
                (_node(key, key_tag, key_line), _node(value, tag, line))
                for key, key_tag, key_line, value, tag, line in self.entries
            ]
        return self._pairs


Node = Scalar | Sequence | Mapping


def _node(value: Any, tag: str | None, line: int) -> Node:
    """The node of an entry (see Entry)."""
    return value if tag is None else Scalar(tag, value, line)


def _entry(node: Node) -> Entry:
    """The entry of a node read by Builder.node (an anchored or aliased scalar as its parts)."""
    if node.__class__ is Scalar:
        return node.value, node.tag, node.line  # type: ignore[union-attr]
    return node, None, node.line


class StructureLimit(yaml.MarkedYAMLError):
    """The YAML nests too deeply or its aliases expand too far to be read safely."""


def tag_name(tag: str) -> str:
    """A tag as an editor writes it (!!int), shortened."""
    shown = "!!" + tag.removeprefix(CORE) if tag.startswith(CORE) else tag
    return shown if len(shown) <= 60 else shown[:57] + "..."


def foreign_tag(node: Node) -> str | None:
    """Name a node's YAML tag when it is not one a plain events file uses."""
    return None if node.tag in PLAIN_TAGS else tag_name(node.tag)


def _too_deep(start: Any) -> NoReturn:
    raise StructureLimit(
        problem=f"lists and mappings are nested more than {MAX_NESTING} levels deep "
        "(an event needs 4); check the brackets and the indentation",
        problem_mark=start.start_mark,
    )


def end_line(mark: Any, offset: int) -> int:
    return last_line(mark.line, mark.column, offset)


def last_line(line: int, column: int, offset: int) -> int:
    """The last line of a collection whose end mark is (line, column), 0-based."""
    # A collection ends where its last line ends, or at column 0 of the line after it.
    return line + offset + (0 if column > 0 else -1)


# A mapping's fields as Builder.read_fields gives them: (key, its 0-based line, value, plain)
# for each field, value a text and plain its plain-implicit flag, or value a list of texts and
# plain a list of flags; then the mapping's end mark (0-based line, column).
Field = tuple[str, int, Any, Any]
Fields = tuple[list[Field], int, int]


class Builder:
    """Builds values from parser events, resolving aliases and counting nesting as it goes.

    Anchored values are kept for later aliases (as yaml.safe_load keeps them for the whole
    document); every other value lives only as long as the caller holds it.
    """

    def __init__(self, get_event: Callable[[], Any], line_offset: int, parser: Any = None) -> None:
        self.get_event = get_event
        self.offset = line_offset + 1  # libyaml counts lines from 0
        self.anchors: dict[str, tuple[Node, Any]] = {}
        self.sizes: dict[str, int] = {}
        self.depth = 0
        self.written = 0
        self.expanded = 0
        # After a mapping's start: its fields when it is flat (every key an untagged scalar,
        # every value one or a list of them), else None; `taken` then gives the events read,
        # for `replay`. The compiled parser does both in C; PyYAML's is read here.
        self.read_fields: Callable[[], Fields | None] = self._read_fields
        self.taken: Callable[[], list[Any]] = self._taken_events
        if hasattr(parser, "read_fields"):
            self.read_fields, self.taken = parser.read_fields, parser.taken
        self._taken: list[Any] = []

    def _read_fields(self) -> Fields | None:
        taken: list[Any] = []
        self._taken = taken
        get_event, keep = self.get_event, taken.append
        fields: list[Field] = []
        event = get_event()
        keep(event)
        while event.__class__ is ScalarEvent:
            if event.tag is not None or event.anchor is not None:
                return None
            key, line = event.value, event.start_mark.line
            event = get_event()
            keep(event)
            kind = event.__class__
            if kind is not ScalarEvent and kind is not SequenceStartEvent:
                return None  # An alias, a mapping.
            if event.tag is not None or event.anchor is not None:
                return None
            if kind is ScalarEvent:
                fields.append((key, line, event.value, event.implicit[0]))
            else:
                items: list[str] = []
                plains: list[bool] = []
                event = get_event()
                keep(event)
                while event.__class__ is ScalarEvent:
                    if event.tag is not None or event.anchor is not None:
                        return None
                    items.append(event.value)
                    plains.append(event.implicit[0])
                    event = get_event()
                    keep(event)
                if event.__class__ is not SequenceEndEvent:
                    return None
                fields.append((key, line, items, plains))
            event = get_event()
            keep(event)
        if event.__class__ is not MappingEndEvent:
            return None
        return fields, event.end_mark.line, event.end_mark.column

    def _taken_events(self) -> list[Any]:
        taken, self._taken = self._taken, []
        return taken

    def node(self, event: Any) -> Node:
        """The value starting with `event`, read to its end."""
        kind = event.__class__
        if kind is ScalarEvent:
            self.written += 1
            self.expanded += 1
            tag = event.tag
            value = event.value
            if tag is None or tag == "!":
                tag = STR_TAG
                if event.implicit[0] and (len(value) <= LONGEST_WORD or not value[0].isalpha()):
                    tag = plain_tag(value)
            scalar = Scalar(tag, value, event.start_mark.line + self.offset)
            if event.anchor is not None:
                self._anchor(event, scalar, 1)
            return scalar
        if kind is AliasEvent:
            return self._alias(event)
        if kind is SequenceStartEvent or kind is MappingStartEvent:
            return self._collection(event, kind is SequenceStartEvent)
        raise ComposerError(None, None, "expected a value", event.start_mark)

    def _collection(self, start: Any, is_sequence: bool) -> Node:
        self.written += 1
        self.expanded += 1
        before = self.expanded
        self.depth += 1
        if self.depth > MAX_NESTING:
            _too_deep(start)
        tag = start.tag
        line = start.start_mark.line + self.offset
        get_event, node = self.get_event, self.node
        collection: Sequence | Mapping
        if is_sequence:
            collection = Sequence(SEQ_TAG if tag is None or tag == "!" else tag, line)
        else:
            collection = Mapping(MAP_TAG if tag is None or tag == "!" else tag, line)
        if start.anchor is not None:
            # Registered before the children are read, as PyYAML does (a value may hold itself).
            self._anchor(start, collection, None)
        # Plain scalars without tag or anchor (nearly every value) are read here, not by
        # node(), and kept as their parts (see Entry): a call and an object less per value.
        # So are the lists without tag or anchor among a mapping's values (an event's
        # pillars, partners...). `read` counts what was read so, for the alias limit.
        offset, tag_of, entry = self.offset, plain_tag, _entry
        scalar_event, sequence_start, sequence_end = (
            ScalarEvent,
            SequenceStartEvent,
            SequenceEndEvent,
        )
        str_tag, longest = STR_TAG, LONGEST_WORD
        read = 0
        key_tag: str | None
        if isinstance(collection, Sequence):
            append = collection.entries.append
            event = get_event()
            while event.__class__ is not sequence_end:
                if event.__class__ is scalar_event and event.tag is None and event.anchor is None:
                    value = event.value
                    tag = str_tag
                    if event.implicit[0] and (len(value) <= longest or not value[0].isalpha()):
                        tag = tag_of(value)
                    append((value, tag, event.start_mark.line + offset))
                    read += 1
                else:
                    self.written += read
                    self.expanded += read
                    read = 0
                    append(entry(node(event)))
                event = get_event()
        else:
            add = collection.entries.append
            event = get_event()
            while event.__class__ is not MappingEndEvent:
                if event.__class__ is scalar_event and event.tag is None and event.anchor is None:
                    # A key: plain text, or a word YAML resolves (true, 1, null...).
                    key = event.value
                    key_tag = str_tag
                    if event.implicit[0] and (len(key) <= longest or not key[0].isalpha()):
                        key_tag = tag_of(key)
                    key_line = event.start_mark.line + offset
                    read += 1
                else:
                    self.written += read
                    self.expanded += read
                    read = 0
                    key, key_tag, key_line = entry(node(event))
                event = get_event()
                kind = event.__class__
                if kind is scalar_event and event.tag is None and event.anchor is None:
                    value = event.value
                    tag = str_tag
                    if event.implicit[0] and (len(value) <= longest or not value[0].isalpha()):
                        tag = tag_of(value)
                    add((key, key_tag, key_line, value, tag, event.start_mark.line + offset))
                    read += 1
                elif kind is sequence_start and event.tag is None and event.anchor is None:
                    if self.depth >= MAX_NESTING:
                        _too_deep(event)
                    items = Sequence(SEQ_TAG, event.start_mark.line + offset)
                    append = items.entries.append
                    read += 1
                    event = get_event()
                    while event.__class__ is not sequence_end:
                        if (
                            event.__class__ is scalar_event
                            and event.tag is None
                            and event.anchor is None
                        ):
                            value = event.value
                            tag = str_tag
                            if event.implicit[0] and (
                                len(value) <= longest or not value[0].isalpha()
                            ):
                                tag = tag_of(value)
                            append((value, tag, event.start_mark.line + offset))
                            read += 1
                        else:
                            self.written += read
                            self.expanded += read
                            read = 0
                            self.depth += 1
                            append(entry(node(event)))
                            self.depth -= 1
                        event = get_event()
                    items.end_line = max(items.line, end_line(event.end_mark, offset))
                    add((key, key_tag, key_line, items, None, items.line))
                else:
                    self.written += read
                    self.expanded += read
                    read = 0
                    add((key, key_tag, key_line, *entry(node(event))))
                event = get_event()
        self.written += read
        self.expanded += read
        collection.end_line = max(line, end_line(event.end_mark, offset))
        self.depth -= 1
        if start.anchor is not None:
            self.sizes[start.anchor] = 1 + self.expanded - before
        return collection

    def replay(self, start: Any, taken: list[Any]) -> Node:
        """The value starting with `start`, whose next events were taken from the parser already.

        `taken` holds those events in order: they are read again, then the parser's next ones,
        so the value is the one `node(start)` would have read.
        """
        get_event = self.get_event
        self.get_event = itertools.chain(taken, iter(get_event, None)).__next__
        try:
            return self.node(start)
        finally:
            self.get_event = get_event

    def _anchor(self, event: Any, node: Node, size: int | None) -> None:
        anchor = event.anchor
        if anchor in self.anchors:
            raise ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence",
                self.anchors[anchor][1],
                "second occurrence",
                event.start_mark,
            )
        self.anchors[anchor] = (node, event.start_mark)
        if size is not None:
            self.sizes[anchor] = size

    def _alias(self, event: Any) -> Node:
        anchor = event.anchor
        if anchor not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {anchor!r}", event.start_mark)
        # A collection still being read counts 1, as the values read so far are counted already.
        self.expanded += self.sizes.get(anchor, 1)
        if self.expanded > 10 * self.written + MAX_EXPANSION:
            raise StructureLimit(
                problem="aliases (*name) repeat values so often that the file would expand to "
                f"more than {self.expanded:,} values; write the values out instead of using "
                "aliases",
                problem_mark=event.start_mark,
            )
        return self.anchors[anchor][0]
