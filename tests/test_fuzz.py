"""Property tests: whatever the file holds, the loader returns events and problems or refuses it."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import DatasetError, load_dataset, schema
from analytics.dataset import places
from analytics.dataset.load import Dataset
from analytics.dataset.reference import load_reference

REFERENCE = load_reference()
# Load the gazetteer once before the timed examples: the first unknown city reads its largest
# tier (seconds), which would count against the first example's deadline.
places.lookup("No such city anywhere", None)
places.country_code("Albania")
FUZZ = settings(
    deadline=2000,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces of YAML an editor (or a broken copy-paste) may produce, glued at random.
FRAGMENTS = [
    "events:",
    "events: []",
    "\n",
    "  ",
    "\t",
    "- ",
    "  - id: a-b",
    "    title: ",
    "start_date: 2023-02-30",
    "end_date: 25/04/2023",
    "pillars: [WBCTi, WBBSi]",
    "partners:",
    "    - Italy",
    "country: NO",
    "format: on",
    "venue: 12:30",
    "title: 1.0e+3",
    "&a [x, x]",
    "*a",
    "*missing",
    "<<: *a",
    "!!python/object/apply:os.system ['echo']",
    "!!binary aGVsbG8=",
    "!custom x",
    '"unclosed',
    "'single",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "#",
    "? ",
    "|",
    ">-",
    "---",
    "...",
    "%YAML 1.1",
    "\ufeff",
    "\x00",
    "\u2028",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
]
yamlish_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40
).map("".join)

FIELD_NAMES = [*schema.ALL_FIELDS, "summry", "<<", ""]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["WBCTi", "WBCSCi", "WBBSi", "organiser", "workshop", "Tirana", "Italy"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
event_mappings = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=12)
documents = st.one_of(
    st.fixed_dictionaries({"events": st.lists(event_mappings, max_size=5)}),
    st.lists(event_mappings, max_size=3),
    values,
)


def _load_text(text: str) -> Dataset | None:
    """Load text written to a fresh file; None when the loader refuses it with DatasetError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return _load(path)


def _load(path: Path) -> Dataset | None:
    try:
        dataset = load_dataset(path, reference=REFERENCE)
    except DatasetError as error:
        assert error.file == "events.yaml"
        assert error.message
        return None
    # Every problem is located in the file, and every event is either shown or explained.
    assert all(problem.file == "events.yaml" for problem in dataset.problems)
    assert list(dataset.events.columns) == list(schema.EVENT_COLUMNS)
    assert len(dataset.events) <= dataset.total_events_in_file
    if len(dataset.events) < dataset.total_events_in_file:
        assert dataset.errors
    return dataset


@FUZZ
@given(yamlish_text)
def test_random_yamlish_text_gives_events_and_problems_or_a_dataset_error(text: str) -> None:
    """Any text: the loader returns a dataset or raises DatasetError, never anything else."""
    _load_text(text)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_give_events_and_problems_or_a_dataset_error(raw: bytes) -> None:
    """Any bytes (invalid UTF-8, UTF-16 marks, NULs): a dataset or a DatasetError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.yaml"
        path.write_bytes(b"events:\n  - id: x\n" + raw)
        _load(path)


@FUZZ
@given(documents)
def test_random_event_mappings_dumped_as_yaml_load_or_are_refused(document: object) -> None:
    """Random mappings written by yaml.safe_dump: valid events load, the rest are explained."""
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    dataset = _load_text(text)
    if dataset is None or not isinstance(document, dict):
        return
    # Each event left out has an error naming its line.
    left_out = dataset.total_events_in_file - len(dataset.events)
    assert len({p.line for p in dataset.errors}) >= min(left_out, 1)


@FUZZ
@given(st.lists(st.sampled_from(range(3)), min_size=1, max_size=6), st.data())
def test_valid_events_survive_a_broken_neighbour(kinds: list[int], data: st.DataObject) -> None:
    """Valid events load whatever broken event (bad YAML, tabs, bad values) sits between them."""
    broken_items = [
        "  - id: broken\n\ttitle: tabbed\n",
        '  - id: broken\n    title: "unclosed\n',
        "  - id: broken\n    title: " + data.draw(st.sampled_from(FRAGMENTS)) + "\n",
    ]
    items = []
    valid_ids = []
    for position, kind in enumerate(kinds):
        event_id = f"2023-01-{position + 1:02d}-valid"
        valid_ids.append(event_id)
        items.append(
            f"  - id: {event_id}\n    title: Valid {position}\n    start_date: 2023-01-01\n"
            "    event_type: workshop\n    iisg_role: organiser\n    source: test\n"
        )
        items.append(broken_items[kind])
    dataset = _load_text("events:\n" + "".join(items))
    assert dataset is not None
    assert list(dataset.events[schema.ID]) == valid_ids
