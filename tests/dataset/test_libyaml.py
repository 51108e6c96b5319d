"""Tests of analytics/dataset/_libyaml.c: libyaml's events, as PyYAML's C parser gives them,
and a mapping's fields in one call, as Builder reads them from PyYAML's events.

The loader reads its events from the compiled reader when it is built (`make test` builds it)
and from PyYAML's parser otherwise. Every event (its kind, anchor, tag, implicit flags, value,
style, positions) and every parse error (its kind, words and positions) must be the same from
both, and a file must load alike whichever reads it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from analytics.dataset import load, yaml_items
from analytics.dataset.yaml_items import Builder
from tests.dataset.test_equivalence import STYLES, bundled_data, write
from tests.dataset.test_plain_event import _edited, _loaded

fast = pytest.importorskip(
    "analytics.dataset._libyaml", reason="the compiled reader is not built (make reader)"
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ATTRIBUTES = (
    "anchor",
    "tag",
    "implicit",
    "value",
    "style",
    "flow_style",
    "encoding",
    "explicit",
    "version",
    "tags",
)


def _mark(mark: Any) -> tuple[Any, ...] | None:
    return None if mark is None else (mark.name, mark.index, mark.line, mark.column, str(mark))


def _event(event: Any) -> Any:
    if event is None:
        return None
    return (
        type(event).__name__,
        [(name, getattr(event, name)) for name in ATTRIBUTES if hasattr(event, name)],
        _mark(event.start_mark),
        _mark(event.end_mark),
    )


def _error(error: yaml.YAMLError) -> tuple[Any, ...]:
    return (
        type(error),
        str(error),
        *(_mark(getattr(error, name, None)) for name in ("context_mark", "problem_mark")),
        *(
            getattr(error, name, None)
            for name in ("context", "problem", "position", "character", "reason")
        ),
    )


def _events(parser_class: Any, source: str | bytes) -> list[Any]:
    """Each event as (class name, its attributes, its marks); a parse error ends the list."""
    parser = parser_class(source)
    read: list[Any] = []
    try:
        while True:
            try:
                event = parser.get_event()
            except yaml.YAMLError as error:
                read.append(_error(error))
                return read
            read.append(_event(event))
            if event is None:
                return read
    finally:
        parser.dispose()


def _fields(source: str | bytes, in_c: bool) -> list[Any]:
    """The stream read as the loader reads it: after each mapping's start, `read_fields`, and
    the events it took when the mapping is not flat; every other event one by one.

    `read_fields` is the compiled parser's, or (`in_c` false) Builder's own, which reads the
    events one by one (as it does from PyYAML's parser).
    """
    parser = fast.Parser(source)
    build = Builder(parser.get_event, 0, parser if in_c else None)
    read: list[Any] = []
    try:
        while True:
            event = parser.get_event()
            read.append(_event(event))
            if event is None:
                return read
            if type(event).__name__ == "MappingStartEvent":
                fields = build.read_fields()
                read.append(fields)
                if fields is None:
                    read.append([_event(taken) for taken in build.taken()])
    except yaml.YAMLError as error:
        read.append(_error(error))
        return read
    finally:
        parser.dispose()


def _assert_same_events(source: str | bytes) -> None:
    expected = _events(yaml.CSafeLoader, source)
    assert _events(fast.Parser, source) == expected
    assert expected  # (A reader error can come first, before any event.)
    # A mapping's fields are read alike in C and from the events one by one.
    assert _fields(source, in_c=True) == _fields(source, in_c=False)


def _test_files() -> list[Path]:
    return sorted([*DATA.glob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")])


@pytest.mark.parametrize("path", _test_files(), ids=lambda path: path.name)
def test_every_test_file_gives_the_same_events(path: Path) -> None:
    raw = path.read_bytes()
    _assert_same_events(raw)
    _assert_same_events(raw.decode("utf-8", errors="replace"))


@pytest.mark.parametrize("style", list(STYLES))
def test_every_yaml_style_gives_the_same_events(style: str) -> None:
    content = STYLES[style](bundled_data())
    _assert_same_events(content)
    if isinstance(content, str):
        _assert_same_events(content.encode("utf-8"))


# Each breaks the stream somewhere else: libyaml's reader, scanner or parser stops there.
BROKEN = {
    "not UTF-8": b"events:\n  - id: caf\xe9\n",
    "a control character": b"events:\n  - id: a\x07b\n",
    "a tab as indentation": b"events:\n\t- id: a\n",
    "an unclosed quote": b'events:\n  - id: "a\n    title: b\n',
    "an unclosed bracket": b"events: [a, b\n",
    "a bad indentation": b"events:\n  - id: a\n   title: b\n",
    "a key without a value's colon": b"events:\n  - id: a\n    title\n  - id: b\n",
    "two documents": b"events: []\n---\nevents: []\n",
    "an unknown tag handle": b"events: !x!y [a]\n",
    "an undefined alias": b"events:\n  - *nowhere\n",
    "a duplicate YAML directive": b"%YAML 1.1\n%YAML 1.1\n---\nevents: []\n",
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_streams_stop_with_the_same_error(name: str) -> None:
    _assert_same_events(BROKEN[name])


ODD = {
    "empty": b"",
    "comments only": b"# nothing\n",
    "directives and tags": b"%YAML 1.1\n%TAG !e! tag:example.com,2000:\n--- !e!root\n"
    b"events: !!seq [!e!thing a, !!str b]\n...\n",
    "anchors and aliases": b"a: &x [1, &y 2]\nb: *x\nc: *y\n",
    "every scalar style": b"a: plain\nb: 'single'\nc: \"double\"\nd: |\n  literal\ne: >\n  folded\n",
    "UTF-16 little-endian": "\ufeffevents:\n  - id: ä\n".encode("utf-16-le"),
    "UTF-16 big-endian": "\ufeffevents:\n  - id: ä\n".encode("utf-16-be"),
    "a byte-order mark": "\ufeffevents:\n  - id: ä\n".encode(),
    "CRLF": b"events:\r\n  - id: a\r\n    title: b\r\n",
    "no final line end": b"events:\n  - id: a",
    "explicit keys and flow mappings": b"? a\n: {b: c, d: [e, {f: g}]}\n",
}


@pytest.mark.parametrize("name", list(ODD))
def test_unusual_streams_give_the_same_events(name: str) -> None:
    _assert_same_events(ODD[name])
    if name not in ("UTF-16 little-endian", "UTF-16 big-endian"):
        _assert_same_events(ODD[name].decode("utf-8"))


def test_edited_files_give_the_same_events() -> None:
    """80 seeded edits of the bundled file (lines dropped, repeated, cut, indented, odd words)."""
    lines = (DATA / "events.yaml").read_text(encoding="utf-8").split("\n")
    rng = random.Random(31)
    for _ in range(80):
        _assert_same_events(_edited(lines, rng).encode("utf-8"))


# Bytes a random edit inserts: YAML's indicators, anchors, aliases, tags, quotes, markers, and
# bytes libyaml refuses (a stray UTF-8 lead byte, 0xFF, NUL), a BOM in the middle.
_INSERTS = (
    b"\n", b" ", b"- ", b": ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!str ", b"!x ", b"'",
    b'"', b"|", b">", b"#", b"? ", b",", b"\t", b"\xff", b"\xc3", b"\x00", b"---\n",
    b"...\n", b"%YAML 1.1\n", b"\r\n", b"\xef\xbb\xbf",
)  # fmt: skip


def test_random_byte_edits_give_the_same_events() -> None:
    """1,000 seeded random edits of the bundled file's start: bytes inserted and cut anywhere.

    The compiled reader reads untrusted files: whatever the bytes, it gives PyYAML's events and
    errors, and the same fields, and never crashes the process.
    """
    start = (DATA / "events.yaml").read_bytes()[:6000]
    rng = random.Random(2026)
    for _ in range(1000):
        edited = bytearray(start[: rng.randint(0, len(start))])
        for _ in range(rng.randint(1, 8)):
            at = rng.randint(0, len(edited))
            if rng.random() < 0.7:
                edited[at:at] = rng.choice(_INSERTS)
            else:
                del edited[at : at + rng.randint(1, 20)]
        _assert_same_events(bytes(edited))


def test_the_stream_stays_ended() -> None:
    """After its end the parser gives None again and again, as PyYAML's does (replay relies on it)."""
    parser = fast.Parser(b"events: []\n")
    while parser.get_event() is not None:
        pass
    assert [parser.get_event() for _ in range(3)] == [None, None, None]


def test_the_parser_keeps_its_input_alive() -> None:
    """The loader lets its copy of the bytes go while the parser still reads them."""
    parser = fast.Parser(("events:\n" + "  - id: x\n" * 1000).encode())
    values = []
    event = parser.get_event()
    while event is not None:
        if type(event).__name__ == "ScalarEvent":
            values.append(event.value)
        event = parser.get_event()
    assert values == ["events"] + ["id", "x"] * 1000


def test_other_input_is_refused() -> None:
    with pytest.raises(TypeError):
        fast.Parser(42)
    with pytest.raises(TypeError):
        fast.Parser(bytearray(b"a: b"))
    parser = fast.Parser.__new__(fast.Parser)  # Never initialised: refused, not read.
    with pytest.raises(ValueError, match="not initialised"):
        parser.get_event()
    with pytest.raises(ValueError, match="not initialised"):
        parser.read_fields()
    with pytest.raises(TypeError, match="initialised once"):
        fast.Parser.__init__(fast.Parser(b"a: b"), b"c: d")


def test_the_loader_reads_with_the_compiled_reader() -> None:
    assert yaml_items.EventParser is fast.Parser
    assert yaml_items.ScalarEvent is fast.ScalarEvent


_IN_ANOTHER_PROCESS = """
import json, sys
from analytics.dataset import yaml_items
from tests.dataset.test_plain_event import _loaded
print(json.dumps([yaml_items.EventParser.__module__, [_loaded(p) for p in sys.argv[1:]]]))
"""


def test_files_load_alike_with_pyyaml_events(tmp_path: Path) -> None:
    """Every style, the bad-input files and seeded edits load the same with PyYAML's parser."""
    paths = [
        write(tmp_path / f"style{number}", STYLES[style](bundled_data()))
        for number, style in enumerate(STYLES)
    ]
    lines = (DATA / "events.yaml").read_text(encoding="utf-8").split("\n")
    rng = random.Random(7)
    for number in range(20):
        paths.append(write(tmp_path / f"edit{number}", _edited(lines, rng)))
    for number, broken in enumerate(BROKEN.values()):
        paths.append(write(tmp_path / f"broken{number}", broken))
    paths.extend(sorted((ROOT / "tests" / "data" / "bad").glob("*.yaml")))
    environment = {**os.environ, yaml_items.PYYAML_EVENTS_VARIABLE: "1"}
    result = subprocess.run(
        [sys.executable, "-c", _IN_ANOTHER_PROCESS, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=600,
        check=True,
    )
    module, loaded = json.loads(result.stdout)
    assert module.startswith("yaml")
    assert loaded == [_loaded(path) for path in paths]
    assert load.load_dataset(paths[0]).events.shape[0] > 50
