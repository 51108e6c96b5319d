"""The bundled data written in many YAML styles loads as yaml.safe_load reads it, problems alike."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from analytics import load_dataset, schema
from analytics.dataset import frames
from analytics.dataset.load import BATCH_EVENTS, Dataset

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "events.yaml"
REFERENCE_FILES = ("pillars.yaml", "event_types.yaml", "partners.yaml", "places.yaml")
# Events with problems that read the same whichever way a scalar is quoted.
PROBLEM_EVENTS: list[dict[str, Any]] = [
    {
        "id": "typo-year",
        "title": "A year with a typo",
        "start_date": "0023-04-25",
        "event_type": "workshop",
        "iisg_role": "organiser",
        "source": "test",
    },
    {
        "id": "unknown-things",
        "title": "Unknown pillar, unknown partner",
        "start_date": "2023-05-02",
        "event_type": "workshop",
        "iisg_role": "participant",
        "pillars": ["WBXX"],
        "partners": ["A Partner Nobody Registered"],
        "source": "test",
    },
    {
        "id": "unknown-partner",
        "title": "Kept, with a warning",
        "start_date": "2023-05-03",
        "end_date": "2023-05-04",
        "event_type": "workshop",
        "iisg_role": "participant",
        "partners": ["A Partner Nobody Registered", "European Commission"],
        "city": "Nowhere Town",
        "source": "test",
    },
    {
        "id": "no-title",
        "start_date": "2023-06-01",
        "event_type": "workshop",
        "iisg_role": "organiser",
        "source": "test",
        "colour": "blue",
    },
    {
        "id": "reversed",
        "title": "Ends before it starts",
        "start_date": "2023-06-03",
        "end_date": "2023-06-01",
        "event_type": "workshop",
        "iisg_role": "organiser",
        "source": "test",
    },
]


class IndentedDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with lists indented under their key (as the bundled file is)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def bundled_data() -> dict[str, Any]:
    """The bundled events as yaml.safe_load reads them, with the problem events appended."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data["events"].extend(copy.deepcopy(PROBLEM_EVENTS))
    # The same id twice: the second is an error.
    data["events"].append({**data["events"][0], "title": "Same id again"})
    return data


def dump(data: Any, **options: Any) -> str:
    options.setdefault("sort_keys", False)
    return yaml.dump(
        data, Dumper=options.pop("Dumper", yaml.SafeDumper), allow_unicode=True, **options
    )


def with_comments_between_items(text: str) -> str:
    """Comments that look like items (and blank lines) before every item of the list."""
    return re.sub(
        r"\n(\s*)- id:",
        lambda m: (
            f"\n{m.group(1)}# - id: not-an-event\n{m.group(1)}#   title: commented out\n\n"
            f"{m.group(1)}- id:"
        ),
        text,
    )


def aliased(data: dict[str, Any]) -> dict[str, Any]:
    """One-day events' end_date the same object as start_date; equal partner lists shared."""
    data = copy.deepcopy(data)
    lists: dict[tuple[str, ...], list[str]] = {}
    for event in data["events"]:
        if "end_date" not in event and isinstance(event.get("start_date"), dt.date):
            event["end_date"] = event["start_date"]
        if "partners" in event:
            event["partners"] = lists.setdefault(tuple(event["partners"]), event["partners"])
    return data


