"""The project's one command line: ``python -m analytics <command>``.

Commands:
    report          write the DG NEAR report for a period (DOCX, XLSX or HTML)
    ingest          print the events of an Events page text or an iCalendar file as YAML
    hash-password   print a salted hash of an editor password (the editor secret)
    synthetic       write a seeded synthetic dataset, for benchmarks and tests
    places          regenerate data/places.yaml from the host cities of a dataset

Each command parses its arguments here and calls the library; no other module of the package
reads ``sys.argv`` or defines ``main()``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from analytics import filters, periods, synthetic
from analytics.dataset import places
from analytics.dataset.files import FileTooLarge, read_regular_file
from analytics.dataset.load import default_events_path, load_dataset, read_city_pairs
from analytics.dataset.reference import BUNDLED_DATA_DIR
from analytics.dataset.writer import render_document
from analytics.indicators import indicators_path as default_indicators_path
from analytics.indicators import load_indicators
from analytics.ingest import limits as ingest_limits
from analytics.ingest.extract import extract
from analytics.passwords import MIN_PASSWORD_CHARS, hash_password
from analytics.periods import ReportPeriod
from analytics.report import formats
from analytics.report.build import build_report
from analytics.report.view import view_filter, view_period
from analytics.safe_text import terminal_safe
from analytics.schema import DatasetError
from analytics.words import count_text

PROG = "python -m analytics"


def _fail(message: str, status: int = 1) -> int:
    sys.stderr.write(f"error: {message}\n")
    return status


# -- report -------------------------------------------------------------------------------------


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--period", help="2023, 2023-H1 or 2023-Q2 (overrides a period given in --view)"
    )
    parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (with --to)")
    parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (with --from)")
    parser.add_argument("--format", choices=formats.NAMES, help="default: from --output, else docx")
    parser.add_argument("--output", help="file to write (default: iisg-report-<period>.<format>)")
    parser.add_argument("--events", help="events file (default: $EVENTS_FILE or data/events.yaml)")
    parser.add_argument(
        "--indicators",
        help="indicators file for 'Progress against indicators' (default: $INDICATORS_FILE, "
        "else indicators.yaml beside the events, else data/indicators.yaml)",
    )
    parser.add_argument(
        "--no-images", action="store_true", help="DOCX without chart pictures (no browser needed)"
    )
    parser.add_argument(
        "--view",
        help=(
            "the dashboard's filters: its address or query string, e.g. "
            "'pillar=WBCTi&country=Albania' (a period in it is the report's period unless "
            "--period or --from/--to is given)"
        ),
    )


def _report(options: argparse.Namespace) -> int:
    """Build the report and write one file: 0 on success, 2 for bad arguments, 1 for data."""
    period: ReportPeriod | None = None
    try:
        if options.period and (options.start or options.end):
            raise ValueError("give either --period or --from/--to, not both")
        if options.period:
            period = periods.parse_period(options.period)
        elif options.start and options.end:
            period = periods.parse_dates(options.start, options.end)
        elif not options.view:
            raise ValueError("give a period: --period 2023-H1, or --from and --to dates")
    except ValueError as error:
        return _fail(str(error), 2)
    if options.format is not None:
        file_format = formats.by_name(options.format)
    else:
        file_format = formats.from_file_name(options.output or "")
    events_path = Path(options.events) if options.events else default_events_path()
    try:
        dataset = load_dataset(events_path)
    except DatasetError as error:
        return _fail(f"cannot use the dataset: {error}")
    indicators_file = (
        Path(options.indicators) if options.indicators else default_indicators_path(events_path)
    )
    try:
        indicator_set = load_indicators(indicators_file, dataset.reference)
    except DatasetError as error:
        return _fail(f"cannot use the indicators file: {error}")
    for problem in indicator_set.problems:
        sys.stderr.write(f"warning: {problem} (the indicator is left out)\n")
    event_filter: filters.EventFilter | None = None
    if options.view:
        offered = filters.filter_options(
            dataset.events, dataset.event_partners, dataset.reference.pillar_codes
        )
        try:
            event_filter = view_filter(options.view, offered, dt.date.today())
            period = period or view_period(event_filter)
        except ValueError as error:
            return _fail(str(error), 2)
        if period is None:
            return _fail(
                "give a period: --period 2023-H1, --from and --to dates, or a year in --view "
                "(period=2023)",
                2,
            )
    assert period is not None
    started = time.perf_counter()
    report = build_report(dataset, period, event_filter, indicators=indicator_set)
    content = file_format.render(report, images=not options.no_images)
    output = (
        Path(options.output) if options.output else Path(report.file_name(file_format.extension))
    )
    try:
        output.write_bytes(content)
    except OSError as error:
        return _fail(f"cannot write {output}: {error.strerror or error}")
    seconds = time.perf_counter() - started
    sys.stdout.write(
        f"Wrote {output} ({report.period.label}: {count_text(report.kpis.events, 'event')}) "
        f"in {seconds:.1f} s\n"
    )
    return 0


# -- ingest -------------------------------------------------------------------------------------


def _ingest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="an Events page text (.txt) or an iCalendar file (.ics)")
    parser.add_argument(
        "--source", default=ingest_limits.DEFAULT_SOURCE, help="the events' `source` value"
    )


def _ingest(options: argparse.Namespace) -> int:
    """Print the events of a .txt (Events page) or .ics file as YAML in the dataset's schema."""
    path = Path(options.input)
    safe_name = terminal_safe(str(path))
    try:
        content = read_regular_file(path, ingest_limits.MAX_IMPORT_BYTES)
        events = extract(path.name, content, source=options.source)
    except FileTooLarge:
        return _fail(
            f"cannot read {safe_name}: it is larger than the import limit of "
            f"{ingest_limits.MAX_IMPORT_BYTES // (1024 * 1024)} MB"
        )
    except (OSError, ValueError) as error:
        message = error.strerror if isinstance(error, OSError) and error.strerror else error
        return _fail(f"cannot read {safe_name}: {terminal_safe(str(message))}")
    header = (
        f"# {count_text(len(events), 'event')} extracted from "
        f"{terminal_safe(path.name)} by `{PROG} ingest`.\n"
        "# Check every field named in a `# needs review` comment "
        "before adding an event to data/events.yaml.\n"
    )
    sys.stdout.write(header + render_document(events, comments=True))
    return 0


