"""Setting targets: written safely into the indicators file, comments and other indicators kept."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analytics.dataset.reference import load_reference
from analytics.dataset.writer import StaleFileError, WriteRefused, file_hash
from analytics.indicators import load_indicators, targets
from analytics.indicators.targets import set_targets
from tests.helpers import ROOT

FIXTURE = ROOT / "tests" / "data" / "indicators" / "indicators.yaml"


@pytest.fixture
def indicators_file(tmp_path: Path) -> Path:
    """A copy of the fixture indicators file."""
    path = tmp_path / "indicators.yaml"
    shutil.copyfile(FIXTURE, path)
    return path


def test_targets_are_written_and_read_back(indicators_file: Path) -> None:
    """New targets are in the file, in period order; a backup of the old file is kept."""
    before = indicators_file.read_text(encoding="utf-8")
    done = set_targets(
        indicators_file,
        "partners",
        {"2024-H1": 5, "2023": 10, "2024": 12.5},
        load_reference(),
        expected_hash=file_hash(indicators_file),
    )
    indicator = load_indicators(indicators_file, load_reference()).by_id()["partners"]
    assert indicator.targets == (("2023", 10.0), ("2024", 12.5), ("2024-H1", 5.0))
    assert done.backup is not None and done.backup.read_text(encoding="utf-8") == before
    assert done.content_hash == file_hash(indicators_file)
    text = indicators_file.read_text(encoding="utf-8")
    assert text.startswith("# Fixture indicators with targets")
    assert "    targets:\n      2023: 10\n      2024: 12.5\n      2024-H1: 5\n" in text


def test_other_indicators_stay_as_written(indicators_file: Path) -> None:
    """Only the edited indicator's targets change: every other line is kept byte for byte."""
    before = indicators_file.read_text(encoding="utf-8").splitlines()
    set_targets(indicators_file, "all-events", {}, load_reference(), expected_hash=None)
    after = indicators_file.read_text(encoding="utf-8").splitlines()
    changes = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changes == [
        "-    targets:",
        "-      2023: 4",
        "-      2023-H1: 3",
        "+    targets: {}",
    ]


def test_a_bad_target_is_refused_naming_line_and_field(indicators_file: Path) -> None:
    """A share above 100 % is refused with the indicator rule's problem; the file is unchanged."""
    before = indicators_file.read_bytes()
    with pytest.raises(WriteRefused) as refused:
        set_targets(
            indicators_file, "organised-share", {"2025": 120}, load_reference(), expected_hash=None
        )
    (problem,) = refused.value.problems
    assert (problem.event_id, problem.field) == ("organised-share", "targets.2025")
    assert str(problem).startswith("indicators.yaml, line ")
    assert indicators_file.read_bytes() == before
    assert not (indicators_file.parent / "backups").exists()


@pytest.mark.parametrize(
    ("indicator", "targets", "words"),
    [
        ("partners", {"2025-H3": 3}, "half-year"),
        ("nobody", {"2025": 3}, "No indicator with id 'nobody'"),
        ("partners", {"2025": -1}, "rules refuse"),
    ],
)
def test_refusals(indicators_file: Path, indicator: str, targets: dict, words: str) -> None:  # type: ignore[type-arg]
    """A wrong period, an unknown indicator or a negative target writes nothing."""
    before = indicators_file.read_bytes()
    with pytest.raises(WriteRefused, match=words):
        set_targets(indicators_file, indicator, targets, load_reference(), expected_hash=None)
    assert indicators_file.read_bytes() == before


def test_a_file_changed_since_it_was_opened_is_not_overwritten(indicators_file: Path) -> None:
    """Somebody else's save in between refuses the change."""
    opened = file_hash(indicators_file)
    indicators_file.write_text(
        indicators_file.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"
    )
    with pytest.raises(StaleFileError, match="indicators file changed since you opened it"):
        set_targets(
            indicators_file, "partners", {"2025": 3}, load_reference(), expected_hash=opened
        )


def test_targets_table_round_trips_an_editors_rows() -> None:
    """The editor's table lists each period with its target, and reads back to the same targets."""
    table = targets.targets_table([("2025", 12.0), ("2026-H1", 5.5)])
    assert list(table[targets.TARGET_PERIOD]) == ["2025", "2026-H1"]
    assert list(table[targets.TARGET_VALUE]) == [12.0, 5.5]
    assert targets.targets_from_table(table) == ({"2025": 12.0, "2026-H1": 5.5}, None)


def test_targets_from_table_names_what_is_wrong() -> None:
    """An empty row is ignored; a row lacking a value or a period named twice is refused."""
    blank = pd.DataFrame({targets.TARGET_PERIOD: ["2025", None], targets.TARGET_VALUE: [3.0, None]})
    assert targets.targets_from_table(blank) == ({"2025": 3.0}, None)
    lacking = pd.DataFrame({targets.TARGET_PERIOD: ["2025"], targets.TARGET_VALUE: [None]})
    assert targets.targets_from_table(lacking) == ({}, "Each row needs a period and a target.")
    twice = pd.DataFrame(
        {targets.TARGET_PERIOD: ["2025", " 2025"], targets.TARGET_VALUE: [1.0, 2.0]}
    )
    assert targets.targets_from_table(twice) == ({}, "Two rows for 2025.")
