"""Read a well-formed event straight from libyaml's events, checking its fields as they come.

Nearly every event of a file is well-formed: a mapping of known fields, each once, plain text
within its limit, real dates, lists of text. Such an event's fields are read in one call
(`Builder.read_fields`: in C by the compiled parser, else from the parser's events one by one)
and checked here in one pass, without building its node first; the result is what
`EventChecker.read_event` gives for the event's node (tests/dataset/test_plain_event.py
compares the two on every test file). Anything else (a tag, an anchor or alias, a nested value, an unknown or
repeated field, a value that needs a message...) is read again from the events taken so far by
the general reader (`Builder.replay`), and checked from its node.
"""

from __future__ import annotations

from typing import Any

from analytics import schema
from analytics.dataset.check import (
    DATE_NAMES,
    LIST_LIMITS,
    MAX_LIST_ITEMS,
    REQUIRED_LISTS,
    TEXT_LIMITS,
    EventCheck,
    EventChecker,
    distinct_texts,
)
from analytics.dataset.yaml_items import (
    LONGEST_WORD,
    NULL_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    Builder,
    Field,
    MappingStartEvent,
    Node,
    last_line,
    plain_tag,
)

_REQUIRED_FIELDS = tuple(schema.REQUIRED_FIELDS)


class PlainEventReader:
    """Reads each item of the events list: a checked event when it is well-formed, else its node.

    Passed to `EventsFile` as its `read_item`. A checked event is an `EventCheck` whose
    `end_line` is set; `EventChecker.read_event` checks a node.
    """

    def __init__(self, checker: EventChecker) -> None:
        self.checker = checker

    def __call__(self, build: Builder, start: Any) -> EventCheck | Node:
        """Read the item whose first event is `start`."""
        if (
            start.__class__ is not MappingStartEvent
            or start.tag is not None
            or start.anchor is not None
        ):
            return build.node(start)
        read = build.read_fields()
        check = None if read is None else self._check(build, start, *read)
        return build.replay(start, build.taken()) if check is None else check

    def _check(
        self, build: Builder, start: Any, fields: list[Field], end: int, end_column: int
    ) -> EventCheck | None:
        """The checked event from its fields (see `Builder.read_fields`), or None when it is
        not well-formed."""
        offset, resolve, longest = build.offset, plain_tag, LONGEST_WORD
        text_limits, list_limits, dates = TEXT_LIMITS, LIST_LIMITS, self.checker.known_dates
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        nodes = 1  # The values read, as the general reader counts them (for the alias limit).
        for key, key_line, value, plain in fields:
            if key in lines:
                return None
            lines[key] = key_line + offset
            if value.__class__ is str:
                nodes += 2
                tag = STR_TAG
                if plain and (len(value) <= longest or not value[0].isalpha()):
                    tag = resolve(value)
                limit = text_limits.get(key)
                if limit is not None:
                    if tag == STR_TAG and len(value) <= limit:
                        text = value.strip()
                        if text:
                            values[key] = text
                    elif tag != NULL_TAG:
                        return None  # (An empty field is as if not written: required, it is missed below.)
                elif key in DATE_NAMES:
                    date = dates.get(value) if tag == TIMESTAMP_TAG or tag == STR_TAG else None
                    if date is None:
                        date = self.checker.plain_date(key, value, tag)
                        if date is None:
                            return None
                    values[key] = date
                elif key in list_limits and tag == NULL_TAG and key not in REQUIRED_LISTS:
                    values[key] = ()
                else:
                    return None
            else:
                limit = list_limits.get(key)
                if limit is None or len(value) > MAX_LIST_ITEMS:
                    return None
                for item, item_plain in zip(value, plain, strict=True):
                    if len(item) > limit:
                        return None
                    if item_plain and (len(item) <= longest or not item[0].isalpha()):
                        if resolve(item) != STR_TAG:
                            return None
                items = distinct_texts(value)
                if items is None:
                    return None
                values[key] = items
                nodes += 2 + len(value)
        for name in _REQUIRED_FIELDS:
            if name not in values:
                return None
        build.written += nodes
        build.expanded += nodes
        line = start.start_mark.line + offset
        check = self.checker.finish_plain(line, values, lines)
        check.end_line = max(line, last_line(end, end_column, offset))
        return check
