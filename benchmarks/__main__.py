"""Time loading and page reruns on synthetic datasets of growing size, beside a naive baseline.

Usage::

    python -m benchmarks                          # 1,000, 10,000 and 100,000 events
    python -m benchmarks --sizes 1000,10000       # choose the sizes
    python -m benchmarks --naive-max 100000       # naive baseline at 100,000 too (adds ~40 min)
    python -m benchmarks --page pages/9_results.py  # only these pages' reruns (repeatable)

Every measurement runs in a new process, so imports, parsing and memory are measured as a user
of a freshly started app would pay them. Synthetic files go to a temporary folder (never
data/), which is removed at the end unless --keep is given.

Measured per size:

- cold load: a new process imports the analytics package and calls
  ``analytics.dataset.cache.load_dataset_cached`` with an empty cache folder; the naive baseline calls
  ``yaml.safe_load`` and builds a DataFrame (what benchmarks/naive_page.py does on every run).
- warm load: a new process, same file, cache present. The naive baseline has no cache, so its
  warm load equals its cold load (measured once).
- the floor: a new process has libyaml parse the file (``CParser.raw_parse``), with no Python
  object made for any event. The loader reads these same events, so naive / floor bounds its
  cold-load ratio.
- filter rerun: each page of ``ui.layout.available_pages()`` runs in AppTest, then the pillars
  filter (``filter_pillars``) and the search text (``filter_text``) are changed; the slower of
  the two reruns is reported.
- peak memory: ``ru_maxrss`` of the load process and of the process running the pages.
- largest figure: the longest ``plotly_chart`` spec (JSON sent to the browser) of any page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NAIVE_PAGE = "benchmarks/naive_page.py"
ENTRY_SCRIPT = "dashboard.py"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_SEED = 1
DEFAULT_NAIVE_MAX = 10_000
DEFAULT_TIMEOUT = 600.0
RESULT_MARK = "BENCHMARK-RESULT "
KEY_PILLARS = "filter_pillars"
KEY_TEXT = "filter_text"
# Pillar and search text the filter change picks (both match some synthetic events).
FILTER_PILLAR = "WBCTi"
FILTER_TEXT = "border"
TARGET_FIGURE_BYTES = 2 * 1024 * 1024


# -- probes: run inside the measured subprocess ----------------------------------------------
def _rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    import resource

    # Linux carries ru_maxrss across fork + exec, so a probe would report at least the
    # driver's own size; VmHWM (the high-water mark of this program's memory) has no such floor.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def _emit(result: dict[str, Any]) -> None:
    print(RESULT_MARK + json.dumps(result), flush=True)  # noqa: T201


def _probe_load(events: Path, cache_dir: Path) -> None:
    started = time.perf_counter()
    from analytics.dataset.cache import load_dataset_cached

    imported, cpu = time.perf_counter(), time.process_time()
    dataset = load_dataset_cached(events, cache_dir=cache_dir)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    _emit(
        {
            "import_s": imported - started,
            "load_s": done - imported,
            "cpu_s": cpu,
            "events": len(dataset.events),
            "errors": len(dataset.errors),
            "rss_mb": _rss_mb(),
        }
    )


def _probe_parse(events: Path) -> None:
    """Have libyaml parse the file, making no Python object for its events.

    The loader reads these same events (analytics.dataset.yaml_items); their cost is its floor,
    whatever it does with them, so naive / floor is the most any such loader could reach.
    """
    import yaml

    raw = events.read_bytes()
    cpu = time.process_time()
    parser = yaml.CSafeLoader(raw)
    try:
        count = parser.raw_parse()
    finally:
        parser.dispose()
    _emit({"cpu_s": time.process_time() - cpu, "parser_events": count, "rss_mb": _rss_mb()})


def _probe_naive(events: Path) -> None:
    started = time.perf_counter()
    import pandas as pd
    import yaml

    imported, cpu = time.perf_counter(), time.process_time()
    with events.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    frame = pd.DataFrame(raw["events"])
    done, cpu = time.perf_counter(), time.process_time() - cpu
    _emit(
        {
            "import_s": imported - started,
            "load_s": done - imported,
            "cpu_s": cpu,
            "events": len(frame),
            "errors": 0,
            "rss_mb": _rss_mb(),
        }
    )


def _set_filter(app: Any, key: str, value: Any) -> bool:
    """Set a filter widget by key; False when the page has no such widget."""
    try:
        if key == KEY_TEXT:
            app.text_input(key=key).input(value)
        else:
            app.multiselect(key=key).set_value(value)
    except KeyError:
        return False
    return True


def _spec_sizes(app: Any) -> list[int]:
    return [len(chart.proto.spec) for chart in app.get("plotly_chart")]


def _timed_out(page: str, seconds: float, error: Exception) -> dict[str, Any]:
    return {
        "page": page,
        "first_s": seconds,
        "reruns": {},
        "rerun_cpu": {},
        "charts": 0,
        "max_spec": 0,
        "exception": [f"did not finish: {error}"[:200]],
    }


def _probe_pages(pages: list[str], timeout: float) -> None:
    from streamlit.testing.v1 import AppTest

    results = []
    for page in pages:
        # Pages link to each other relative to the entry script (as `streamlit run
        # dashboard.py` serves them), so an app page runs as a page of dashboard.py.
        entry = page if page in (ENTRY_SCRIPT, NAIVE_PAGE) else ENTRY_SCRIPT
        app = AppTest.from_file(str(ROOT / entry), default_timeout=timeout)
        if entry != page:
            app.switch_page(page)
        started = time.perf_counter()
        try:
            app.run()
        except RuntimeError as error:  # AppTest's timeout: record it and go on.
            results.append(_timed_out(page, time.perf_counter() - started, error))
            continue
        first = time.perf_counter() - started
        sizes = _spec_sizes(app)
        failure = [str(e.value)[:200] for e in app.exception]
        reruns: dict[str, float | None] = {}
        rerun_cpu: dict[str, float | None] = {}
        for key, value in ((KEY_PILLARS, [FILTER_PILLAR]), (KEY_TEXT, FILTER_TEXT)):
            if failure or not _set_filter(app, key, value):
                reruns[key] = rerun_cpu[key] = None
                continue
            started, cpu = time.perf_counter(), time.process_time()
            try:
                app.run()
            except RuntimeError as error:
                failure = [f"filter rerun: {error}"[:200]]
                reruns[key] = rerun_cpu[key] = None
                continue
            reruns[key] = time.perf_counter() - started
            rerun_cpu[key] = time.process_time() - cpu
            failure = [str(e.value)[:200] for e in app.exception]
            sizes += _spec_sizes(app)
        results.append(
            {
                "page": page,
                "first_s": first,
                "reruns": reruns,
                "rerun_cpu": rerun_cpu,
                "charts": len(app.get("plotly_chart")),
                "max_spec": max(sizes, default=0),
                "exception": failure,
            }
        )
    _emit({"pages": results, "rss_mb": _rss_mb()})


# -- driver ------------------------------------------------------------------------------------
@dataclass
class SizeResult:
    """Everything measured at one dataset size."""

    events: int
    file_mb: float = 0.0
    generate_s: float = 0.0
    cold: dict[str, Any] = field(default_factory=dict)
    warm: dict[str, Any] = field(default_factory=dict)
    parse: dict[str, Any] = field(default_factory=dict)
    naive: dict[str, Any] = field(default_factory=dict)
    pages: dict[str, Any] = field(default_factory=dict)
    naive_page: dict[str, Any] = field(default_factory=dict)


def _run_probe(args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run `python -m benchmarks --probe ...` and return its result plus the wall time."""
    command = [sys.executable, "-m", "benchmarks", *args]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"timed out after {timeout:.0f} s", "wall_s": timeout}
    wall = time.perf_counter() - started
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            result: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
            result["wall_s"] = wall
            return result
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return {"failed": f"exit {done.returncode}: {' | '.join(tail)}", "wall_s": wall}


