"""Tests of analytics.ingest.extract and `python -m analytics ingest`: a file to draft events."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analytics import cli, load_dataset, schema
from analytics.dataset.writer import NEEDS_REVIEW
from analytics.ingest import limits
from analytics.ingest.extract import extract
from tests.ingest.sources import FIXTURES, ROOT


def test_an_import_over_the_size_limit_is_refused_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Content over MAX_IMPORT_BYTES is refused before it is read."""
    monkeypatch.setattr(limits, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(ValueError, match="the import limit is"):
        extract("page.txt", b"Title\n\n" + b"word " * 400)


def test_command_line_prints_loadable_yaml(tmp_path: Path) -> None:
    """`python -m analytics ingest file.ics` prints YAML whose events load (review comments kept)."""
    run = subprocess.run(
        [sys.executable, "-m", "analytics", "ingest", str(FIXTURES / "calendar.ics")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "# needs review:" in run.stdout
    parsed = yaml.safe_load(run.stdout)["events"]
    assert len(parsed) == 4 and all(NEEDS_REVIEW not in e for e in parsed)
    target = tmp_path / "events.yaml"
    target.write_text(run.stdout, encoding="utf-8")
    dataset = load_dataset(target)
    # The Tokyo event has no role (nothing says it): the loader refuses exactly that one.
    assert len(dataset.events) == 3
    assert [p.field for p in dataset.errors] == [schema.IISG_ROLE]


def test_command_line_keeps_a_file_name_with_a_newline_inside_its_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name holding a newline and YAML cannot add lines to the header it prints."""
    name = "page\nevents: [injected]\n# x.txt"
    source = tmp_path / name
    source.write_bytes((FIXTURES / "events_page_sample.txt").read_bytes())
    assert cli.main(["ingest", str(source)]) == 0
    output = capsys.readouterr().out
    header = output.split("events:\n", 1)[0]
    assert header.count("\n") == 2  # the two comment lines, nothing else
    assert all(line.startswith("#") for line in header.splitlines())
    assert "page\\nevents: [injected]" in header
    assert yaml.safe_load(output)["events"] != ["injected"]


def test_command_line_prints_no_control_characters_from_a_binary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Binary garbage (escape sequences, NUL) is refused with escaped, printable text."""
    source = tmp_path / "bin\x1b[2J.ics"
    source.write_bytes(b"\x1b[2J\x00\xff\xfe\x07" * 20)
    assert cli.main(["ingest", str(source)]) == 1
    captured = capsys.readouterr()
    shown = captured.err + captured.out
    assert "cannot read" in shown
    assert not any(ord(ch) < 32 and ch != "\n" for ch in shown)
    assert "\x7f" not in shown and "\ufffd" not in shown
    assert "\\x1b" in shown


def test_command_line_refuses_a_file_over_the_import_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text over the import limit is refused with the limit named, before it is read."""
    source = tmp_path / "big.txt"
    source.write_bytes(b"x" * (1024 * 1024 + 1))
    monkeypatch.setattr(limits, "MAX_IMPORT_BYTES", 1024 * 1024)
    assert cli.main(["ingest", str(source)]) == 1
    assert "larger than the import limit of 1 MB" in capsys.readouterr().err