# -- hash-password ------------------------------------------------------------------------------


def _hash_password_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdin", action="store_true", help="read the password from standard input"
    )


def _hash_password(options: argparse.Namespace) -> int:
    """Print a salted hash of an editor password, asked twice (or read from standard input)."""
    if options.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Editor password: ")
        if getpass.getpass("Again: ") != password:
            return _fail("The two passwords differ.")
    if len(password) < MIN_PASSWORD_CHARS:
        return _fail(f"Use at least {MIN_PASSWORD_CHARS} characters.")
    sys.stdout.write(hash_password(password) + "\n")
    return 0


# -- synthetic ----------------------------------------------------------------------------------


def _synthetic_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, required=True, help="number of events")
    parser.add_argument("--output", type=Path, required=True, help="events file to write")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED, help="random seed")


def _synthetic(options: argparse.Namespace) -> int:
    """Write a synthetic events file with its partners.yaml and places.yaml beside it."""
    if options.events < 0:
        return _fail("--events must be 0 or more", 2)
    try:
        synthetic.write_dataset(options.output, options.events, options.seed)
    except synthetic.SyntheticError as error:
        return _fail(str(error), 2)
    return 0


# -- places -------------------------------------------------------------------------------------


def _places_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("events", nargs="?", default=str(default_events_path()))
    parser.add_argument("--output", default=str(BUNDLED_DATA_DIR / places.PLACES_FILE))


def _places(options: argparse.Namespace) -> int:
    """Regenerate the place register; 1 when a city is missing from the gazetteer."""
    missing = places.write_register(read_city_pairs(Path(options.events)), Path(options.output))
    for city, country in missing:
        sys.stderr.write(
            f"warning: {terminal_safe(city)} ({terminal_safe(country)}) is not in "
            "the gazetteer: give it `map_as: <nearby gazetteer town>` and run again\n"
        )
    return 1 if missing else 0


# -- the parser ---------------------------------------------------------------------------------

Command = tuple[
    str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]
]

COMMANDS: tuple[Command, ...] = (
    (
        "report",
        "write the IISG events report for a period (DOCX, XLSX or HTML); the dataset is "
        "$EVENTS_FILE, or data/events.yaml",
        _report_arguments,
        _report,
    ),
    (
        "ingest",
        "print the events of an Events page text (.txt) or an iCalendar file (.ics) as YAML "
        "in the dataset's schema, for review",
        _ingest_arguments,
        _ingest,
    ),
    (
        "hash-password",
        "print a salted hash of an editor password (set it as IISG_EDITOR_PASSWORD_HASH)",
        _hash_password_arguments,
        _hash_password,
    ),
    (
        "synthetic",
        "write a seeded synthetic events file (with partners.yaml and places.yaml beside it)",
        _synthetic_arguments,
        _synthetic,
    ),
    (
        "places",
        "regenerate data/places.yaml (the host cities' gazetteer entries) from a dataset",
        _places_arguments,
        _places,
    ),
)


def parser() -> argparse.ArgumentParser:
    """The command line's parser: one subcommand per entry of COMMANDS."""
    top = argparse.ArgumentParser(
        prog=PROG, description="The IISG Events Dashboard's command line."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="<command>")
    for name, summary, add_arguments, run in COMMANDS:
        command = commands.add_parser(name, help=summary, description=summary)
        add_arguments(command)
        command.set_defaults(run=run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command.

    Args:
        argv: The arguments after ``python -m analytics`` (``sys.argv[1:]`` when None).

    Returns:
        The command's exit status (2 for bad arguments).
    """
    options = parser().parse_args(argv)
    status: int = options.run(options)
    return status
