"""Tests of analytics.dataset.plain_event: an event read in one pass from libyaml's events is
what checking its node gives, and a file loads alike with or without that reading."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from analytics.dataset import load
from analytics.dataset.check import EventCheck, EventChecker
from analytics.dataset.events_file import EventsFile
from analytics.dataset.plain_event import PlainEventReader
from analytics.dataset.yaml_items import Builder, Mapping, Node
from tests.dataset.test_check import DATA, EDGE_EVENTS, FILES, _checker, _state


def _read_from_parser(source: bytes, checker: EventChecker) -> tuple[list[object], Builder | None]:
    """Each item as read with the one-pass reader: a checked event, or a node; and the builder."""
    reader = PlainEventReader(checker)
    builders: list[Builder] = []

    def read(build: Builder, start: object) -> object:
        builders.append(build)
        return reader(build, start)

    # (No builder when `events:` holds a single event, not a list: nothing to read in one pass.)
    return list(EventsFile(source, "events.yaml", read_item=read)), next(iter(builders), None)


def _read_as_nodes(source: bytes) -> tuple[list[Node], Builder | None]:
    builders: list[Builder] = []

    def read(build: Builder, start: object) -> Node:
        builders.append(build)
        return build.node(start)

    return list(EventsFile(source, "events.yaml", read_item=read)), next(iter(builders), None)


def _checked_either_way(source: bytes) -> None:
    checker = _checker(DATA)
    items, build = _read_from_parser(source, checker)
    nodes, node_build = _read_as_nodes(source)
    assert len(items) == len(nodes)
    for position, (item, node) in enumerate(zip(items, nodes, strict=True), start=1):
        expected = checker.read_event(position, node)
        if isinstance(item, EventCheck):
            assert _state(item) == _state(expected), node.line
            assert (item.line, item.end_line) == (node.line, node.end_line)
        else:  # Not plain: read again from the events taken, as the node it is.
            assert type(item) is type(node)
            assert (item.line, getattr(item, "end_line", 0)) == (
                node.line,
                getattr(node, "end_line", 0),
            )
            assert _state(checker.read_event(position, item)) == _state(expected)
    # The values read are counted alike (the alias limit depends on it).
    assert (build is None) == (node_build is None)
    if build is not None and node_build is not None:
        assert (build.written, build.expanded) == (node_build.written, node_build.expanded)


def test_events_read_from_the_parser_are_checked_as_their_nodes() -> None:
    """An event read in one pass from the parser gets what checking its node gives."""
    _checked_either_way(EDGE_EVENTS.encode())


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_files_read_from_the_parser_as_from_nodes(path: Path) -> None:
    """The bundled data, the test data and the bad-input corpus, read both ways, alike."""
    _checked_either_way(path.read_bytes())


def test_only_plain_events_are_read_from_the_parser() -> None:
    """The events without tag, anchor or alias that one pass reads; the others are nodes."""
    items, _build = _read_from_parser(EDGE_EVENTS.encode(), _checker(DATA))
    one_pass = {item.event_id for item in items if isinstance(item, EventCheck)}
    assert one_pass == {"plain", "quoted-dates", "empty-values", "unknown-things"}


def test_an_event_left_half_read_is_read_again_whole() -> None:
    """An event found not plain after some fields is read again from its first field on."""
    source = b"""\
events:
  - id: first
    title: Plain so far
    start_date: 2023-04-25
    partners: [CEPOL, !!str Italy, Austria]
    event_type: workshop
    iisg_role: organiser
    source: test
  - id: second
    title: Plain
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    source: test
"""
    items, _build = _read_from_parser(source, _checker(DATA))
    first, second = items
    assert isinstance(first, Mapping)
    assert [key for key, *_rest in first.entries] == [
        "id",
        "title",
        "start_date",
        "partners",
        "event_type",
        "iisg_role",
        "source",
    ]
    assert [text for text, _tag, _line in first.entries[3][3].entries] == [
        "CEPOL",
        "Italy",
        "Austria",
    ]
    assert isinstance(second, EventCheck)
    assert (second.event_id, second.line, second.end_line) == ("second", 9, 14)


class _NodesOnly:
    """The item reader of the loader without the one-pass reading: every item a node."""

    def __init__(self, checker: EventChecker) -> None:
        del checker

    def __call__(self, build: Builder, start: object) -> Node:
        return build.node(start)


# Small edits of the bundled file: lines dropped, repeated, indented, cut, or given YAML
# syntax (anchors, aliases, tags, brackets, quotes, odd dates and words).
_SNIPPETS = (
    "",
    " ",
    "- ",
    ": ",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "\t",
    "null",
    "~",
    "2023-13-45",
    "0023-04-25",
    "2023-04-25 10:00:00",
    "yes",
    "<<: *a",
    "|",
    "? ",
    ",",
)


def _edited(lines: list[str], rng: random.Random) -> str:
    edited = list(lines)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(edited))
        kind = rng.randrange(5)
        line = edited[at]
        cut = rng.randint(0, len(line))
        if kind == 0:
            del edited[at]
        elif kind == 1:
            edited.insert(at, edited[rng.randrange(len(edited))])
        elif kind == 2:
            edited[at] = line[:cut] + rng.choice(_SNIPPETS) + line[cut:]
        elif kind == 3:
            edited[at] = line[:cut] + line[cut + rng.randint(1, 5) :]
        else:
            edited[at] = "  " + line
    return "\n".join(edited)


def _loaded(path: Path) -> str:
    try:
        dataset = load.load_dataset(path)
    except Exception as error:  # noqa: BLE001 - the same failure either way is what counts
        return f"{type(error).__name__}: {error}"
    return repr(
        (
            dataset.events.to_dict("list"),
            dataset.event_partners.to_dict("list"),
            dataset.event_pillars.to_dict("list"),
            dataset.problems,
            dataset.total_events_in_file,
        )
    )


def test_edited_files_load_alike_with_or_without_the_one_pass_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60 seeded edits of the bundled file: the same frames, problems and failures either way."""
    for name in ("pillars.yaml", "event_types.yaml", "partners.yaml", "places.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    lines = (DATA / "events.yaml").read_text(encoding="utf-8").split("\n")
    rng = random.Random(12)
    path = tmp_path / "events.yaml"
    differing = []
    for number in range(60):
        path.write_text(_edited(lines, rng), encoding="utf-8")
        monkeypatch.setattr(load, "PlainEventReader", PlainEventReader)
        one_pass = _loaded(path)
        monkeypatch.setattr(load, "PlainEventReader", _NodesOnly)
        as_nodes = _loaded(path)
        if one_pass != as_nodes:
            differing.append(number)
    assert not differing