def _pages() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from ui.layout import available_pages

    return [page.path for page in available_pages()]


def measure(
    size: int,
    workdir: Path,
    seed: int,
    naive: bool,
    timeout: float,
    only_pages: list[str] | None = None,
) -> SizeResult:
    """Generate a dataset of `size` events and measure it (see the module docstring).

    Args:
        size: Number of events.
        workdir: Temporary folder for the dataset and caches.
        seed: Seed of the synthetic dataset.
        naive: Whether to measure the naive baseline too.
        timeout: Seconds any one subprocess may take.
        only_pages: Measure only these pages (all pages of the navigation when None).

    Returns:
        The measurements.
    """
    from analytics.synthetic import write_dataset

    result = SizeResult(events=size)
    folder = workdir / f"events-{size}"
    started = time.perf_counter()
    events = write_dataset(folder / "events.yaml", size, seed)
    result.generate_s = time.perf_counter() - started
    result.file_mb = events.stat().st_size / 1e6
    cache_dir = workdir / f"cache-{size}"
    env = {
        **os.environ,
        "EVENTS_FILE": str(events),
        "IISG_CACHE_DIR": str(workdir / f"app-cache-{size}"),
        "PYTHONPATH": str(ROOT),
    }
    load_args = ["--probe", "load", "--events", str(events), "--cache-dir", str(cache_dir)]
    result.cold = _run_probe(load_args, env, timeout)
    result.warm = _run_probe(load_args, env, timeout)
    result.parse = _run_probe(["--probe", "parse", "--events", str(events)], env, timeout)
    if naive:
        result.naive = _run_probe(["--probe", "naive", "--events", str(events)], env, timeout)
    pages = only_pages or _pages()
    page_args = ["--probe", "pages", "--timeout", str(timeout), "--pages", *pages]
    # Three runs a page, each at most `timeout`; a page that times out leaves its script
    # thread running, so the whole probe gets generous room.
    result.pages = _run_probe(page_args, env, timeout * (3 * len(pages) + 1))
    if naive:
        naive_args = ["--probe", "pages", "--timeout", str(timeout), "--pages", NAIVE_PAGE]
        result.naive_page = _run_probe(naive_args, env, timeout * 4)
    return result


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _ratio(slow: float | None, fast: float | None) -> str:
    if not slow or not fast:
        return "–"
    return f"{slow / fast:.1f}x"


