"""Tests of analytics.dataset.load: valid events load, every problem names its line and field."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from analytics import DatasetError, load_dataset, schema
from analytics.dataset.load import EVENTS_FILE_VARIABLE, default_events_path

DATA = Path(__file__).parent.parent / "data"

VALID_EVENT = """\
  - id: 2023-04-25-tirana-rsg-wbcsci
    title: Regional Support Group Meeting
    start_date: 2023-04-25
    city: Tirana
    country: Albania
    event_type: support group meeting
    pillars: [WBCSCi]
    iisg_role: organiser
    partners: [Western Balkans Partners, CEPOL]
    summary: A valid event.
    source: test
"""


def write(tmp_path: Path, text: str, name: str = "events.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def with_valid(tmp_path: Path, broken_event: str) -> Path:
    """A file whose first event is valid and whose second is the given (broken) one."""
    return write(
        tmp_path, "events:\n" + VALID_EVENT + textwrap.indent(textwrap.dedent(broken_event), "  ")
    )


def test_small_fixture_loads_every_field_with_proper_dtypes() -> None:
    """The fixture's four events load with dates as datetimes and lists as tuples."""
    dataset = load_dataset(DATA / "small_events.yaml")
    events = dataset.events
    assert list(events[schema.ID]) == [
        "2022-06-09-podgorica-rsg-wbcsci",
        "2022-06-20-sarajevo-board",
        "2023-03-03-pristina-rsg-wbcti",
        "2023-10-17-online-database",
    ]
    assert dataset.problems == ()
    assert pd.api.types.is_datetime64_any_dtype(events[schema.START_DATE])
    assert pd.api.types.is_datetime64_any_dtype(events[schema.END_DATE])
    board = events.set_index(schema.ID).loc["2022-06-20-sarajevo-board"]
    assert board[schema.START_DATE] == pd.Timestamp("2022-06-20")
    assert board[schema.END_DATE] == pd.Timestamp("2022-06-21")
    assert board[schema.DURATION_DAYS] == 2
    assert board[schema.PILLARS] == ("WBCTi", "WBCSCi", "WBBSi")
    assert board[schema.PILLAR_GROUP] == schema.CROSS_CUTTING
    assert board[schema.LINE] == 15


def test_one_day_event_without_end_date_ends_on_its_start() -> None:
    """An event without end_date is one day long."""
    events = load_dataset(DATA / "small_events.yaml").events.set_index(schema.ID)
    event = events.loc["2022-06-09-podgorica-rsg-wbcsci"]
    assert event[schema.END_DATE] == event[schema.START_DATE]
    assert event[schema.DURATION_DAYS] == 1


def test_aliases_resolve_to_canonical_partner_names() -> None:
    """'DG Near' and 'USA' are counted as DG NEAR and United States."""
    dataset = load_dataset(DATA / "small_events.yaml")
    event = dataset.events.set_index(schema.ID).loc["2023-03-03-pristina-rsg-wbcti"]
    assert event[schema.PARTNERS] == ("DG NEAR", "United States")
    rows = dataset.event_partners[
        dataset.event_partners[schema.EVENT_ID] == "2023-03-03-pristina-rsg-wbcti"
    ]
    assert list(rows[schema.AS_WRITTEN]) == ["DG Near", "USA"]
    assert list(rows[schema.PARTNER_KIND]) == ["EU institution or agency", "Third country"]


def test_long_tables_have_one_row_per_pair() -> None:
    """event x partner and event x pillar tables count what the fixture lists."""
    dataset = load_dataset(DATA / "small_events.yaml")
    assert len(dataset.event_partners) == 2 + 3 + 2 + 0
    assert sorted(dataset.event_pillars[schema.PILLAR].tolist()) == sorted(
        ["WBCSCi", "WBCTi", "WBCSCi", "WBBSi", "WBCTi"]
    )


def test_cities_get_gazetteer_coordinates_and_no_city_gets_none() -> None:
    """Host cities are placed near their real location; an online event has no coordinates."""
    events = load_dataset(DATA / "small_events.yaml").events.set_index(schema.ID)
    pristina = events.loc["2023-03-03-pristina-rsg-wbcti"]
    assert pristina[schema.LATITUDE] == pytest.approx(42.67, abs=0.1)
    assert pristina[schema.LONGITUDE] == pytest.approx(21.17, abs=0.1)
    assert pd.isna(events.loc["2023-10-17-online-database"][schema.LATITUDE])


def test_events_file_variable_selects_the_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    """EVENTS_FILE points the app at another file; unset, the bundled file is used."""
    monkeypatch.setenv(EVENTS_FILE_VARIABLE, str(DATA / "small_events.yaml"))
    assert default_events_path() == DATA / "small_events.yaml"
    monkeypatch.delenv(EVENTS_FILE_VARIABLE)
    assert default_events_path().name == "events.yaml"
    assert default_events_path().parent.name == "data"


