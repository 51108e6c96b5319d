"""Check one event read from the file: its fields, their types and values, against the reference."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from analytics import schema
from analytics.dataset.dates import ISO_DATE, DateProblem, read_date
from analytics.dataset.frames import Resolve
from analytics.dataset.places import PlaceRegister, country_code
from analytics.dataset.reference import Reference
from analytics.dataset.yaml_items import (
    MAP_TAG,
    NULL_TAG,
    SEQ_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    Mapping,
    Node,
    Scalar,
    Sequence,
    foreign_tag,
)
from analytics.schema import Problem

MAX_LIST_ITEMS = 500
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
_FIELD_NAMES = frozenset(schema.ALL_FIELDS)
# Fields that hold one text, with their length limits (the common case, read without a call).
TEXT_LIMITS = {
    name: MAX_CHARS.get(name, DEFAULT_MAX_CHARS)
    for name in schema.ALL_FIELDS
    if name not in schema.LIST_FIELDS and name not in schema.DATE_FIELDS
}
DATE_NAMES = frozenset(schema.DATE_FIELDS)
# List fields with the length limit of their entries.
LIST_LIMITS = {name: MAX_CHARS.get(name, DEFAULT_MAX_CHARS) for name in schema.LIST_FIELDS}
REQUIRED = frozenset(schema.REQUIRED_FIELDS)
REQUIRED_LISTS = REQUIRED & frozenset(schema.LIST_FIELDS)


@dataclass
class EventCheck:
    """Validation state of one event while it is read."""

    file: str
    line: int
    event_id: str
    values: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The event's last line, when it was read in one pass from the parser (plain_event).
    end_line: int = 0

    def report(
        self, field_name: str | None, message: str, severity: schema.Severity = schema.ERROR
    ) -> None:
        """Add a problem on the field's line (the event's first line when it has none)."""
        line = self.field_lines.get(field_name or "", self.line)
        self.problems.append(
            Problem(
                file=self.file,
                line=line,
                event_id=self.event_id,
                field=field_name,
                message=message,
                severity=severity,
            )
        )

    @property
    def valid(self) -> bool:
        """True when no problem keeps the event out."""
        return not any(p.severity == schema.ERROR for p in self.problems)


def distinct_texts(texts: list[str]) -> tuple[str, ...] | None:
    """A well-formed list's texts as the event keeps them: stripped, empty ones left out; None
    when a text is listed twice (a warning, which the field-by-field check names)."""
    items: list[str] = []
    for item in texts:
        text = item.strip()
        if text:
            if text in items:
                return None
            items.append(text)
    return tuple(items)


def describe(value: Any) -> str:
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


def _quote_hint(field_name: str, node: Scalar) -> str:
    raw = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f'put it in quotes: {field_name}: "{raw}"'


_CONSTRUCTOR = SafeConstructor()


def construct(node: Scalar) -> Any:
    """The value yaml.safe_load gives a scalar of one of the plain tags."""
    if node.tag == STR_TAG:
        return node.value
    return _CONSTRUCTOR.construct_object(yaml.ScalarNode(node.tag, node.value), deep=True)


class EventChecker:
    """Checks the events of one file against its reference data and place register."""

    def __init__(
        self, file: str, reference: Reference, places: PlaceRegister, resolve: Resolve
    ) -> None:
        self.file = file
        self.reference = reference
        self.places = places
        # Each (city, country) is looked up once however many events name it.
        self.find_place = functools.cache(places.find)
        self.country_code = functools.cache(country_code)
        self.pillar_codes = reference.pillar_codes
        self.resolve = resolve
        # Each field with a vocabulary: its values in order (for messages) and as a set.
        self._choices = tuple(
            (name, allowed, frozenset(allowed))
            for name, allowed in (
                (schema.EVENT_TYPE, reference.event_types),
                (schema.IISG_ROLE, schema.IISG_ROLES),
                (schema.FORMAT, schema.FORMATS),
            )
        )
        # Dates as written (YYYY-MM-DD) -> their date, for the events read in one pass.
        self.known_dates: dict[str, dt.date] = {}

    def read_event(self, position: int, node: Node) -> EventCheck:
        """Read and check the `position`-th (1-based) item of the events list."""
        if node.__class__ is Mapping:
            plain = self._read_plain(node)  # type: ignore[arg-type]
            if plain is not None:
                return plain
        return self._read_by_field(position, node)

    def _read_by_field(self, position: int, node: Node) -> EventCheck:
        """Read an event field by field, naming everything that is wrong with it."""
        check = EventCheck(self.file, node.line, f"#{position}")
        if not isinstance(node, Mapping):
            kind = "a list" if isinstance(node, Sequence) else "a single value"
            check.report(
                None,
                f"event #{position} is not a mapping of fields (each field on its own line as "
                f"'name: value'), found {kind}",
            )
            return check
        tag = foreign_tag(node)
        if tag:
            check.report(
                None, f"the event has the YAML tag '{tag}', which is not allowed; remove it"
            )
        # The id first, so that every problem of the event names it.
        for key_node, value_node in node.pairs:
            if (
                isinstance(key_node, Scalar)
                and key_node.value == schema.ID
                and isinstance(value_node, Scalar)
                and value_node.value.strip()
            ):
                check.event_id = value_node.value.strip()[:80]
                break
        nodes = self._fields(check, node)
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
            required = nodes.get(name)
            if required is None or (isinstance(required, Scalar) and required.tag == NULL_TAG):
                check.report(name, f"required field '{name}' is missing")
        values = check.values
        for name, value_node in nodes.items():
            limit = TEXT_LIMITS.get(name)
            if (
                limit is not None
                and value_node.__class__ is Scalar
                and value_node.tag == STR_TAG
                and len(value_node.value) <= limit  # type: ignore[union-attr]
            ):
                text = value_node.value.strip()  # type: ignore[union-attr]
                if text:
                    values[name] = text
            elif name in _FIELD_NAMES:
                self._read_field(check, name, value_node)
        if check.valid:
            self._check_values(check)
        return check

    def _read_plain(self, node: Mapping) -> EventCheck | None:
        """Read an event that is well-formed, in one pass over its fields as read.

        Nearly every event is: known fields, each once, text within its limit, real dates,
        lists of text. Anything else returns None, and read_event reads the event field by
        field, naming what is wrong; an event read here gets the values and problems it would
        get there.
        """
        if node.tag != MAP_TAG:
            return None
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        text_limits, list_limits, dates = TEXT_LIMITS, LIST_LIMITS, self.known_dates
        for key, key_tag, key_line, value, tag, _line in node.entries:
            if key_tag is None or key in lines:
                return None
            lines[key] = key_line
            limit = text_limits.get(key)
            if limit is not None:
                if tag != STR_TAG or len(value) > limit:
                    if tag == NULL_TAG and key not in REQUIRED:
                        continue  # An empty optional field, as if not written.
                    return None
                text = value.strip()
                if text:
                    values[key] = text
            elif key in DATE_NAMES:
                date = dates.get(value) if tag == TIMESTAMP_TAG or tag == STR_TAG else None
                if date is None:
                    date = self.plain_date(key, value, tag)
                    if date is None:
                        return None
                values[key] = date
            elif key in list_limits:
                if tag is not None:  # A scalar: only an empty value is an empty list here.
                    if tag != NULL_TAG or key in REQUIRED_LISTS:
                        return None
                    values[key] = ()
                    continue
                if (
                    value.__class__ is not Sequence
                    or value.tag != SEQ_TAG
                    or len(value.entries) > MAX_LIST_ITEMS
                ):
                    return None
                limit = list_limits[key]
                for item, item_tag, _item_line in value.entries:
                    if item_tag != STR_TAG or len(item) > limit:
                        return None
                items = distinct_texts([item for item, _tag, _line in value.entries])
                if items is None:
                    return None
                values[key] = items
            else:
                return None
        for name in schema.REQUIRED_FIELDS:
            if name not in values:
                return None
        return self.finish_plain(node.line, values, lines)

    def finish_plain(self, line: int, values: dict[str, Any], lines: dict[str, int]) -> EventCheck:
        """Check the values of a well-formed event read in one pass (its required fields are in)."""
        check = EventCheck(self.file, line, values[schema.ID][:80], values, lines)
        self._check_values(check)
        return check

    def plain_date(self, name: str, value: Any, tag: str | None) -> dt.date | None:
        """A date field's date when it is read without a problem or warning, else None."""
        if (tag != TIMESTAMP_TAG and tag != STR_TAG) or len(value) > DEFAULT_MAX_CHARS:
            return None
        try:
            date, warning = read_date(name, value, tag == TIMESTAMP_TAG)
        except DateProblem:
            return None
        if warning:
            return None
        if ISO_DATE.match(value):  # The same date whichever field and tag: kept for the load.
            self.known_dates[value] = date
        return date

    def _fields(self, check: EventCheck, node: Mapping) -> dict[str, Node]:
        """The event's fields by name, each field's line noted; duplicates reported."""
        nodes: dict[str, Node] = {}
        for key_node, value_node in node.pairs:
            key = key_node.value if isinstance(key_node, Scalar) else None
            if key is None:
                check.report(None, "a field name must be plain text")
                continue
            if key in nodes:
                check.field_lines[key] = key_node.line
                check.report(
                    key,
                    f"field '{key}' appears twice (first on line {nodes[key].line}); keep one",
                )
                continue
            nodes[key] = value_node
            check.field_lines[key] = key_node.line
        return nodes

    def _scalar(self, check: EventCheck, name: str, node: Node) -> Any:
        limit = MAX_CHARS.get(name, DEFAULT_MAX_CHARS)
        if node.tag == STR_TAG and node.__class__ is Scalar and len(node.value) <= limit:  # type: ignore[union-attr]
            # Most values: plain text within its limit.
            return node.value  # type: ignore[union-attr]
        tag = foreign_tag(node)
        if not isinstance(node, Scalar) and not tag:
            kind = "a list" if isinstance(node, Sequence) else "a mapping"
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
        assert isinstance(node, Scalar)
        if len(node.value) > limit:
            check.report(
                name,
                f"{name} is {len(node.value):,} characters long; at most {limit:,} are allowed. "
                "Shorten it (longer explanations belong in summary or notes)",
            )
            return None
        if name in schema.DATE_FIELDS and node.tag == TIMESTAMP_TAG:
            return node  # Read by read_date, which never raises for a date YAML can write.
        try:
            return construct(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            reason = getattr(error, "problem", None) or str(error)
            check.report(name, f"{name} cannot be read: {str(reason)[:200]}")
            return None

    def _read_field(self, check: EventCheck, name: str, node: Node) -> None:
        if name in schema.LIST_FIELDS:
            check.values[name] = self._read_list(check, name, node)
            return
        value = self._scalar(check, name, node)
        if value is None:
            return
        if name in schema.DATE_FIELDS:
            date = self._read_date(check, name, value)
            if date is not None:
                check.values[name] = date
        elif isinstance(value, str):
            text = value.strip()
            if text:
                check.values[name] = text
        else:
            assert isinstance(node, Scalar)
            check.report(
                name,
                f"{name} must be text, but YAML read {describe(value)}; {_quote_hint(name, node)}",
            )

    def _read_date(self, check: EventCheck, name: str, value: Any) -> dt.date | None:
        if isinstance(value, Scalar) or isinstance(value, str):
            written = value.value if isinstance(value, Scalar) else value
            try:
                date, warning = read_date(name, written, isinstance(value, Scalar))
            except DateProblem as problem:
                check.report(name, str(problem))
                return None
            if warning:
                check.report(name, warning, schema.WARNING)
            return date
        check.report(
            name,
            f"{name} '{str(value)[:40]}' is not a date; write it as YYYY-MM-DD, e.g. 2023-04-25",
        )
        return None

    def _read_list(self, check: EventCheck, name: str, node: Node) -> tuple[str, ...]:
        tag = foreign_tag(node)
        if tag:
            check.report(
                name,
                f"{name} cannot be read: it has the YAML tag '{tag}', which is not allowed; "
                "remove the tag",
            )
            return ()
        if isinstance(node, Scalar):
            if node.tag == NULL_TAG or node.value.strip() == "":
                return ()
            example = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            check.report(name, f"{name} must be a list, e.g. {name}: [{example}]")
            return ()
        if not isinstance(node, Sequence):
            check.report(name, f"{name} must be a list of names, found a mapping")
            return ()
        if len(node.items) > MAX_LIST_ITEMS:
            check.report(
                name, f"{name} has {len(node.items)} entries; at most {MAX_LIST_ITEMS} are allowed"
            )
            return ()
        items: list[str] = []
        limit = MAX_CHARS.get(name, DEFAULT_MAX_CHARS)
        for item_node in node.items:
            if (
                item_node.__class__ is Scalar
                and item_node.tag == STR_TAG
                and len(item_node.value) <= limit  # type: ignore[union-attr]
            ):
                value = item_node.value  # type: ignore[union-attr]
            else:
                value = self._scalar(check, name, item_node)
            if value is None:
                continue
            if not isinstance(value, str):
                assert isinstance(item_node, Scalar)
                check.report(
                    name,
                    f"an entry of {name} is {describe(value)}, not text; {_quote_hint(name, item_node)}",
                )
                continue
            text = value.strip()
            if text and text not in items:
                items.append(text)
            elif text:
                check.report(name, f"'{text[:60]}' is listed twice in {name}", schema.WARNING)
        return tuple(items)

    def _check_values(self, check: EventCheck) -> None:
        """Check a well-formed event's values: id, date order, vocabularies, names, places."""
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
        for name, allowed, known in self._choices:
            value = values.get(name)
            if value is not None and value not in known:
                check.report(name, f"{name} '{value[:60]}' is not one of: {', '.join(allowed)}")
        codes = self.pillar_codes
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
                if self.resolve(written) is None:
                    check.report(
                        name,
                        f"'{written[:80]}' is not in the partners registry (data/partners.yaml); kept as written",
                        schema.WARNING,
                    )
        city, country = values.get(schema.CITY), values.get(schema.COUNTRY)
        if country and self.country_code(country) is None:
            check.report(
                schema.COUNTRY,
                f"country '{country[:60]}' is not a country the gazetteer knows",
                schema.WARNING,
            )
        if city and self.find_place(city, country) is None:
            check.report(
                schema.CITY,
                f"city '{city[:60]}'{' in ' + country[:60] if country else ''} is not in the gazetteer; "
                "the event is kept but cannot be shown on the map",
                schema.WARNING,
            )