def _slowest_rerun(pages: dict[str, Any], kind: str = "reruns") -> tuple[float | None, str]:
    worst: tuple[float | None, str] = (None, "")
    for page in pages.get("pages", []):
        for seconds in page[kind].values():
            if seconds is not None and (worst[0] is None or seconds > worst[0]):
                worst = (seconds, page["page"])
    return worst


def _largest_figure(pages: dict[str, Any]) -> tuple[int | None, str]:
    entries = [(page["max_spec"], page["page"]) for page in pages.get("pages", [])]
    return max(entries, default=(None, ""))


def _kb(size: int | None) -> str:
    return "–" if size is None else f"{size / 1024:,.0f} KB"


def summary_table(results: list[SizeResult]) -> str:
    """The side-by-side table (markdown) of the dashboard against the naive baseline."""
    lines = [
        "| events | file | measure | dashboard | naive baseline | naive / dashboard |",
        "|---:|---:|---|---:|---:|---:|",
    ]
    for result in results:
        prefix = f"| {result.events:,} | {result.file_mb:.1f} MB"
        naive = result.naive
        cold, warm = result.cold.get("load_s"), result.warm.get("load_s")
        naive_load = naive.get("load_s")
        rows = [
            ("cold load, in process (s)", _seconds(cold), _seconds(naive_load)),
            (
                "cold load, CPU time (s)",
                _seconds(result.cold.get("cpu_s")),
                _seconds(naive.get("cpu_s")),
            ),
            (
                "libyaml's parse alone, no Python object: the floor, CPU time (s)",
                _seconds(result.parse.get("cpu_s")),
                _seconds(naive.get("cpu_s")),
            ),
            (
                "cold load, process wall (s)",
                _seconds(result.cold.get("wall_s")),
                _seconds(naive.get("wall_s")),
            ),
            ("warm load, in process (s)", _seconds(warm), _seconds(naive_load)),
            (
                "warm load, process wall (s)",
                _seconds(result.warm.get("wall_s")),
                _seconds(naive.get("wall_s")),
            ),
        ]
        ratios = [
            _ratio(naive_load, cold),
            _ratio(naive.get("cpu_s"), result.cold.get("cpu_s")),
            _ratio(naive.get("cpu_s"), result.parse.get("cpu_s")),
            _ratio(naive.get("wall_s"), result.cold.get("wall_s")),
            _ratio(naive_load, warm),
            _ratio(naive.get("wall_s"), result.warm.get("wall_s")),
        ]
        rerun, rerun_page = _slowest_rerun(result.pages)
        naive_rerun, _ = _slowest_rerun(result.naive_page)
        rows.append(
            (f"slowest filter rerun (s), {rerun_page}", _seconds(rerun), _seconds(naive_rerun))
        )
        ratios.append(_ratio(naive_rerun, rerun))
        rerun_cpu, cpu_page = _slowest_rerun(result.pages, "rerun_cpu")
        naive_rerun_cpu, _ = _slowest_rerun(result.naive_page, "rerun_cpu")
        rows.append(
            (
                f"slowest filter rerun, CPU time (s), {cpu_page}",
                _seconds(rerun_cpu),
                _seconds(naive_rerun_cpu),
            )
        )
        ratios.append(_ratio(naive_rerun_cpu, rerun_cpu))
        rows.append(
            (
                "peak RSS, load process (MB)",
                f"{result.cold.get('rss_mb', 0):,.0f}",
                f"{naive.get('rss_mb', 0):,.0f}" if naive else "–",
            )
        )
        ratios.append("")
        rows.append(
            (
                "peak RSS, all pages (MB)",
                f"{result.pages.get('rss_mb', 0):,.0f}",
                f"{result.naive_page.get('rss_mb', 0):,.0f}" if result.naive_page else "–",
            )
        )
        ratios.append("")
        figure, figure_page = _largest_figure(result.pages)
        naive_figure, _ = _largest_figure(result.naive_page)
        rows.append((f"largest figure, {figure_page}", _kb(figure), _kb(naive_figure)))
        ratios.append("")
        for (name, ours, theirs), ratio in zip(rows, ratios, strict=True):
            lines.append(f"{prefix} | {name} | {ours} | {theirs} | {ratio} |")
        for probe, outcome in (
            ("cold", result.cold),
            ("warm", result.warm),
            ("parse", result.parse),
            ("naive", naive),
            ("pages", result.pages),
            ("naive page", result.naive_page),
        ):
            if outcome.get("failed"):
                lines.append(f"{prefix} | {probe} FAILED | {outcome['failed']} | | |")
    return "\n".join(lines)


