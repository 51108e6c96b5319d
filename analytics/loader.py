"""Load and validate the events file into pandas frames, reporting every problem by line."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from analytics import schema
from analytics.geo import PlaceRegister, load_register
from analytics.reference import BUNDLED_DATA_DIR, Reference, load_reference
from analytics.schema import DatasetError, Problem

EVENTS_FILE_VARIABLE = "EVENTS_FILE"
DEFAULT_EVENTS_FILE = BUNDLED_DATA_DIR / "events.yaml"
# 10,000 events take about 11 MB; the limit leaves room for 100,000 and refuses worse.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_LIST_ITEMS = 500
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL_PATTERN = re.compile(r"^https?://\S+$")

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Row key (not a column) keeping the partner names as the file writes them.
_WRITTEN_PARTNERS = "_partners_as_written"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


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
    return "an empty value" if value is None else type(value).__name__


def _quote_hint(field_name: str, node: ScalarNode) -> str:
    raw = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f'put it in quotes: {field_name}: "{raw}"'


class _Reader:
    """Reads one events file node by node, so every problem has its line."""

    def __init__(self, path: Path, reference: Reference, places: PlaceRegister) -> None:
        self.path = path
        self.file = path.name
        self.reference = reference
        self.places = places
        self.problems: list[Problem] = []
        self._loader: Any = None

    # -- parsing ---------------------------------------------------------------------------
    def parse(self, text: str) -> list[Node]:
        """Compose the YAML text into nodes and return the event nodes."""
        self._loader = _SafeLoader(text)
        try:
            root = self._loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else None
            what = error.problem or "not valid YAML"
            hint = (
                " (YAML indentation must use spaces, not tabs)"
                if "\\t" in what or "tab" in what
                else ""
            )
            raise DatasetError(
                f"the file is not valid YAML: {what}{hint}", file=self.file, line=line
            ) from error
        except yaml.YAMLError as error:
            raise DatasetError(f"the file is not valid YAML: {error}", file=self.file) from error
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

    def construct(self, node: Node) -> Any:
        return self._loader.construct_object(node, deep=True)

    # -- one event -------------------------------------------------------------------------
    def read_event(self, position: int, node: Node) -> _EventCheck:
        check = _EventCheck(self.file, _line(node), f"#{position}")
        if not isinstance(node, MappingNode):
            check.report(
                None,
                f"event #{position} is not a mapping of fields (each field on its own line as 'name: value')",
            )
            return check
        nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                check.report(None, "a field name must be plain text")
                continue
            if key in nodes:
                check.field_lines[key] = _line(key_node)
                check.report(
                    key,
                    f"field '{key}' appears twice (first on line {_line(nodes[key])}); keep one",
                )
                continue
            nodes[key] = value_node
            check.field_lines[key] = _line(key_node)
        id_node = nodes.get(schema.ID)
        if isinstance(id_node, ScalarNode) and id_node.value.strip():
            check.event_id = id_node.value.strip()[:80]
        for key in nodes:
            if key not in schema.ALL_FIELDS:
                shown = key if len(key) <= 40 else key[:37] + "..."
                check.report(
                    key, f"unknown field '{shown}'; the fields are: {', '.join(schema.ALL_FIELDS)}"
                )
        for name in schema.REQUIRED_FIELDS:
            if name not in nodes or (
                isinstance(nodes[name], ScalarNode) and nodes[name].tag.endswith(":null")
            ):
                check.report(name, f"required field '{name}' is missing")
        for name, value_node in nodes.items():
            if name in schema.ALL_FIELDS:
                self._read_field(check, name, value_node)
        if check.valid:
            self._check_event(check)
        return check

    def _scalar(self, check: _EventCheck, name: str, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            check.report(name, f"{name} must be a single value, found {kind}")
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
        if country and _country_unknown(country):
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


def _country_unknown(country: str) -> bool:
    from analytics.geo import country_code

    return country_code(country) is None


def _pillar_group(pillars: tuple[str, ...]) -> str:
    if not pillars:
        return schema.NO_PILLAR
    return pillars[0] if len(pillars) == 1 else schema.CROSS_CUTTING


def _read_text(path: Path, max_bytes: int) -> tuple[str, str]:
    """Read a file's text and content hash, refusing what the loader cannot take."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DatasetError(
            f"cannot open the events file: {error.strerror or error}", file=str(path)
        ) from error
    if size > max_bytes:
        raise DatasetError(
            f"the file is {size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB", file=name
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DatasetError(
            f"cannot read the events file: {error.strerror or error}", file=str(path)
        ) from error
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DatasetError(
            f"the file is not UTF-8 text (byte {error.start}); save it as UTF-8",
            file=name,
            line=line,
        ) from error
    # A byte-order mark is invisible in editors and carries no data.
    return text.removeprefix("\ufeff"), digest


def _build_frames(
    rows: list[dict[str, Any]], reference: Reference
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    events = pd.DataFrame(rows, columns=list(schema.EVENT_COLUMNS))
    for name in schema.DATE_FIELDS:
        events[name] = pd.to_datetime(events[name]).astype("datetime64[ns]")
    events[schema.LINE] = events[schema.LINE].astype("int64")
    events[schema.DURATION_DAYS] = events[schema.DURATION_DAYS].astype("int64")
    events[schema.YEAR] = events[schema.YEAR].astype("int64")
    events[schema.LATITUDE] = events[schema.LATITUDE].astype("float64")
    events[schema.LONGITUDE] = events[schema.LONGITUDE].astype("float64")
    for name in schema.TEXT_FIELDS + (
        schema.FORMAT,
        schema.EVENT_TYPE,
        schema.IISG_ROLE,
        schema.PILLAR_GROUP,
    ):
        events[name] = events[name].astype("string")
    partners_rows = []
    registry = reference.registry
    for row in rows:
        listed: set[str] = set()
        for written in row[_WRITTEN_PARTNERS]:
            entry = registry.resolve(written)
            if (entry.name if entry else written) in listed:
                continue
            listed.add(entry.name if entry else written)
            partners_rows.append(
                {
                    schema.EVENT_ID: row[schema.ID],
                    schema.PARTNER: entry.name if entry else written,
                    schema.PARTNER_KIND: entry.kind_label if entry else schema.UNKNOWN_KIND,
                    schema.PARTNER_COUNTRY: (entry.country if entry else None),
                    schema.AS_WRITTEN: written,
                }
            )
    event_partners = pd.DataFrame(
        partners_rows,
        columns=[
            schema.EVENT_ID,
            schema.PARTNER,
            schema.PARTNER_KIND,
            schema.PARTNER_COUNTRY,
            schema.AS_WRITTEN,
        ],
    ).astype("string")
    pillar_rows = [
        {schema.EVENT_ID: row[schema.ID], schema.PILLAR: code}
        for row in rows
        for code in row[schema.PILLARS]
    ]
    event_pillars = pd.DataFrame(pillar_rows, columns=[schema.EVENT_ID, schema.PILLAR]).astype(
        "string"
    )
    return events, event_partners, event_pillars


def _row(check: _EventCheck, reference: Reference, places: PlaceRegister) -> dict[str, Any]:
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
    return row


def load_dataset(
    path: str | Path | None = None,
    *,
    reference: Reference | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Dataset:
    """Load an events file, keeping every valid event and reporting every problem.

    An event with an error (missing required field, impossible date, unknown pillar, duplicate
    id, wrong type, unknown field...) is left out and reported; warnings (unknown partner or
    city) keep the event. The input file is never changed.

    Args:
        path: The events file; ``default_events_path()`` when None.
        reference: Reference data; read from the file's folder (falling back to data/) when None.
        max_bytes: Files larger than this are refused.

    Returns:
        The dataset.

    Raises:
        DatasetError: The file is missing, unreadable, too large, not YAML or not a list of events.
    """
    events_path = Path(path) if path is not None else default_events_path()
    text, digest = _read_text(events_path, max_bytes)
    reference = reference or load_reference(events_path.parent)
    places = load_register(events_path.parent)
    reader = _Reader(events_path, reference, places)
    nodes = reader.parse(text)
    rows: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    for position, node in enumerate(nodes, start=1):
        check = reader.read_event(position, node)
        event_id = check.values.get(schema.ID)
        if check.valid and event_id in seen_ids:
            check.report(
                schema.ID,
                f"id '{event_id}' is already used by the event on line {seen_ids[event_id]}",
            )
        reader.problems.extend(check.problems)
        if check.valid:
            seen_ids[event_id] = check.line
            rows.append(_row(check, reference, places))
    events, event_partners, event_pillars = _build_frames(rows, reference)
    return Dataset(
        path=events_path,
        events=events,
        problems=tuple(reader.problems),
        event_partners=event_partners,
        event_pillars=event_pillars,
        reference=reference,
        content_hash=digest,
        total_events_in_file=len(nodes),
    )


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