def reordered(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["events"] = [dict(reversed(list(event.items()))) for event in data["events"]]
    return {"metadata": {"note": "keys reordered"}, "events": data["events"]}


STYLES: dict[str, Callable[[dict[str, Any]], str | bytes]] = {
    "indented block lists": lambda d: dump(d, Dumper=IndentedDumper),
    "column-0 lists": lambda d: dump(d),
    "4-space indents": lambda d: dump(d, Dumper=IndentedDumper, indent=4),
    "flow style": lambda d: dump(d, default_flow_style=True),
    "flow lists in block events": lambda d: dump(d, default_flow_style=None),
    "double-quoted": lambda d: dump(d, default_style='"'),
    "single-quoted": lambda d: dump(d, default_style="'"),
    "literal blocks": lambda d: dump(d, default_style="|"),
    "folded blocks": lambda d: dump(d, default_style=">"),
    "CRLF line ends": lambda d: dump(d, Dumper=IndentedDumper, line_break="\r\n"),
    "byte-order mark": lambda d: b"\xef\xbb\xbf" + dump(d).encode("utf-8"),
    "comments like items, column 0": lambda d: with_comments_between_items(dump(d)),
    "comments like items, indented": lambda d: with_comments_between_items(
        dump(d, Dumper=IndentedDumper)
    ),
    "anchors and aliases": lambda d: dump(aliased(d)),
    "reordered keys, sorted": lambda d: dump(d, sort_keys=True),
    "reordered keys, reversed, metadata first": lambda d: dump(reordered(d)),
    "document markers": lambda d: "---\n" + dump(d) + "...\n",
}


def write(folder: Path, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE_FILES:
        shutil.copy(ROOT / "data" / name, folder / name)
    path = folder / "events.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def without_lines(dataset: Dataset) -> tuple[pd.DataFrame, list[tuple[Any, ...]]]:
    """The events without their line column, and the problems without line numbers."""
    events = dataset.events.drop(columns=[schema.LINE])
    problems = [
        (p.event_id, p.field, re.sub(r"line \d+", "line N", p.message), p.severity)
        for p in dataset.problems
    ]
    return events, problems


def text_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def assert_matches_safe_load(dataset: Dataset, content: str | bytes) -> None:
    """The valid events hold what yaml.safe_load reads from the same text, field by field."""
    events = yaml.safe_load(content)["events"]
    expected_ids = [
        "no-title",
        "reversed",
        "typo-year",
        "unknown-things",
    ]
    kept = [e for e in events if e["id"] not in expected_ids][:-1]  # the repeated id is out
    loaded = dataset.events
    assert list(loaded[schema.ID]) == [e["id"] for e in kept]
    for name in schema.TEXT_FIELDS:
        got = [None if pd.isna(v) else v for v in loaded[name]]
        assert got == [text_or_none(e.get(name)) for e in kept], name
    for name in schema.DATE_FIELDS:
        written = [e.get(name) or e["start_date"] for e in kept]
        dates = [w if isinstance(w, dt.date) else dt.date.fromisoformat(w) for w in written]
        assert list(loaded[name].dt.date) == dates, name
    assert [set(p) for p in loaded[schema.PILLARS]] == [set(e.get("pillars", ())) for e in kept]
    assert [list(c) for c in loaded[schema.CAVEATS]] == [
        [c.strip() for c in e.get("caveats", ())] for e in kept
    ]
    written_partners: dict[str, set[str]] = {}
    partners = dataset.event_partners
    for event_id, written in zip(
        partners[schema.EVENT_ID], partners[schema.AS_WRITTEN], strict=True
    ):
        written_partners.setdefault(event_id, set()).add(written)
    for event in kept:
        assert written_partners.get(event["id"], set()) <= set(event.get("partners", ())), event[
            "id"
        ]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The bundled data with problem events, written as the bundled file is."""
    folder = tmp_path_factory.mktemp("plain")
    return load_dataset(write(folder, STYLES["indented block lists"](bundled_data())))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_style_loads_what_safe_load_reads(tmp_path: Path, style: str, plain: Dataset) -> None:
    """Whatever the YAML style, the events, partners, pillars and problems are the same."""
    content = STYLES[style](bundled_data())
    dataset = load_dataset(write(tmp_path, content))
    assert_matches_safe_load(dataset, content)
    events, problems = without_lines(dataset)
    plain_events, plain_problems = without_lines(plain)
    pd.testing.assert_frame_equal(events, plain_events)
    pd.testing.assert_frame_equal(dataset.event_partners, plain.event_partners)
    pd.testing.assert_frame_equal(dataset.event_pillars, plain.event_pillars)
    assert problems == plain_problems
    assert dataset.total_events_in_file == len(yaml.safe_load(content)["events"])


def test_problems_are_the_expected_ones(plain: Dataset) -> None:
    """The problem events are reported on their fields: the rest of the file loads."""
    found = {(p.event_id, p.field, p.severity) for p in plain.problems}
    assert found == {
        ("typo-year", schema.START_DATE, schema.ERROR),
        ("unknown-things", schema.PILLARS, schema.ERROR),
        ("unknown-things", schema.PARTNERS, schema.WARNING),
        ("unknown-partner", schema.PARTNERS, schema.WARNING),
        ("unknown-partner", schema.CITY, schema.WARNING),
        ("no-title", schema.TITLE, schema.ERROR),
        ("no-title", "colour", schema.ERROR),
        ("reversed", schema.END_DATE, schema.ERROR),
        (plain.events[schema.ID].iloc[0], schema.ID, schema.ERROR),
    }


def test_lines_are_the_lines_of_the_text(plain: Dataset) -> None:
    """Each event's line is the line of its first field in the file (1-based)."""
    lines = plain.path.read_text(encoding="utf-8").splitlines()
    for event_id, line in zip(plain.events[schema.ID], plain.events[schema.LINE], strict=True):
        assert re.match(rf"^\s*- id: '?{re.escape(event_id)}'?$", lines[line - 1])


@pytest.mark.parametrize("style", ["column-0 lists", "anchors and aliases", "flow style"])
def test_sizes_across_batch_borders_load_alike(
    tmp_path: Path, style: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,345 events (progress and frames every 1,000) load as safe_load reads them."""
    monkeypatch.setattr(frames, "FRAME_BATCH_EVENTS", BATCH_EVENTS)
    data = bundled_data()
    originals = [e for e in data["events"] if e["id"] != data["events"][0]["id"]]
    events = []
    while len(events) < 2 * BATCH_EVENTS + 345:
        for event in originals:
            events.append({**event, "id": f"{event['id']}-{len(events)}"})
    data = {"events": events[: 2 * BATCH_EVENTS + 345]}
    content = STYLES[style](data)
    dataset = load_dataset(write(tmp_path / "big", content))
    reference = yaml.load(content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert dataset.total_events_in_file == len(reference["events"]) == 2345
    errors_of = {"no-title": 2, "reversed": 1, "typo-year": 1, "unknown-things": 1}
    bases = [e["id"].rsplit("-", 1)[0] for e in reference["events"]]
    kept = [e for e, base in zip(reference["events"], bases, strict=True) if base not in errors_of]
    assert list(dataset.events[schema.ID]) == [e["id"] for e in kept]
    assert list(dataset.events[schema.TITLE]) == [e["title"].strip() for e in kept]
    assert len(dataset.errors) == sum(errors_of.get(base, 0) for base in bases)
