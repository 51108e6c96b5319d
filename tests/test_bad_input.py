"""The bad-input corpus: every broken file keeps its valid events and names what to fix."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from analytics import DatasetError, load_dataset, schema
from analytics.dataset.check import MAX_CHARS
from analytics.dataset.load import MAX_FILE_BYTES

BAD = Path(__file__).parent / "data" / "bad"
TIRANA = "2023-04-25-tirana-rsg-wbcsci"
SKOPJE = "2023-05-10-skopje-workshop"


@dataclass(frozen=True)
class Outcome:
    """What loading one corpus file must give.

    events: ids of the valid events that still load; None when the whole file is refused.
    words: words the (first matching) problem or the DatasetError message must contain.
    severity: of that problem; None when the file loads with no problem at all.
    field, line, event: where the problem points (event None for file-level problems).
    """

    events: tuple[str, ...] | None
    words: str = ""
    severity: str | None = schema.ERROR
    field: str | None = None
    line: int | None = None
    event: str | None = None


BOTH = (TIRANA, SKOPJE)

# The manifest: one entry per file in tests/data/bad/.
CASES: dict[str, Outcome] = {
    # Unusable files: one DatasetError naming the file (and the line when there is one).
    "empty.yaml": Outcome(None, "the file is empty"),
    "not_yaml.yaml": Outcome(None, "not valid YAML", line=1),
    "flow_unclosed.yaml": Outcome(None, "bracket [ or brace { is not closed", line=4),
    "scalar_only.yaml": Outcome(None, "found a single value", line=1),
    "no_events_key.yaml": Outcome(None, "no 'events:' list", line=1),
    "duplicate_events_key.yaml": Outcome(None, "'events:' appears twice", line=14),
    # Shape surprises that are read anyway, with a warning.
    "top_level_list.yaml": Outcome(BOTH, "expected 'events:' above it", schema.WARNING, line=2),
    "single_event_not_in_list.yaml": Outcome(
        (TIRANA,), "holds a single event, not a list", schema.WARNING, line=3
    ),
    "list_instead_of_event.yaml": Outcome(BOTH, "is not a mapping of fields", line=14),
    "mapping_instead_of_list.yaml": Outcome(
        BOTH, "must be a list of names, found a mapping", field="partners", line=20
    ),
    # Broken YAML in one event: the file is read event by event and the others load.
    "tabs.yaml": Outcome(
        BOTH, "indent with spaces, never tabs", field="title", line=15, event="2023-06-01-tabbed"
    ),
    "unclosed_quote.yaml": Outcome(
        BOTH, "opened and never closed", field="title", line=15, event="2023-06-01-unclosed-quote"
    ),
    "bad_indentation.yaml": Outcome(
        BOTH, "indented more than", field="start_date", line=16, event="2023-06-01-indented"
    ),
    "undefined_alias.yaml": Outcome(
        BOTH, "anchor that is not defined", field="partners", line=20, event="2023-06-01-alias"
    ),
    "control_character.yaml": Outcome(
        BOTH, "invisible control character", field="title", line=15, event="2023-06-01-control"
    ),
    "alias_bomb.yaml": Outcome(
        BOTH, "write the values out", line=25, event="2023-06-01-alias-bomb"
    ),
    "deep_nesting.yaml": Outcome(
        BOTH, "nested more than 32 levels", field="partners", line=20, event="2023-06-01-deep"
    ),
    # Encoding.
    "bom.yaml": Outcome(BOTH, severity=None),
    "utf16.yaml": Outcome(BOTH, "save it as UTF-8", schema.WARNING),
    "invalid_utf8.yaml": Outcome(
        BOTH, "byte 0xE9 at column 15", field="title", line=15, event="2023-06-01-cafe"
    ),
    # Field problems.
    "duplicate_key.yaml": Outcome(
        BOTH, "appears twice (first on line 20)", field="summary", line=21, event="2023-06-01-twice"
    ),
    "duplicate_id.yaml": Outcome(
        BOTH, "already used by the event on line 3", field="id", line=23, event=TIRANA
    ),
    "missing_required.yaml": Outcome(
        BOTH, "required field 'title' is missing", field="title", line=14
    ),
    "number_title.yaml": Outcome(
        BOTH, 'YAML read a number; put it in quotes: title: "2023"', field="title", line=15
    ),
    "pillars_string.yaml": Outcome(BOTH, "must be a list", field="pillars", line=20),
    "date_day_first.yaml": Outcome(
        BOTH, "write it as YYYY-MM-DD", field="start_date", line=16, event="2023-04-25-day-first"
    ),
    "date_feb_30.yaml": Outcome(
        BOTH, "'2023-02-30' is not a real date", field="start_date", line=16
    ),
    "date_year_0001.yaml": Outcome(
        BOTH, "year 0001: did you mean 2001?", field="start_date", line=16
    ),
    "date_year_0023.yaml": Outcome(
        BOTH, "year 0023: did you mean 2023?", field="start_date", line=16, event="2023-04-25-typo"
    ),
    "date_month_13.yaml": Outcome(
        BOTH, "'2023-13-01' is not a real date", field="start_date", line=16
    ),
    "end_before_start.yaml": Outcome(
        BOTH, "end_date 2023-05-30 is before start_date 2023-06-01", field="end_date", line=20
    ),
    "long_title.yaml": Outcome(BOTH, "at most 300 are allowed", field="title", line=15),
    # YAML 1.1 surprises.
    "yaml11_norway.yaml": Outcome(
        BOTH, 'yes/no value; put it in quotes: country: "NO"', field="country", line=21
    ),
    "yaml11_yes_on.yaml": Outcome(
        BOTH, 'yes/no value; put it in quotes: format: "on"', field="format", line=20
    ),
    # "1e3" (no dot) stays text in YAML 1.1, "1.0e+3" is a number.
    "yaml11_exponent.yaml": Outcome(
        (TIRANA, "2023-06-01-exponent-text", SKOPJE),
        'put it in quotes: title: "1.0e+3"',
        field="title",
        line=21,
    ),
    "yaml11_sexagesimal.yaml": Outcome(
        BOTH, 'a number; put it in quotes: venue: "12:30"', field="venue", line=20
    ),
    # Vocabularies and registries.
    "unknown_pillar.yaml": Outcome(BOTH, "did you mean WBCTi?", field="pillars", line=20),
    "unknown_partner.yaml": Outcome(
        (TIRANA, "2023-06-01-unknown-partner", SKOPJE),
        "'Ministry of Magic' is not in the partners registry",
        schema.WARNING,
        field="partners",
        line=20,
    ),
    "unknown_city.yaml": Outcome(
        (TIRANA, "2023-06-01-atlantis", SKOPJE),
        "'Atlantisville' in Albania is not in the gazetteer",
        schema.WARNING,
        field="city",
        line=20,
    ),
    # Tags that could run code or smuggle data.
    "python_object_tag.yaml": Outcome(
        BOTH, "'!!python/object/apply:os.system', which is not allowed", field="title", line=15
    ),
    "python_name_tag.yaml": Outcome(
        BOTH, "'!!python/name:os.system', which is not allowed", field="summary", line=20
    ),
    "binary_tag.yaml": Outcome(BOTH, "binary data (!!binary)", field="title", line=15),
    "custom_tag.yaml": Outcome(BOTH, "'!include', which is not allowed", field="summary", line=20),
    # Markup and links are data: loaded verbatim (pages must show them as text).
    "html_in_text.yaml": Outcome(
        (TIRANA, "2023-06-01-html", SKOPJE),
        "'<b>Bold</b> Ministry' is not in the partners registry",
        schema.WARNING,
        field="partners",
        line=23,
    ),
    "javascript_link.yaml": Outcome(
        (TIRANA, "2023-06-01-js-link", SKOPJE),
        "must start with http:// or https://",
        schema.WARNING,
        field="source_url",
        line=21,
    ),
    # Nothing valid, or nothing at all.
    "all_invalid.yaml": Outcome((), "required field 'start_date' is missing", field="start_date"),
    "zero_events.yaml": Outcome((), severity=None),
}


def test_manifest_lists_every_corpus_file() -> None:
    """Every file of tests/data/bad/ has an expected outcome, and every outcome a file."""
    assert sorted(path.name for path in BAD.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_case(name: str) -> None:
    """The valid events of a broken file load; the problem names file, line, event and field."""
    outcome = CASES[name]
    path = BAD / name
    if outcome.events is None:
        with pytest.raises(DatasetError) as raised:
            load_dataset(path)
        error = raised.value
        assert outcome.words in error.message
        assert error.file == name
        assert error.line == outcome.line
        assert str(error).startswith(name)
        return
    dataset = load_dataset(path)
    assert tuple(dataset.events[schema.ID]) == outcome.events
    if outcome.severity is None:
        assert dataset.problems == ()
        return
    matching = [p for p in dataset.problems if outcome.words in p.message]
    assert matching, [str(p) for p in dataset.problems]
    problem = matching[0]
    assert problem.severity == outcome.severity
    assert problem.file == name
    assert problem.field == outcome.field
    if outcome.line is not None:
        assert problem.line == outcome.line
    if outcome.event is not None:
        assert problem.event_id == outcome.event
    if problem.line is not None:
        # The line named is the one to edit: it holds the field (or starts the event).
        raw = path.read_bytes()
        text = raw.decode("utf-16") if name == "utf16.yaml" else raw.decode("utf-8-sig", "replace")
        written = text.split("\n")[problem.line - 1]
        assert (problem.field or "") in written or written.lstrip().startswith("- ")
    # The message reads as a location followed by what is wrong.
    location = [name, f"line {problem.line}"] if problem.line else [name]
    if problem.event_id:
        location.append(f"event {problem.event_id}")
    if problem.field:
        location.append(f"field {problem.field}")
    assert str(problem).startswith(", ".join(location) + ": ")


@pytest.mark.parametrize("name", sorted(n for n, o in CASES.items() if o.events is not None))
def test_every_left_out_event_is_explained(name: str) -> None:
    """Each event left out of a file has at least one error naming its line."""
    dataset = load_dataset(BAD / name)
    left_out = dataset.total_events_in_file - len(dataset.events)
    assert len({p.line for p in dataset.errors if p.event_id}) >= left_out


def test_one_megabyte_title_is_an_error_not_a_truncation(tmp_path: Path) -> None:
    """A 1 MB title leaves its event out with its length; the other event loads intact."""
    path = tmp_path / "events.yaml"
    valid = (BAD / "bom.yaml").read_bytes().decode("utf-8-sig").split("events:\n", 1)[1]
    huge = "x" * 1_048_576
    path.write_text(
        "events:\n"
        + valid
        + f"  - id: huge\n    title: {huge}\n    start_date: 2023-06-01\n"
        + "    event_type: workshop\n    iisg_role: organiser\n    source: test\n",
        encoding="utf-8",
    )
    dataset = load_dataset(path)
    assert tuple(dataset.events[schema.ID]) == BOTH
    (problem,) = dataset.errors
    assert problem.field == "title"
    assert problem.event_id == "huge"
    assert "title is 1,048,576 characters long; at most 300 are allowed" in problem.message
    # The message does not repeat the megabyte of text.
    assert len(problem.message) < 300


def test_one_megabyte_summary_within_limits_is_kept_verbatim(tmp_path: Path) -> None:
    """A long summary under the limit is stored unchanged (never silently shortened)."""
    path = tmp_path / "events.yaml"
    summary = "word " * (MAX_CHARS["summary"] // 5 - 1) + "end"
    path.write_text(
        f"events:\n  - id: long\n    title: Long\n    start_date: 2023-06-01\n"
        f"    event_type: workshop\n    iisg_role: organiser\n    summary: {summary}\n"
        "    source: test\n",
        encoding="utf-8",
    )
    dataset = load_dataset(path)
    assert dataset.events[schema.SUMMARY].iloc[0] == summary


def test_sparse_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    """A 300 MB file is refused by its size, without reading it (it returns at once)."""
    path = tmp_path / "events.yaml"
    with path.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(DatasetError) as raised:
        load_dataset(path)
    elapsed = time.perf_counter() - started
    assert raised.value.message == "the file is 300 MB; the limit is 200 MB"
    assert MAX_FILE_BYTES == 200 * 1024 * 1024
    # Reading 300 MB of zeros and decoding them takes seconds; the size check takes microseconds.
    assert elapsed < 30


def test_small_limit_refuses_a_generated_large_file(tmp_path: Path) -> None:
    """max_bytes applies to any file: a generated 2 MB file is refused at a 1 MB limit."""
    path = tmp_path / "events.yaml"
    one = (BAD / "bom.yaml").read_bytes().decode("utf-8-sig").split("events:\n", 1)[1]
    path.write_text("events:\n" + one * 4000, encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024
    with pytest.raises(DatasetError, match="the limit is 1 MB"):
        load_dataset(path, max_bytes=1024 * 1024)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_read_only_up_to_the_limit() -> None:
    """EVENTS_FILE=/dev/zero (size 0, endless) is refused as a device, not read at all."""
    with pytest.raises(DatasetError, match="it is a device, not a regular file"):
        load_dataset("/dev/zero", max_bytes=1000)


def test_deeply_nested_brackets_do_not_crash_the_process(tmp_path: Path) -> None:
    """100,000 nested brackets (which crash libyaml's composer) are refused with a message."""
    path = tmp_path / "events.yaml"
    path.write_text("events: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="nested more than"):
        load_dataset(path)


def test_alias_bomb_at_top_level_is_refused_quickly(tmp_path: Path) -> None:
    """A billion-laughs file outside any event returns at once with the events list intact."""
    path = tmp_path / "events.yaml"
    bomb = ['metadata:\n  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    for level in range(1, 10):
        bomb.append(f"  a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]\n")
    events = (BAD / "bom.yaml").read_bytes().decode("utf-8-sig").split("events:\n", 1)[1]
    path.write_text("".join(bomb) + "events:\n" + events, encoding="utf-8")
    dataset = load_dataset(path)
    assert tuple(dataset.events[schema.ID]) == BOTH
    (problem,) = dataset.errors
    assert "outside the events list" in problem.message
    assert "write the values out" in problem.message


def test_loading_never_changes_a_corpus_file() -> None:
    """Loading every corpus file leaves every byte and modification time unchanged."""
    before = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in BAD.glob("*.yaml")}
    for path in before:
        try:
            load_dataset(path)
        except DatasetError:
            pass
    assert before == {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in BAD.glob("*.yaml")}


def test_windows_line_endings_and_a_trailing_key_do_not_stop_recovery(tmp_path: Path) -> None:
    """A CRLF file with a tab in one event and a key after the list keeps its valid events."""
    text = (BAD / "tabs.yaml").read_text(encoding="utf-8") + "metadata:\n  note: after\n"
    path = tmp_path / "events.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    dataset = load_dataset(path)
    assert tuple(dataset.events[schema.ID]) == BOTH
    (problem,) = dataset.problems
    assert (problem.line, problem.event_id, problem.field) == (15, "2023-06-01-tabbed", "title")


def test_undefined_alias_outside_the_list_is_reported_and_events_load(tmp_path: Path) -> None:
    """A broken header above 'events:' is one file-level error; every event still loads."""
    events = (BAD / "bom.yaml").read_bytes().decode("utf-8-sig").split("events:\n", 1)[1]
    path = tmp_path / "events.yaml"
    path.write_text("metadata:\n  owner: *nobody\nevents:\n" + events, encoding="utf-8")
    dataset = load_dataset(path)
    assert tuple(dataset.events[schema.ID]) == BOTH
    (problem,) = dataset.errors
    assert problem.line == 2
    assert problem.event_id is None
    assert "outside the events list" in problem.message
