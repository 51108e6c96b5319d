"""The indicators file: what each indicator counts, read and validated with line numbers."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from analytics import periods, schema
from analytics.dataset.files import FileTooLarge, read_regular_file
from analytics.dataset.reference import Reference, reference_file
from analytics.filters import EventFilter
from analytics.schema import DatasetError, Problem

INDICATORS_FILE_VARIABLE: Final = "INDICATORS_FILE"
INDICATORS_FILE: Final = "indicators.yaml"
ITEM: Final = "indicator"
# An indicators file holds a few dozen entries; 1 MB is far beyond any real one.
MAX_FILE_BYTES: Final = 1024 * 1024
MAX_INDICATORS: Final = 500
MAX_TEXT: Final = 300
MAX_DESCRIPTION: Final = 2_000
ID_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# An indicator needs 4 levels (indicators > list > indicator > filter > values is 5).
MAX_NESTING: Final = 8
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Fields of one indicator, in the order the README documents them.
F_ID: Final = "id"
F_NAME: Final = "name"
F_MEASURE: Final = "measure"
F_FILTER: Final = "filter"
F_UNIT: Final = "unit"
F_HIGHER: Final = "higher_is_better"
F_BASELINE: Final = "baseline"
F_TARGETS: Final = "targets"
F_DESCRIPTION: Final = "description"
FIELDS: Final = (
    F_ID,
    F_NAME,
    F_MEASURE,
    F_FILTER,
    F_UNIT,
    F_HIGHER,
    F_BASELINE,
    F_TARGETS,
    F_DESCRIPTION,
)
REQUIRED: Final = (F_ID, F_NAME, F_MEASURE)
BASELINE_YEAR: Final = "year"
BASELINE_VALUE: Final = "value"

# Measures: what an indicator counts among the events its filter keeps.
EVENTS: Final = "events"
MEETING_DAYS: Final = "meeting_days"
PARTNERS: Final = "partners"
WB_PARTNERS: Final = "wb_partners"
HOST_COUNTRIES: Final = "host_countries"
HOST_CITIES: Final = "host_cities"
ORGANISED_SHARE: Final = "organised_share"


@dataclass(frozen=True)
class Measure:
    """One way of counting events: its code, its meaning and its default unit."""

    code: str
    label: str
    unit: str
    share: bool = False


MEASURES: Final = {
    measure.code: measure
    for measure in (
        Measure(EVENTS, "Number of events", "events"),
        Measure(MEETING_DAYS, "Days of meetings (each event's days added up)", "days of meetings"),
        Measure(PARTNERS, "Distinct partners taking part", "partners"),
        Measure(
            WB_PARTNERS,
            "Distinct Western Balkan partners taking part (the partner itself or a national "
            "institution of its country; not a company; the group entry is not counted for "
            "any of the six)",
            "Western Balkan partners",
        ),
        Measure(HOST_COUNTRIES, "Distinct host countries", "host countries"),
        Measure(HOST_CITIES, "Distinct host cities", "host cities"),
        Measure(ORGANISED_SHARE, "Share of events the IISG organised", "%", share=True),
    )
}

# Filter keys an indicator may use: EventFilter's own field names, the sidebar's filters.
FILTER_KEYS: Final = {
    "pillars": "Pillars",
    "event_types": "Event type",
    "roles": "IISG role",
    "countries": "Host country",
    "cities": "Host city",
    "partners": "Partner",
    "partner_kinds": "Partner kind",
}


@dataclass(frozen=True)
class Baseline:
    """The reference value: stated (``value`` of ``year``) or computed from ``year``'s events."""

    year: int
    value: float | None = None

    @property
    def computed(self) -> bool:
        """True when the value is computed from the year's events."""
        return self.value is None


@dataclass(frozen=True)
class Indicator:
    """One indicator of the results framework, as the indicators file defines it.

    Attributes:
        id: Stable slug.
        name: What the indicator is called in reports.
        measure: A key of ``MEASURES``.
        event_filter: Which events it counts (no period: the period is the report's).
        unit: What the value counts ("events", "%").
        higher_is_better: Whether a value above the target is good.
        baseline: The baseline, or None.
        targets: (period code, target) pairs, e.g. ("2024", 12.0), ("2024-H1", 6.0).
        description: Free text (means of verification, notes).
        line: Line of the indicator's first field in the file.
    """

    id: str
    name: str
    measure: str
    event_filter: EventFilter = EventFilter()
    unit: str = ""
    higher_is_better: bool = True
    baseline: Baseline | None = None
    targets: tuple[tuple[str, float], ...] = ()
    description: str = ""
    line: int = 0

    @property
    def is_share(self) -> bool:
        """True when the value is a percentage."""
        return MEASURES[self.measure].share

    def target_for(self, code: str) -> float | None:
        """The target set for a period code ("2024", "2024-H1", "2024-Q2"), or None."""
        return dict(self.targets).get(code)

    def filter_text(self) -> str:
        """The indicator's filter in words, e.g. "Pillars WBCTi · IISG role organiser"."""
        parts = []
        for key, label in FILTER_KEYS.items():
            values = getattr(self.event_filter, key)
            if values:
                shown = [schema.display_country(v) if key == "countries" else v for v in values]
                parts.append(f"{label} {', '.join(shown)}")
        return " · ".join(parts) if parts else "all events"


