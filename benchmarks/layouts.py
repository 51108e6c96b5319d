"""Peak memory and time of loading the same synthetic events written in different YAML layouts.

Usage::

    python -m benchmarks.layouts                       # 100,000 events, every layout
    python -m benchmarks.layouts --events 10000 --keep --workdir /tmp/layouts

The events of ``python -m analytics synthetic`` are written as the generator writes them
(items indented under ``events:``), with items at column 0 (PyYAML's default dump), with each
one-day event's ``end_date`` an alias of its ``start_date`` (``&id001`` / ``*id001``, as PyYAML
writes a date object used twice), with flow-style lists, and with a byte-order mark, CRLF line
ends and a comment that looks like an item before every item. Each file is loaded by
``analytics.dataset.load.load_dataset`` in a new process, whose peak resident memory (VmHWM)
and CPU time are reported.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from analytics import synthetic

ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "LAYOUT-RESULT "
CHUNK = 2_000
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(events: list[dict[str, Any]], **options: Any) -> str:
    return str(yaml.dump(events, Dumper=_Dumper, allow_unicode=True, sort_keys=False, **options))


def _column0(events: list[dict[str, Any]], part: int) -> str:
    return _dump(events, width=100)


def _aliased(events: list[dict[str, Any]], part: int) -> str:
    for event in events:
        event.setdefault("end_date", event["start_date"])  # The same date object: an alias.
    text = _dump(events, width=100)
    # Anchors are numbered per dump; a file may define each only once.
    return re.sub(r"([&*])id(\d+)", rf"\1p{part}_\2", text)


def _flow_lists(events: list[dict[str, Any]], part: int) -> str:
    return _dump(events, default_flow_style=None, width=10**6)


def _indented(events: list[dict[str, Any]], part: int) -> str:
    text = _dump(events, width=100)
    return "".join("  " + line if line.strip() else line for line in text.splitlines(True))


def _crlf_bom_comments(events: list[dict[str, Any]], part: int) -> str:
    text = re.sub(r"(?m)^- id:", "# - id: not-an-event\n\n- id:", _indented(events, part))
    return re.sub(r"(?m)^  - id:", "  # - id: not-an-event\n\n  - id:", text)


LAYOUTS: dict[str, Callable[[list[dict[str, Any]], int], str]] = {
    "indented items": _indented,
    "column-0 items": _column0,
    "end_date aliases start_date": _aliased,
    "flow-style lists": _flow_lists,
    "BOM, CRLF, comments like items": _crlf_bom_comments,
}


def _chunks(count: int, seed: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for event in synthetic.generate_events(count, seed):
        chunk.append(event)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_layouts(folder: Path, count: int, seed: int) -> dict[str, Path]:
    """Write the events in every layout, each in its own folder with the reference files."""
    base = synthetic.write_dataset(folder / "synthetic" / "events.yaml", count, seed)
    paths = {}
    for number, (name, write) in enumerate(LAYOUTS.items()):
        target = folder / f"layout-{number}" / "events.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        for reference in ("partners.yaml", "places.yaml"):
            shutil.copy(base.parent / reference, target.parent / reference)
        crlf = "CRLF" in name
        with target.open("w", encoding="utf-8", newline="\r\n" if crlf else "\n") as handle:
            if crlf:
                handle.write("\ufeff")
            handle.write("# synthetic events, layout: " + name + "\nevents:\n")
            for part, chunk in enumerate(_chunks(count, seed)):
                handle.write(write(chunk, part))
        paths[name] = target
    return paths


def _probe(events: Path) -> None:
    from analytics.dataset.load import load_dataset

    started = time.process_time()
    dataset = load_dataset(events)
    seconds = time.process_time() - started
    peak = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) * 1024 / 1e6
    result = {
        "events": len(dataset.events),
        "problems": len(dataset.problems),
        "cpu_s": seconds,
        "peak_mb": peak,
    }
    print(RESULT_MARK + json.dumps(result), flush=True)  # noqa: T201


def _measure(events: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.layouts", "--probe", str(events)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith(RESULT_MARK))
    result: dict[str, Any] = json.loads(line.removeprefix(RESULT_MARK))
    return result


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events per file")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, help="folder for the files (default: temporary)")
    parser.add_argument("--keep", action="store_true", help="keep the files")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        _probe(args.probe)
        return 0
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="iisg-layouts-"))
    try:
        paths = write_layouts(folder, args.events, args.seed)
        print(f"| layout ({args.events:,} events) | file | valid events | peak RSS | CPU |")  # noqa: T201
        print("|---|---:|---:|---:|---:|")  # noqa: T201
        for name, path in paths.items():
            result = _measure(path)
            size = path.stat().st_size / 1e6
            print(  # noqa: T201
                f"| {name} | {size:,.1f} MB | {result['events']:,} | "
                f"{result['peak_mb']:,.0f} MB | {result['cpu_s']:.2f} s |",
                flush=True,
            )
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
