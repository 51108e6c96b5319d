"""The one cached dataset loader of the app, keyed on the events file's path, mtime and size."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics import Dataset, DatasetError, default_events_path, load_dataset
from analytics.safe_text import escape_markdown


@st.cache_resource(show_spinner="Loading the events…", max_entries=4)
def _load(path: str, mtime_ns: int, size: int) -> Dataset:
    # mtime_ns and size are part of the cache key: editing the file makes a new entry.
    del mtime_ns, size
    return load_dataset(path)


def reload_dataset() -> None:
    """Forget every cached dataset, so the next run reads the file again."""
    _load.clear()


def get_dataset() -> Dataset:
    """Return the dataset of $EVENTS_FILE (or data/events.yaml), stopping the page on failure.

    A file that cannot be read at all leaves the app up with an explanation instead of a
    traceback.

    Returns:
        The loaded dataset (the page stops before returning if it cannot be loaded).
    """
    path: Path = default_events_path()
    try:
        stat = path.stat()
        return _load(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
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
