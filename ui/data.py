"""The one cached dataset loader of the app, keyed on the events and reference files' states."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from analytics import Dataset, DatasetError, default_events_path
from analytics.dataset.cache import REFERENCE_FILES, load_dataset_cached
from analytics.dataset.reference import reference_file
from analytics.safe_text import escape_markdown

# Files at least this large (about 1,000 events) show a progress bar while they are read.
PROGRESS_MIN_BYTES = 1_000_000

FileState = tuple[str, int, int]


def _file_state(path: Path) -> FileState:
    """(path, mtime_ns, size) of a file, (path, -1, -1) when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_mtime_ns, stat.st_size


def reference_states(events_path: Path) -> tuple[FileState, ...]:
    """Return the state of every reference file the loader reads for an events file.

    Each is taken from the events file's folder, else from the bundled data/ folder, as the
    loader chooses them.

    Args:
        events_path: The events file.

    Returns:
        (path, mtime_ns, size) of pillars, event types, partners and places files.
    """
    return tuple(_file_state(reference_file(events_path.parent, name)) for name in REFERENCE_FILES)


@dataclass
class _Slot:
    """One cache entry: the dataset once loaded, and a lock so only one session loads it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    dataset: Dataset | None = None


@st.cache_resource(show_spinner=False, max_entries=4)
def _slot(path: str, mtime_ns: int, size: int, references: tuple[FileState, ...]) -> _Slot:
    # Every argument is part of the cache key: editing the events file or a reference file
    # makes a new entry. The dataset is loaded outside this function, into the slot: Streamlit
    # replays the elements a cached function draws, and a progress bar drawn into the page's
    # layout from inside it fails on the replay (CacheReplayClosureError).
    del path, mtime_ns, size, references
    return _Slot()


def _load(
    path: str, mtime_ns: int, size: int, references: tuple[FileState, ...], show_progress: bool
) -> Dataset:
    slot = _slot(path, mtime_ns, size, references)
    with slot.lock:
        if slot.dataset is not None:
            return slot.dataset
        bar = st.empty() if show_progress else None

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.progress(
                    done / total if total else 1.0,
                    text=f"Reading the events: {done:,} of {total:,}",
                )

        try:
            with st.spinner("Loading the events…"):
                slot.dataset = load_dataset_cached(path, progress=progress)
        finally:
            if bar is not None:
                bar.empty()
        _freeze_long_lived()
        return slot.dataset


def _freeze_long_lived() -> None:
    """Keep the objects alive once a dataset is loaded out of every later full collection.

    The modules, the app's state and the dataset live as long as the process, yet Python's
    cyclic garbage collector walks every one of them in each full collection, which comes
    every so often during a rerun and cost about 90 ms at 10,000 events (one page's rerun
    in the benchmark took it). Garbage is collected first, so only live objects are frozen;
    a frozen object is still freed as soon as nothing refers to it (a dataset holds no
    reference cycles).
    """
    gc.collect()
    gc.freeze()
    # A full collection counts the objects it keeps and waits until a quarter as many are
    # new before the next: counted before the freeze, that was every object of the process,
    # and garbage in reference cycles piled up (130 MB more at the peak at 100,000 events).
    # Counted again now (the frozen ones left out), later full collections come as before.
    gc.collect()


def reload_dataset() -> None:
    """Forget every cached dataset, so the next run reads the file again."""
    _slot.clear()


def get_dataset() -> Dataset:
    """Return the dataset of $EVENTS_FILE (or data/events.yaml), stopping the page on failure.

    A file that cannot be read at all leaves the app up with an explanation instead of a
    traceback. A large file shows a progress bar while it is read.

    Returns:
        The loaded dataset (the page stops before returning if it cannot be loaded).
    """
    path: Path = default_events_path()
    try:
        stat = path.stat()
        resolved = path.resolve()
        return _load(
            str(resolved),
            stat.st_mtime_ns,
            stat.st_size,
            reference_states(resolved),
            show_progress=stat.st_size >= PROGRESS_MIN_BYTES,
        )
    except FileNotFoundError:
        message = f"The events file {escape_markdown(str(path))} does not exist."
    except DatasetError as error:
        message = f"The events file cannot be read: {escape_markdown(str(error))}"
    except OSError as error:
        message = f"The events file {escape_markdown(str(path))} cannot be opened: {escape_markdown(str(error.strerror or error))}"
    st.error(message, icon=":material/error:")
    st.info(
        "Fix the file (see *Data schema* in the README) or point the app at another file with "
        "the `EVENTS_FILE` environment variable, then reload the page."
    )
    if st.button("Reload data", key="reload_after_error"):
        reload_dataset()
        st.rerun()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest.