def pages_table(results: list[SizeResult]) -> str:
    """Per page: first run, the two filter reruns, number of charts, largest figure."""
    lines = [
        "| events | page | first run (s) | rerun: pillar (s) | rerun: text (s) "
        "| rerun CPU: pillar / text (s) | charts | largest figure | problem |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        for source in (result.pages, result.naive_page):
            for page in source.get("pages", []):
                over = " (over 2 MB)" if page["max_spec"] > TARGET_FIGURE_BYTES else ""
                problem = "; ".join(page["exception"])[:120]
                lines.append(
                    f"| {result.events:,} | {page['page']} | {_seconds(page['first_s'])} | "
                    f"{_seconds(page['reruns'].get(KEY_PILLARS))} | "
                    f"{_seconds(page['reruns'].get(KEY_TEXT))} | "
                    f"{_seconds(page['rerun_cpu'].get(KEY_PILLARS))} / "
                    f"{_seconds(page['rerun_cpu'].get(KEY_TEXT))} | {page['charts']} | "
                    f"{_kb(page['max_spec'])}{over} | {problem} |"
                )
    return "\n".join(lines)


def _parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes must be numbers: {text!r}") from error
    if not sizes or any(size < 0 for size in sizes):
        raise argparse.ArgumentTypeError("give one or more sizes, e.g. 1000,10000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables (markdown)."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes",
        type=_parse_sizes,
        default=DEFAULT_SIZES,
        help="comma-separated numbers of events (default 1000,10000,100000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="synthetic data seed")
    parser.add_argument(
        "--naive-max",
        type=int,
        default=DEFAULT_NAIVE_MAX,
        help="measure the naive baseline only up to this many events (default 10000: at "
        "100,000 its three page runs take over half an hour)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds one load or one page run may take (default 600)",
    )
    parser.add_argument(
        "--page",
        action="append",
        dest="only_pages",
        metavar="FILE",
        help="measure only this page's runs (repeatable; default every page of the navigation)",
    )
    parser.add_argument("--workdir", type=Path, help="folder for the synthetic files")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic files")
    parser.add_argument("--json", type=Path, help="also write the raw measurements to this file")
    parser.add_argument(
        "--probe", choices=("load", "parse", "naive", "pages"), help=argparse.SUPPRESS
    )
    parser.add_argument("--events", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pages", nargs="*", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.probe == "load":
        _probe_load(args.events, args.cache_dir)
        return 0
    if args.probe == "parse":
        _probe_parse(args.events)
        return 0
    if args.probe == "naive":
        _probe_naive(args.events)
        return 0
    if args.probe == "pages":
        _probe_pages(args.pages, args.timeout)
        return 0

    from analytics.dataset.yaml_items import EventParser

    started = time.perf_counter()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="iisg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(  # noqa: T201
        f"# python -m benchmarks {' '.join(argv if argv is not None else sys.argv[1:])}\n"
        f"# Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at start, synthetic files in {workdir}\n"
        f"# YAML events read by {EventParser.__module__}.{EventParser.__name__}",
        flush=True,
    )
    results = []
    try:
        for size in args.sizes:
            naive = args.naive_max is None or size <= args.naive_max
            step = time.perf_counter()
            results.append(measure(size, workdir, args.seed, naive, args.timeout, args.only_pages))
            print(  # noqa: T201
                f"# {size:,} events measured in {time.perf_counter() - step:.0f} s "
                f"(generating the file: {results[-1].generate_s:.0f} s)",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    print("\n" + summary_table(results) + "\n\n" + pages_table(results))  # noqa: T201
    print(  # noqa: T201
        f"\n# whole benchmark: {time.perf_counter() - started:.0f} s; "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
