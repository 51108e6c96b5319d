"""Tests of the report's command line (python -m analytics report), run as a subprocess."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl
import yaml

from tests.helpers import run_analytics

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "data" / "small_events.yaml"


def run_cli(*args: str, events_file: Path = SMALL) -> subprocess.CompletedProcess[str]:
    return run_analytics("report", *args, env={"EVENTS_FILE": str(events_file)})


def test_cli_writes_an_xlsx_of_the_dates_given(tmp_path: Path) -> None:
    """--from/--to writes the file, exits 0 and counts the fixture's 2022 events (2)."""
    output = tmp_path / "report.xlsx"
    result = run_cli("--from", "2022-01-01", "--to", "2022-12-31", "--output", str(output))
    assert result.returncode == 0, result.stderr
    raw = yaml.safe_load(SMALL.read_text(encoding="utf-8"))["events"]
    expected = sum(str(e["start_date"]).startswith("2022") for e in raw)
    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Events"] == expected == 2
    assert "Wrote" in result.stdout


def test_cli_period_and_format_write_html(tmp_path: Path) -> None:
    """--period 2023-Q1 --format html writes an HTML report of Q1 2023."""
    output = tmp_path / "out.html"
    result = run_cli("--period", "2023-Q1", "--format", "html", "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert "IISG events report: Q1 2023" in output.read_text(encoding="utf-8")


def test_cli_docx_without_images(tmp_path: Path) -> None:
    """--no-images writes a DOCX (a zip file) without starting a browser."""
    output = tmp_path / "r.docx"
    result = run_cli("--period", "2023", "--no-images", "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_bytes()[:2] == b"PK"


def test_cli_bad_period_fails_with_one_line(tmp_path: Path) -> None:
    """An unreadable period exits non-zero with one clear line on stderr and writes nothing."""
    output = tmp_path / "r.docx"
    result = run_cli("--period", "2023-H3", "--output", str(output))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "error: cannot read the period '2023-H3': write a year (2023), a half-year (2023-H1) "
        "or a quarter (2023-Q2)"
    ]
    assert not output.exists()


def test_cli_end_before_start_fails(tmp_path: Path) -> None:
    """--to before --from is refused with a message."""
    result = run_cli(
        "--from", "2023-07-01", "--to", "2023-06-30", "--output", str(tmp_path / "x.html")
    )
    assert result.returncode != 0
    assert "before the start" in result.stderr


def test_cli_missing_dataset_fails_with_a_message(tmp_path: Path) -> None:
    """A missing events file exits non-zero naming the file, without a traceback."""
    missing = tmp_path / "nowhere.yaml"
    result = run_cli("--period", "2023", "--output", str(tmp_path / "r.html"), events_file=missing)
    assert result.returncode != 0
    assert "nowhere.yaml" in result.stderr and "Traceback" not in result.stderr


def test_cli_unwritable_output_fails_with_a_message(tmp_path: Path) -> None:
    """An output in a folder that does not exist exits non-zero with a message."""
    target = tmp_path / "no-such-folder" / "r.html"
    result = run_cli("--period", "2023", "--output", str(target))
    assert result.returncode != 0
    assert result.stderr.startswith("error: cannot write") and "Traceback" not in result.stderr


BUNDLED = ROOT / "data" / "events.yaml"


def test_cli_view_takes_the_dashboards_filters(tmp_path: Path) -> None:
    """--view "pillar=WBCTi" counts only the 2023 events naming WBCTi, and says so."""
    output = tmp_path / "report.xlsx"
    result = run_cli(
        "--period", "2023", "--view", "pillar=WBCTi", "--output", str(output), events_file=BUNDLED
    )
    assert result.returncode == 0, result.stderr
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["events"]
    expected = sum(
        str(e["start_date"]).startswith("2023") and "WBCTi" in (e.get("pillars") or []) for e in raw
    )
    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    narrative = " ".join(
        str(cell) for row in book["Narrative"].iter_rows(values_only=True) for cell in row if cell
    )
    assert f"{expected} events name WBCTi" in narrative
    assert "WBCSCi" not in narrative and "WBBSi" not in narrative
    assert "Filters: pillars WBCTi" in str(book["Summary"]["A2"].value)


def test_cli_view_reads_a_whole_address_with_its_period(tmp_path: Path) -> None:
    """A dashboard address gives the filters and, without --period, the report's year."""
    output = tmp_path / "report.html"
    address = "http://localhost:8501/events?period=2023&country=Albania&pillar=WBCSCi"
    result = run_cli("--view", address, "--output", str(output), events_file=BUNDLED)
    assert result.returncode == 0, result.stderr
    page = output.read_text(encoding="utf-8")
    assert "IISG events report: 2023" in page
    assert "pillars WBCSCi · countries Albania" in page


def test_cli_view_with_a_value_the_data_lacks_exits_2_naming_it(tmp_path: Path) -> None:
    """A pillar, country or parameter the data does not have stops with one line naming it."""
    for view, named in (
        ("pillar=WBCTX", "pillar 'WBCTX'"),
        ("country=Narnia&pillar=WBCTi", "country 'Narnia'"),
        ("colour=red", "'colour'"),
        ("from=2023-13-01&to=2023-12-31", "from='2023-13-01'"),
    ):
        result = run_cli(
            "--period",
            "2023",
            "--view",
            view,
            "--output",
            str(tmp_path / "r.html"),
            events_file=BUNDLED,
        )
        assert result.returncode == 2, view
        assert result.stderr.count("\n") == 1 and named in result.stderr, result.stderr
        assert not (tmp_path / "r.html").exists()


def test_help_lists_every_command() -> None:
    """`python -m analytics --help` names each command the modules' main() functions used to run."""
    result = run_analytics("--help")
    assert result.returncode == 0, result.stderr
    for command in ("report", "ingest", "hash-password", "synthetic", "places"):
        assert f"\n    {command}" in result.stdout, command


def test_places_rewrites_the_register_unchanged(tmp_path: Path) -> None:
    """`places` on the bundled events rewrites data/places.yaml byte for byte (stand-ins kept)."""
    register = tmp_path / "places.yaml"
    register.write_bytes((ROOT / "data" / "places.yaml").read_bytes())
    result = run_analytics("places", str(ROOT / "data" / "events.yaml"), "--output", str(register))
    assert result.returncode == 0, result.stderr
    assert register.read_bytes() == (ROOT / "data" / "places.yaml").read_bytes()
