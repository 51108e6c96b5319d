"""The items of a file's `events:` list, read one at a time, and the file-level findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from yaml.composer import ComposerError

from analytics.dataset.yaml_items import (
    MAP_TAG,
    NULL_TAG,
    PLAIN_TAGS,
    SEQ_TAG,
    Builder,
    DocumentStartEvent,
    EventParser,
    Mapping,
    MappingEndEvent,
    MappingStartEvent,
    Node,
    Scalar,
    Sequence,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    foreign_tag,
    tag_name,
)
from analytics.schema import DatasetError, Problem

# Reads an item of the events list from its first event: the item's node, or whatever the
# reader makes of it (see plain_event.PlainEventReader).
ItemReader = Callable[["Builder", Any], Any]


class EventsFile:
    """The items of a file's `events:` list, read one at a time as they are iterated.

    File-level findings (unknown top-level keys, a tag on the list...) are in `notes` once the
    iteration ends. `read_item`, when given, reads each item of the list instead of the
    builder's `node`.

    Raises (while iterating):
        DatasetError: The file has no events list (empty, a single value, no `events:`...).
        yaml.YAMLError: The file is not valid YAML or breaks a limit (nesting, aliases).
    """

    def __init__(
        self,
        source: str | bytes,
        file: str,
        line_offset: int = 0,
        read_item: ItemReader | None = None,
    ) -> None:
        self.source = source
        self.file = file
        self.line_offset = line_offset
        self.read_item = read_item
        self.notes: list[Problem] = []

    def __iter__(self) -> Iterator[Node]:
        parser = EventParser(self.source)
        try:
            yield from self._items(parser)
        finally:
            parser.dispose()

    def _note(self, line: int | None, field: str | None, message: str) -> Problem:
        return Problem.warning(message, file=self.file, line=line, field=field)

    def _items(self, parser: Any) -> Iterator[Node]:
        get_event = parser.get_event
        build = Builder(get_event, self.line_offset, parser)
        get_event()  # The stream's start.
        document = get_event()
        if document.__class__ is StreamEndEvent:
            raise DatasetError(
                "the file is empty: expected 'events:' followed by a list of events", file=self.file
            )
        first = get_event()
        if first.__class__ is SequenceStartEvent:
            self.notes.append(
                self._note(
                    first.start_mark.line + build.offset,
                    None,
                    "the file starts with a list; expected 'events:' above it. The list was read as the events.",
                )
            )
            yield from self._sequence_items(build, first)
        elif first.__class__ is not MappingStartEvent:
            line = build.node(first).line
            raise DatasetError(
                "expected 'events:' followed by a list of events, found a single value",
                file=self.file,
                line=line,
            )
        else:
            yield from self._mapping_items(build, first)
        get_event()  # The document's end.
        after = get_event()
        if after.__class__ is DocumentStartEvent:
            raise ComposerError(
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                after.start_mark,
            )

    def _sequence_items(self, build: Builder, start: Any) -> Iterator[Node]:
        """Yield the items of a list whose start event was read, each read to its end."""
        if start.anchor is not None:
            # An anchored list may be aliased later: read it whole, as an anchor needs.
            yield from build.node(start).items  # type: ignore[union-attr]
            return
        get_event, node, read = build.get_event, build.node, self.read_item
        build.written += 1
        build.expanded += 1
        build.depth += 1
        event = get_event()
        while event.__class__ is not SequenceEndEvent:
            yield node(event) if read is None else read(build, event)
            event = get_event()
        build.depth -= 1

    def _mapping_items(self, build: Builder, start: Any) -> Iterator[Node]:
        """Yield the events of a top-level mapping, noting its other keys."""
        get_event = build.get_event
        line = start.start_mark.line + build.offset
        root_tag = start.tag if start.tag not in (None, "!") else MAP_TAG
        root_notes: list[Problem] = []
        list_notes: list[Problem] = []
        if root_tag not in PLAIN_TAGS:
            root_notes.append(self._tag_note(line, root_tag))
        build.written += 1
        build.expanded += 1
        build.depth += 1
        found: Scalar | None = None
        event = get_event()
        while event.__class__ is not MappingEndEvent:
            key_node = build.node(event)
            key = key_node.value if isinstance(key_node, Scalar) else None
            event = get_event()
            if key == "events":
                if found is not None:
                    raise DatasetError(
                        "'events:' appears twice at the top level",
                        file=self.file,
                        line=key_node.line,
                    )
                assert isinstance(key_node, Scalar)
                found = key_node
                yield from self._events_value(build, event, list_notes)
            else:
                if key != "metadata":
                    shown = str(key)[:60]
                    root_notes.append(
                        self._note(
                            key_node.line,
                            shown,
                            f"unknown top-level key '{shown}' is ignored (expected 'events:')",
                        )
                    )
                build.node(event)  # Read (its anchors may be used later) and let go.
            event = get_event()
        build.depth -= 1
        if found is None:
            raise DatasetError(
                "no 'events:' list at the top level of the file", file=self.file, line=1
            )
        self.notes.extend(root_notes + list_notes)

    def _events_value(self, build: Builder, event: Any, notes: list[Problem]) -> Iterator[Node]:
        """Yield the events under `events:`, whose value starts with `event`."""
        kind = event.__class__
        if kind is SequenceStartEvent:
            tag = event.tag if event.tag not in (None, "!") else SEQ_TAG
            if tag not in PLAIN_TAGS:
                notes.append(self._tag_note(event.start_mark.line + build.offset, tag))
            yield from self._sequence_items(build, event)
            return
        value = build.node(event)
        if isinstance(value, Scalar) and value.tag == NULL_TAG:
            return
        if foreign_tag(value):
            notes.append(self._tag_note(value.line, value.tag))
        if isinstance(value, Mapping):
            notes.append(
                self._note(
                    value.line,
                    None,
                    "'events:' holds a single event, not a list: start it with '- '. It was read as one event.",
                )
            )
            yield value
            return
        if isinstance(value, Sequence):  # An alias of a list.
            yield from value.items
            return
        raise DatasetError(
            "'events:' must be followed by a list of events", file=self.file, line=value.line
        )

    def _tag_note(self, line: int, tag: str) -> Problem:
        return self._note(
            line, None, f"the YAML tag '{tag_name(tag)}' is not allowed and was ignored; remove it"
        )


def read_list(text: str, line_offset: int) -> list[Node] | None:
    """Read a piece of YAML text that is one list (an item cut from a broken file).

    Args:
        text: The text.
        line_offset: Lines of the file before the text, so every line is the file's.

    Returns:
        The list's items, or None when the text is not a list.

    Raises:
        yaml.YAMLError: The text is not valid YAML or breaks a limit.
    """
    parser = EventParser(text)
    try:
        build = Builder(parser.get_event, line_offset)
        parser.get_event()
        if parser.get_event().__class__ is StreamEndEvent:
            return None
        root = build.node(parser.get_event())
        parser.get_event()
        if parser.get_event().__class__ is DocumentStartEvent:
            return None
        return root.items if isinstance(root, Sequence) else None
    finally:
        parser.dispose()
