"""Tests of analytics.dataset.files and its callers: FIFOs and devices are refused, every read is bounded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analytics import DatasetError, cli, load_dataset
from analytics.dataset.cache import load_dataset_cached
from analytics.dataset.files import FileTooLarge, NotRegularFile, read_regular_file
from tests.helpers import ROOT, SMALL

# How long a call may block before the test unblocks it and reports a hang. Not a speed
# threshold: a refusal takes microseconds, a hang lasts forever.
HANG_GUARD_SECONDS = 20.0


def call_without_hanging(fifo: Path, call: Callable[[], Any]) -> Any:
    """Run `call`; if it blocks on the FIFO, unblock it (EOF) and fail the test.

    Returns:
        What `call` returned, or the exception it raised.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["value"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_SECONDS)
    if worker.is_alive():
        # Opening the write end lets a reader blocked in open() continue and see EOF.
        descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(descriptor)
        worker.join(HANG_GUARD_SECONDS)
        pytest.fail(f"the call hung on the FIFO {fifo.name} until the test unblocked it")
    return outcome["value"]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    folder = tmp_path / "dataset"
    folder.mkdir()
    path = folder / "events.yaml"
    os.mkfifo(path)
    return path


def test_read_regular_file_refuses_a_fifo_without_opening_it(fifo: Path) -> None:
    """A named pipe is refused at once, named as such."""
    result = call_without_hanging(fifo, lambda: read_regular_file(fifo, 1000))
    assert isinstance(result, NotRegularFile)
    assert "named pipe (FIFO)" in str(result)


def test_read_regular_file_refuses_devices_and_folders(tmp_path: Path) -> None:
    """/dev/zero and a folder are refused before a byte is read."""
    with pytest.raises(NotRegularFile, match="a device"):
        read_regular_file("/dev/zero", 1000)
    with pytest.raises(NotRegularFile, match="a folder"):
        read_regular_file(tmp_path, 1000)


def test_read_regular_file_reads_at_most_the_limit(tmp_path: Path) -> None:
    """A file over the limit is refused; one at the limit is read whole."""
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(path, 100) == b"x" * 100
    with pytest.raises(FileTooLarge):
        read_regular_file(path, 99)


def test_read_regular_file_follows_links_to_regular_files(tmp_path: Path) -> None:
    """A symbolic link to a regular file is read like the file."""
    (tmp_path / "target").write_bytes(b"abc")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    assert read_regular_file(tmp_path / "link", 10) == b"abc"


def test_the_loader_refuses_a_fifo_with_a_message(fifo: Path) -> None:
    """EVENTS_FILE naming a FIFO gives a DatasetError naming it, not a hang."""
    result = call_without_hanging(fifo, lambda: load_dataset(fifo))
    assert isinstance(result, DatasetError)
    assert "named pipe" in str(result)


def test_the_cache_refuses_a_fifo_with_a_message(fifo: Path, tmp_path: Path) -> None:
    """The cached loader (the app's path) refuses a FIFO instead of hanging."""
    result = call_without_hanging(
        fifo, lambda: load_dataset_cached(fifo, cache_dir=tmp_path / "cache")
    )
    assert isinstance(result, DatasetError)
    assert "named pipe" in str(result)


def test_the_report_command_refuses_a_fifo(
    fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m analytics report --events <fifo>` exits 1 with a message."""
    output = tmp_path / "r.html"
    status = call_without_hanging(
        fifo,
        lambda: cli.main(
            ["report", "--events", str(fifo), "--period", "2023", "--output", str(output)]
        ),
    )
    assert status == 1
    assert "named pipe" in capsys.readouterr().err
    assert not output.exists()


def test_a_fifo_as_a_reference_file_is_refused(tmp_path: Path) -> None:
    """A pillars.yaml beside the events file that is a FIFO is refused, not waited on."""
    folder = tmp_path / "dataset"
    folder.mkdir()
    events = Path(shutil.copy(SMALL, folder / "events.yaml"))
    os.mkfifo(folder / "pillars.yaml")
    result = call_without_hanging(folder / "pillars.yaml", lambda: load_dataset(events))
    assert isinstance(result, DatasetError)
    assert "named pipe" in str(result)


def test_the_cache_refuses_dev_zero_within_bounded_memory(tmp_path: Path) -> None:
    """/dev/zero through the cache is refused; no unbounded read (address space capped at 1 GB)."""
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from analytics import DatasetError\n"
        "from analytics.dataset.cache import load_dataset_cached\n"
        "try:\n"
        f"    load_dataset_cached('/dev/zero', cache_dir={str(tmp_path / 'cache')!r})\n"
        "except DatasetError as error:\n"
        "    print('refused:', error)\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert finished.stdout.startswith("refused:"), finished.stdout + finished.stderr
    assert "device" in finished.stdout