@dataclass(frozen=True)
class IndicatorSet:
    """The valid indicators of a file and the problems found in it."""

    path: Path
    indicators: tuple[Indicator, ...] = ()
    problems: tuple[Problem, ...] = ()
    content_hash: str = ""
    total_in_file: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that kept an indicator out."""
        return tuple(p for p in self.problems if p.severity == schema.ERROR)

    def by_id(self) -> dict[str, Indicator]:
        """The indicators keyed by id."""
        return {indicator.id: indicator for indicator in self.indicators}


def indicators_path(events_path: Path) -> Path:
    """The indicators file the app reads for an events file.

    $INDICATORS_FILE when set; else ``indicators.yaml`` beside the events file, else the
    bundled ``data/indicators.yaml`` (as reference files are chosen).

    Args:
        events_path: The events file.

    Returns:
        The path (it may not exist when $INDICATORS_FILE names a missing file).
    """
    configured = os.environ.get(INDICATORS_FILE_VARIABLE, "").strip()
    if configured:
        return Path(configured)
    return reference_file(events_path.parent, INDICATORS_FILE)


def read_text(path: Path) -> tuple[str, str]:
    """Read an indicators file as text, bounded in size.

    Args:
        path: The file.

    Returns:
        (text, SHA-256 of its bytes).

    Raises:
        DatasetError: Not a regular file, unreadable, too large or not UTF-8.
    """
    name = path.name
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileTooLarge as error:
        raise DatasetError(
            f"the file is larger than {MAX_FILE_BYTES:,} bytes", file=name
        ) from error
    except FileNotFoundError as error:
        raise DatasetError("the indicators file does not exist", file=str(path)) from error
    except OSError as error:
        raise DatasetError(
            f"cannot read the indicators file: {error.strerror or error}", file=str(path)
        ) from error
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise DatasetError("the file is not UTF-8 text; save it as UTF-8", file=name) from error
    return text, hashlib.sha256(raw).hexdigest()


def load_indicators(path: Path, reference: Reference) -> IndicatorSet:
    """Read and validate an indicators file.

    A bad indicator is reported (file, line, indicator, field) and left out; the others are
    kept. This function never changes the file.

    Args:
        path: The indicators file.
        reference: Pillars, event types and partners the filters are checked against.

    Returns:
        The valid indicators and every problem.

    Raises:
        DatasetError: The file as a whole cannot be used (unreadable, not YAML, wrong shape).
    """
    text, content_hash = read_text(path)
    return parse_indicators(text, reference, file=path.name, path=path, content_hash=content_hash)


def parse_indicators(
    text: str,
    reference: Reference,
    *,
    file: str,
    path: Path | None = None,
    content_hash: str = "",
) -> IndicatorSet:
    """Validate the text of an indicators file (see ``load_indicators``).

    Args:
        text: The file's text.
        reference: Reference data for the filters.
        file: The file name used in problems.
        path: The file's path, kept in the result.
        content_hash: SHA-256 of the file, kept in the result.

    Returns:
        The valid indicators and every problem.

    Raises:
        DatasetError: The text is not YAML or not a mapping with an ``indicators:`` list.
    """
    try:
        root = _compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DatasetError(
            _explain(error), file=file, line=None if mark is None else mark.line + 1
        ) from error
    shape = "the file needs 'indicators:' followed by a list of indicators"
    if root is None:
        raise DatasetError(f"the file is empty; {shape}", file=file)
    if not isinstance(root, MappingNode):
        raise DatasetError(shape, file=file, line=root.start_mark.line + 1)
    items: SequenceNode | None = None
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key == "indicators":
            if isinstance(value_node, ScalarNode) and value_node.tag.endswith(":null"):
                items = SequenceNode("tag:yaml.org,2002:seq", [])
            elif not isinstance(value_node, SequenceNode):
                raise DatasetError(shape, file=file, line=_line(key_node), field="indicators")
            else:
                items = value_node
        elif key != "metadata":
            problems.append(
                Problem.warning(
                    "unknown top-level key: the file holds 'indicators:' (and 'metadata:')",
                    file=file,
                    line=_line(key_node),
                    field=str(key)[:60] if key is not None else None,
                    item=ITEM,
                )
            )
    if items is None:
        raise DatasetError(shape, file=file, line=root.start_mark.line + 1)
    checker = _Checker(file, reference)
    indicators: list[Indicator] = []
    seen: dict[str, int] = {}
    for position, node in enumerate(items.value[:MAX_INDICATORS], start=1):
        indicator, found = checker.read(position, node)
        if indicator is not None and indicator.id in seen:
            found.append(
                Problem.error(
                    f"the id is used twice (first on line {seen[indicator.id]}); ids must be unique",
                    file=file,
                    line=indicator.line,
                    event_id=indicator.id,
                    field=F_ID,
                    item=ITEM,
                )
            )
            indicator = None
        if indicator is not None:
            seen[indicator.id] = indicator.line
            indicators.append(indicator)
        problems.extend(found)
    if len(items.value) > MAX_INDICATORS:
        problems.append(
            Problem.warning(
                f"only the first {MAX_INDICATORS} indicators are read",
                file=file,
                line=_line(items.value[MAX_INDICATORS]),
                item=ITEM,
            )
        )
    return IndicatorSet(
        path=path or Path(file),
        indicators=tuple(indicators),
        problems=tuple(problems),
        content_hash=content_hash,
        total_in_file=len(items.value),
    )


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _Refused(yaml.MarkedYAMLError):
    """The YAML uses what an indicators file never needs: aliases, deep nesting."""


def _compose(text: str) -> Node | None:
    """Compose the YAML into nodes (each knows its line), after a walk that refuses aliases
    (no alias bomb can expand) and nesting deeper than ``MAX_NESTING`` levels."""
    walker = _SafeLoader(text)
    try:
        depth = 0
        while walker.check_event():
            event = walker.get_event()
            if isinstance(event, AliasEvent):
                raise _Refused(
                    problem="aliases (*name) are not used in an indicators file; write the "
                    "values out",
                    problem_mark=event.start_mark,
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise _Refused(
                        problem=f"lists and mappings are nested more than {MAX_NESTING} levels "
                        "deep; check the indentation",
                        problem_mark=event.start_mark,
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        walker.dispose()
    loader = _SafeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _explain(error: yaml.YAMLError) -> str:
    """YAML's complaint, with the most common slip (a tab) said in an editor's words."""
    if isinstance(error, yaml.MarkedYAMLError):
        original = " ".join(part for part in (error.context, error.problem) if part)
    else:
        original = str(error)
    original = original[:200]
    if isinstance(error, _Refused):
        return original
    if "'\\t'" in original or "tab" in original:
        return f"a tab is used for indentation; indent with spaces (YAML says: {original})"
    return original or "not valid YAML"


class _Invalid(Exception):
    """One field of an indicator is wrong."""

    def __init__(self, field_name: str | None, message: str, line: int | None = None) -> None:
        self.field = field_name
        self.message = message
        self.line = line
        super().__init__(message)


class _Checker:
    """Reads one indicator node into an Indicator, collecting its problems."""

    def __init__(self, file: str, reference: Reference) -> None:
        self.file = file
        self.reference = reference
        self._constructor = yaml.SafeLoader("")

    def _scalar(self, node: Node, field_name: str) -> Any:
        if not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            raise _Invalid(field_name, f"expected a single value, found {kind}", _line(node))
        try:
            return self._constructor.construct_object(node, deep=True)
        except ConstructorError as error:
            raise _Invalid(
                field_name, f"cannot read the value: {error.problem or error}", _line(node)
            ) from error

    def _text(self, node: Node, field_name: str, limit: int = MAX_TEXT) -> str:
        value = self._scalar(node, field_name)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _Invalid(field_name, f'expected text; put it in quotes: {field_name}: "…"')
        text = str(value).strip()
        if len(text) > limit:
            raise _Invalid(field_name, f"longer than {limit:,} characters")
        return text

    def _number(self, node: Node, field_name: str, *, share: bool) -> float:
        value = self._scalar(node, field_name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise _Invalid(field_name, f"expected a number, found {_shown(node)}", _line(node))
        if value < 0:
            raise _Invalid(
                field_name, f"{value} is negative; counts are never below 0", _line(node)
            )
        if share and value > 100:
            raise _Invalid(field_name, f"{value} is a share above 100 %", _line(node))
        return float(value)

    def _year(self, node: Node, field_name: str) -> int:
        value = self._scalar(node, field_name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(field_name, f"expected a year such as 2023, found {_shown(node)}")
        if not periods.MIN_YEAR <= value <= periods.MAX_YEAR:
            raise _Invalid(
                field_name, f"the year {value} is outside {periods.MIN_YEAR}–{periods.MAX_YEAR}"
            )
        return value

    def _mapping(self, node: Node, field_name: str) -> list[tuple[Node, Node]]:
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, MappingNode):
            raise _Invalid(
                field_name, f"expected a mapping (key: value lines), found {_shown(node)}"
            )
        return list(node.value)

    def read(self, position: int, node: Node) -> tuple[Indicator | None, list[Problem]]:
        """Read indicator number `position`; None when it has an error."""
        line = _line(node)
        if not isinstance(node, MappingNode):
            return None, [
                Problem.error(
                    f"indicator {position} is not a mapping of fields (each starts with '- id:')",
                    file=self.file,
                    line=line,
                    item=ITEM,
                )
            ]
        fields: dict[str, Node] = {}
        lines: dict[str, int] = {}
        problems: list[Problem] = []
        indicator_id: str | None = None
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key == F_ID and isinstance(value_node, ScalarNode):
                indicator_id = str(value_node.value)[:120] or None
            if key in fields:
                problems.append(
                    self._problem(_line(key_node), None, key, "the field is written twice")
                )
            fields[key] = value_node
            lines[key] = _line(key_node)

        def report(field_name: str | None, message: str, at: int | None = None) -> None:
            where = at if at is not None else lines.get(field_name or "", line)
            problems.append(self._problem(where, indicator_id, field_name, message))

        for key in fields:
            if key not in FIELDS:
                report(key[:60], f"unknown field; an indicator has {', '.join(FIELDS)}")
        for key in REQUIRED:
            if key not in fields:
                report(key, "required field is missing", line)
        values: dict[str, Any] = {}
        for key, value_node in fields.items():
            if key not in FIELDS:
                continue
            try:
                values[key] = self._field(key, value_node, fields)
            except _Invalid as invalid:
                report(invalid.field, invalid.message, invalid.line or lines.get(key, line))
        if problems or any(key not in values for key in REQUIRED):
            return None, problems
        measure = MEASURES[values[F_MEASURE]]
        return (
            Indicator(
                id=values[F_ID],
                name=values[F_NAME],
                measure=measure.code,
                event_filter=values.get(F_FILTER, EventFilter()),
                unit=values.get(F_UNIT) or measure.unit,
                higher_is_better=values.get(F_HIGHER, True),
                baseline=values.get(F_BASELINE),
                targets=values.get(F_TARGETS, ()),
                description=values.get(F_DESCRIPTION, ""),
                line=line,
            ),
            problems,
        )

    def _problem(
        self, line: int | None, indicator_id: str | None, field_name: str | None, message: str
    ) -> Problem:
        return Problem.error(
            message, file=self.file, line=line, event_id=indicator_id, field=field_name, item=ITEM
        )

    def _share(self, fields: Mapping[str, Node]) -> bool:
        node = fields.get(F_MEASURE)
        return isinstance(node, ScalarNode) and node.value == ORGANISED_SHARE

    def _field(self, key: str, node: Node, fields: Mapping[str, Node]) -> Any:
        if key == F_ID:
            text = self._text(node, key, 120)
            if not ID_PATTERN.match(text):
                raise _Invalid(
                    key, f"'{text[:60]}' is not a slug: lowercase letters, digits, hyphens"
                )
            return text
        if key == F_NAME:
            text = self._text(node, key)
            if not text:
                raise _Invalid(key, "the name is empty")
            return text
        if key == F_MEASURE:
            text = self._text(node, key)
            if text not in MEASURES:
                raise _Invalid(key, f"unknown measure '{text[:60]}'; one of {', '.join(MEASURES)}")
            return text
        if key == F_UNIT:
            return self._text(node, key, 60)
        if key == F_DESCRIPTION:
            return self._text(node, key, MAX_DESCRIPTION)
        if key == F_HIGHER:
            value = self._scalar(node, key)
            if not isinstance(value, bool):
                raise _Invalid(key, f"expected true or false, found {_shown(node)}")
            return value
        if key == F_FILTER:
            return self._filter(node)
        if key == F_BASELINE:
            return self._baseline(node, share=self._share(fields))
        return self._targets(node, share=self._share(fields))

    def _filter(self, node: Node) -> EventFilter:
        chosen: dict[str, tuple[str, ...]] = {}
        for key_node, value_node in self._mapping(node, F_FILTER):
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            name = f"{F_FILTER}.{key[:40]}"
            if key not in FILTER_KEYS:
                raise _Invalid(
                    name, f"unknown filter; one of {', '.join(FILTER_KEYS)}", _line(key_node)
                )
            if isinstance(value_node, SequenceNode):
                raw = [self._text(item, name) for item in value_node.value]
            else:
                raw = [self._text(value_node, name)]
            values: list[str] = []
            for value in raw:
                canonical = self._filter_value(key, value, name, _line(value_node))
                if canonical not in values:
                    values.append(canonical)
            if not values:
                raise _Invalid(name, "the list is empty; leave the filter out to count all events")
            chosen[key] = tuple(values)
        return EventFilter(**chosen)  # type: ignore[arg-type]

    def _filter_value(self, key: str, value: str, name: str, line: int) -> str:
        if key == "pillars":
            allowed = (*self.reference.pillar_codes, schema.NO_PILLAR)
            if value not in allowed:
                raise _Invalid(
                    name, f"unknown pillar '{value[:60]}'; one of {', '.join(allowed)}", line
                )
            return value
        if key == "event_types":
            if value not in self.reference.event_types:
                raise _Invalid(
                    name,
                    f"unknown event type '{value[:60]}'; one of {', '.join(self.reference.event_types)}",
                    line,
                )
            return value
        if key == "roles":
            if value not in schema.IISG_ROLES:
                raise _Invalid(
                    name,
                    f"unknown IISG role '{value[:60]}'; one of {', '.join(schema.IISG_ROLES)}",
                    line,
                )
            return value
        if key == "partners":
            partner = self.reference.registry.resolve(value)
            if partner is None:
                raise _Invalid(name, f"'{value[:60]}' is not in partners.yaml", line)
            return partner.name
        if key == "partner_kinds":
            labels = {
                **{label: label for label in schema.PARTNER_KINDS.values()},
                **schema.PARTNER_KINDS,
            }
            if value not in labels:
                raise _Invalid(
                    name,
                    f"unknown partner kind '{value[:60]}'; one of {', '.join(schema.PARTNER_KINDS)}",
                    line,
                )
            return labels[value]
        if key == "countries" and value == schema.KOSOVO_DISPLAY:
            return schema.KOSOVO
        if not value:
            raise _Invalid(name, "an empty value", line)
        return value

    def _baseline(self, node: Node, *, share: bool) -> Baseline | None:
        entries = self._mapping(node, F_BASELINE)
        if not entries:
            return None
        year: int | None = None
        value: float | None = None
        for key_node, value_node in entries:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            name = f"{F_BASELINE}.{key[:40]}"
            if key == BASELINE_YEAR:
                year = self._year(value_node, name)
            elif key == BASELINE_VALUE:
                value = self._number(value_node, name, share=share)
            else:
                raise _Invalid(
                    name,
                    "a baseline has 'year' and, when stated rather than computed, 'value'",
                    _line(key_node),
                )
        if year is None:
            raise _Invalid(
                F_BASELINE,
                "the baseline needs a year (its value is computed from that year's events when no value is given)",
            )
        return Baseline(year=year, value=value)

    def _targets(self, node: Node, *, share: bool) -> tuple[tuple[str, float], ...]:
        targets: dict[str, float] = {}
        for key_node, value_node in self._mapping(node, F_TARGETS):
            written = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            name = f"{F_TARGETS}.{written[:40]}"
            try:
                code = periods.parse_period(written).code
            except ValueError as error:
                raise _Invalid(name, str(error), _line(key_node)) from error
            if code in targets:
                raise _Invalid(name, f"a second target for {code}", _line(key_node))
            targets[code] = self._number(value_node, name, share=share)
        return tuple(sorted(targets.items(), key=lambda item: _period_order(item[0])))


def _period_order(code: str) -> tuple[dt.date, int]:
    period = periods.parse_period(code)
    # Within one start day the longer period first: 2024, 2024-H1, 2024-Q1.
    return period.start, -period.days


def _shown(node: Node) -> str:
    if isinstance(node, ScalarNode):
        raw = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"'{raw}'"
    return "a list" if isinstance(node, SequenceNode) else "a mapping"