# Each case: (broken second event, field named, words the message must contain, line of the problem).
PROBLEM_CASES = {
    "end before start": (
        """\
        - id: bad-dates
          title: Bad
          start_date: 2023-04-25
          end_date: 2023-04-24
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "end_date",
        "end_date 2023-04-24 is before start_date 2023-04-25",
        16,
    ),
    "impossible date": (
        """\
        - id: bad-day
          title: Bad
          start_date: 2023-02-30
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "start_date",
        "2023-02-30' is not a real date",
        15,
    ),
    "month 13": (
        """\
        - id: bad-month
          title: Bad
          start_date: "2023-13-01"
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "start_date",
        "not a real date",
        15,
    ),
    "day first date": (
        """\
        - id: day-first
          title: Bad
          start_date: 25/04/2023
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "start_date",
        "write it as YYYY-MM-DD",
        15,
    ),
    "unknown pillar": (
        """\
        - id: bad-pillar
          title: Bad
          start_date: 2023-04-25
          event_type: workshop
          pillars: [WBCTI]
          iisg_role: organiser
          source: test
        """,
        "pillars",
        "did you mean WBCTi",
        17,
    ),
    "pillars as a string": (
        """\
        - id: pillar-string
          title: Bad
          start_date: 2023-04-25
          event_type: workshop
          pillars: WBCTi
          iisg_role: organiser
          source: test
        """,
        "pillars",
        "must be a list",
        17,
    ),
    "missing required field": (
        """\
        - id: no-title
          start_date: 2023-04-25
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "title",
        "required field 'title' is missing",
        13,
    ),
    "unknown field": (
        """\
        - id: typo
          title: Typo
          start_date: 2023-04-25
          event_type: workshop
          iisg_role: organiser
          source: test
          summry: misspelt
        """,
        "summry",
        "unknown field 'summry'",
        19,
    ),
    "duplicate key": (
        """\
        - id: twice
          title: One
          title: Two
          start_date: 2023-04-25
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "title",
        "appears twice (first on line 14)",
        15,
    ),
    "number as title": (
        """\
        - id: number-title
          title: 42
          start_date: 2023-04-25
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "title",
        "a number",
        14,
    ),
    "norway problem": (
        """\
        - id: norway
          title: Oslo meeting
          start_date: 2023-04-25
          country: NO
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "country",
        'yes/no value; put it in quotes: country: "NO"',
        16,
    ),
    "unknown event type": (
        """\
        - id: seminar
          title: Seminar
          start_date: 2023-04-25
          event_type: seminar
          iisg_role: organiser
          source: test
        """,
        "event_type",
        "event_type 'seminar' is not one of",
        16,
    ),
    "bad role": (
        """\
        - id: role
          title: Role
          start_date: 2023-04-25
          event_type: workshop
          iisg_role: host
          source: test
        """,
        "iisg_role",
        "not one of: organiser, participant",
        17,
    ),
    "python tag": (
        """\
        - id: tagged
          title: !!python/object:os.system echo
          start_date: 2023-04-25
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "title",
        "cannot be read",
        14,
    ),
    "year written with a typo": (
        """\
        - id: typo
          title: Typo
          start_date: 0023-04-25
          event_type: workshop
          iisg_role: organiser
          source: test
        """,
        "start_date",
        "year 0023: did you mean 2023?",
        15,
    ),
    "not a mapping": (
        """\
        - just a line of text
        """,
        None,
        "is not a mapping of fields",
        13,
    ),
}


@pytest.mark.parametrize("case", sorted(PROBLEM_CASES))
def test_problem_names_line_event_and_field_and_valid_rest_loads(tmp_path: Path, case: str) -> None:
    """A broken event is left out with a message naming line and field; the valid event still loads."""
    broken, field, words, line = PROBLEM_CASES[case]
    dataset = load_dataset(with_valid(tmp_path, broken))
    assert list(dataset.events[schema.ID]) == ["2023-04-25-tirana-rsg-wbcsci"]
    errors = dataset.errors
    assert errors, f"no error reported for {case}"
    matching = [p for p in errors if words in p.message]
    assert matching, [str(p) for p in errors]
    problem = matching[0]
    assert problem.field == field
    assert problem.line == line
    assert problem.file == "events.yaml"
    assert str(problem).startswith(f"events.yaml, line {line}, event ")


def test_duplicate_id_keeps_the_first_and_names_its_line(tmp_path: Path) -> None:
    """The second event with the same id is left out, pointing to the first."""
    path = write(
        tmp_path, "events:\n" + VALID_EVENT + VALID_EVENT.replace("A valid event.", "Again.")
    )
    dataset = load_dataset(path)
    assert len(dataset.events) == 1
    assert dataset.events[schema.SUMMARY].iloc[0] == "A valid event."
    (problem,) = dataset.errors
    assert problem.field == "id"
    assert problem.line == 13
    assert "already used by the event on line 2" in problem.message


def test_unknown_partner_and_city_are_warnings_and_the_event_stays(tmp_path: Path) -> None:
    """An unknown partner is kept as written; an unknown city is reported but the event loads."""
    path = with_valid(
        tmp_path,
        """\
        - id: 2023-05-01-atlantis
          title: Somewhere
          start_date: 2023-05-01
          city: Atlantisville
          country: Albania
          event_type: workshop
          iisg_role: participant
          partners: [Ministry of Magic]
          source: test
        """,
    )
    dataset = load_dataset(path)
    assert len(dataset.events) == 2
    assert dataset.errors == ()
    by_field = {p.field: p for p in dataset.warnings}
    assert "not in the partners registry" in by_field["partners"].message
    assert by_field["partners"].line == 20
    assert "not in the gazetteer" in by_field["city"].message
    event = dataset.events.set_index(schema.ID).loc["2023-05-01-atlantis"]
    assert event[schema.PARTNERS] == ("Ministry of Magic",)
    assert pd.isna(event[schema.LATITUDE])
    kinds = dataset.event_partners.set_index(schema.PARTNER)[schema.PARTNER_KIND]
    assert kinds["Ministry of Magic"] == schema.UNKNOWN_KIND


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "the file is empty"),
        ("events: [\n  - {id: x\n", "not valid YAML"),
        ("just a sentence\n", "found a single value"),
        ("title: no events key\n", "no 'events:' list"),
        ("events:\n\t- id: tabbed\n", "not valid YAML"),
    ],
)
def test_unusable_file_raises_one_dataset_error(tmp_path: Path, content: str, words: str) -> None:
    """A file that is empty, not YAML or of the wrong shape raises DatasetError naming the file."""
    path = write(tmp_path, content)
    with pytest.raises(DatasetError) as raised:
        load_dataset(path)
    assert words in str(raised.value)
    assert raised.value.file == "events.yaml"


def test_tab_indentation_names_the_line(tmp_path: Path) -> None:
    """Tabs used for indentation are reported with their line."""
    path = write(tmp_path, "events:\n  - id: a\n\ttitle: tabbed\n")
    with pytest.raises(DatasetError) as raised:
        load_dataset(path)
    assert raised.value.line == 3


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 raise a DatasetError with the line of the bad byte."""
    path = tmp_path / "events.yaml"
    path.write_bytes(b"events:\n  - id: a\n    title: caf\xe9\n")
    with pytest.raises(DatasetError) as raised:
        load_dataset(path)
    assert raised.value.line == 3
    assert "UTF-8" in raised.value.message


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A file over the size limit is refused with its size."""
    path = write(tmp_path, "events:\n" + VALID_EVENT * 20)
    with pytest.raises(DatasetError, match="limit"):
        load_dataset(path, max_bytes=1000)


def test_missing_file_raises_dataset_error(tmp_path: Path) -> None:
    """A path that does not exist raises DatasetError, not FileNotFoundError."""
    with pytest.raises(DatasetError, match="cannot open"):
        load_dataset(tmp_path / "nope.yaml")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark (saved by some editors) does not break the file."""
    path = tmp_path / "events.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ("events:\n" + VALID_EVENT).encode())
    assert len(load_dataset(path).events) == 1


def test_top_level_list_is_read_with_a_warning(tmp_path: Path) -> None:
    """A file that forgot 'events:' still shows its events, with a warning."""
    path = write(tmp_path, textwrap.dedent(VALID_EVENT))
    dataset = load_dataset(path)
    assert len(dataset.events) == 1
    assert "expected 'events:'" in dataset.warnings[0].message


def test_quoted_iso_dates_are_dates(tmp_path: Path) -> None:
    """A date written in quotes is read as the same date."""
    path = write(tmp_path, "events:\n" + VALID_EVENT.replace("2023-04-25\n", '"2023-04-25"\n', 1))
    events = load_dataset(path).events
    assert events[schema.START_DATE].iloc[0] == pd.Timestamp(dt.date(2023, 4, 25))


def test_empty_event_list_gives_an_empty_frame_with_all_columns(tmp_path: Path) -> None:
    """'events: []' loads zero events and no problems."""
    dataset = load_dataset(write(tmp_path, "events: []\n"))
    assert dataset.events.empty
    assert list(dataset.events.columns) == list(schema.EVENT_COLUMNS)
    assert dataset.problems == ()


def test_loader_never_modifies_the_file(tmp_path: Path) -> None:
    """Loading a file with problems leaves its bytes unchanged."""
    path = with_valid(tmp_path, "- id: x\n")
    before = path.read_bytes()
    load_dataset(path)
    assert path.read_bytes() == before


def test_progress_callback_sees_the_start_and_the_end_of_a_small_file() -> None:
    """Loading the four-event fixture reports 0 of 4 and then 4 of 4 events read."""
    calls: list[tuple[int, int]] = []
    load_dataset(
        DATA / "small_events.yaml", progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(0, 4), (4, 4)]


def test_partner_names_match_whatever_their_accents_dots_and_spacing(tmp_path: Path) -> None:
    """Partners written with other case, dots or accents resolve to the registry's name."""
    path = with_valid(
        tmp_path,
        VALID_EVENT.replace("2023-04-25-tirana-rsg-wbcsci", "second").replace(
            "[Western Balkans Partners, CEPOL]", "['c.e.p.o.l.', 'CÉPOL', '  cepol  ']"
        ),
    )
    dataset = load_dataset(path)
    second = dataset.events.set_index(schema.ID).loc["second"]
    assert second[schema.PARTNERS] == ("CEPOL",)
    assert dataset.warnings == ()
