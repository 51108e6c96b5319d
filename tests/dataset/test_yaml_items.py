"""Tests of analytics.dataset.yaml_items and events_file: items read one at a time, with lines,
aliases and limits."""

from __future__ import annotations

import pytest
import yaml

from analytics.dataset.events_file import EventsFile, read_list
from analytics.dataset.yaml_items import (
    MAX_NESTING,
    Mapping,
    Scalar,
    Sequence,
    StructureLimit,
)
from analytics.schema import DatasetError


def fields(node: Mapping) -> dict[str, tuple[object, int]]:
    """An item's fields as {name: (value or list of values, line)}."""
    out: dict[str, tuple[object, int]] = {}
    for key, value in node.pairs:
        assert isinstance(key, Scalar)
        if isinstance(value, Sequence):
            out[key.value] = ([v.value for v in value.items if isinstance(v, Scalar)], key.line)
        else:
            assert isinstance(value, Scalar)
            out[key.value] = (value.value, key.line)
    return out


def test_items_have_the_lines_of_their_fields() -> None:
    """Column-0 items, a comment that looks like an item, CRLF: each field on its own line."""
    text = (
        "# header\r\nmetadata: {a: 1}\r\nevents:\r\n- id: a\r\n  pillars:\r\n  - X\r\n"
        "# - id: not-an-item\r\n- id: b\r\n  title: >-\r\n    folded\r\n    text\r\n  n: 3\r\n"
    )
    items = list(EventsFile(text.encode(), "f.yaml"))
    assert [fields(item) for item in items] == [  # type: ignore[arg-type]
        {"id": ("a", 4), "pillars": (["X"], 5)},
        {"id": ("b", 8), "title": ("folded text", 9), "n": ("3", 12)},
    ]
    # (A comment below an item is inside its span, as libyaml ends the item at the next one.)
    assert [(item.line, item.end_line) for item in items] == [(4, 7), (8, 12)]  # type: ignore[union-attr]


def test_tags_are_resolved_as_safe_load_does() -> None:
    """Plain scalars get int/float/bool/null/timestamp tags; quoted ones stay text."""
    text = "events:\n- [1, 1.5, yes, ~, 2023-04-25, '2023-04-25', x, !!str 3, '']\n"
    [item] = list(EventsFile(text, "f.yaml"))
    assert isinstance(item, Sequence)
    tags = [v.tag.rsplit(":", 1)[1] for v in item.items]  # type: ignore[union-attr]
    assert tags == ["int", "float", "bool", "null", "timestamp", "str", "str", "str", "str"]
    reference = yaml.safe_load(text)["events"][0]
    assert [type(v).__name__ for v in reference] == [
        "int",
        "float",
        "bool",
        "NoneType",
        "date",
        "str",
        "str",
        "str",
        "str",
    ]


def test_aliases_resolve_to_their_anchors_across_items() -> None:
    """An anchor in one item serves an alias in a later one, and in metadata before the list."""
    text = (
        "metadata: {shared: &s [A, B]}\nevents:\n"
        "- {start_date: &d 2023-04-25, end_date: *d, partners: *s}\n- {partners: *s, end_date: *d}\n"
    )
    first, second = list(EventsFile(text, "f.yaml"))
    assert fields(first) == {  # type: ignore[arg-type]
        "start_date": ("2023-04-25", 3),
        "end_date": ("2023-04-25", 3),
        "partners": (["A", "B"], 3),
    }
    assert fields(second)["partners"][0] == ["A", "B"]  # type: ignore[arg-type]


def test_nesting_deeper_than_the_limit_is_refused_while_reading() -> None:
    """A list nested 40 levels deep raises StructureLimit, not a crash or a recursion error."""
    text = "events:\n- " + "[" * 40 + "]" * 40 + "\n"
    with pytest.raises(StructureLimit, match=f"more than {MAX_NESTING} levels"):
        list(EventsFile(text, "f.yaml"))


def test_nesting_within_the_limit_is_read() -> None:
    """An event's four levels and a few more are fine."""
    text = "events:\n- " + "[" * (MAX_NESTING - 3) + "]" * (MAX_NESTING - 3) + "\n"
    assert len(list(EventsFile(text, "f.yaml"))) == 1


def test_an_alias_bomb_is_refused() -> None:
    """Aliases that would expand to more values than the limit allows stop the reading."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "metadata:\n" + "".join(f"  {line}\n" for line in lines) + "events: [*a8]\n"
    with pytest.raises(StructureLimit, match="aliases"):
        list(EventsFile(text, "f.yaml"))


def test_text_with_ampersands_and_asterisks_is_plain_text() -> None:
    """'R&D' and 'a *starred* word' are values, not anchors or aliases."""
    [item] = list(EventsFile("events:\n- title: R&D and a *starred* word\n", "f.yaml"))
    assert fields(item)["title"][0] == "R&D and a *starred* word"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("just text\n", "found a single value"),
        ("other: 1\n", "no 'events:' list"),
        ("events: 3\n", "must be followed by a list"),
        ("events: []\nevents: []\n", "appears twice"),
    ],
)
def test_a_file_without_an_events_list_says_why(text: str, words: str) -> None:
    """Each shape without a list of events raises a DatasetError naming the problem."""
    with pytest.raises(DatasetError, match=words):
        list(EventsFile(text, "f.yaml"))


def test_a_second_document_is_a_yaml_error() -> None:
    """Two documents are refused as yaml.safe_load refuses them."""
    with pytest.raises(yaml.YAMLError, match="single document"):
        list(EventsFile("events: []\n---\nevents: []\n", "f.yaml"))


def test_a_piece_of_text_is_read_with_the_lines_of_the_file() -> None:
    """An item cut from line 10 of a broken file keeps its lines."""
    [item] = read_list("  - id: a\n    title: b\n", 9) or []
    assert fields(item) == {"id": ("a", 10), "title": ("b", 11)}  # type: ignore[arg-type]
