"""The app's loaded dataset stays out of Python's full garbage collections, and is freed when dropped."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

from analytics.dataset.cache import load_dataset_cached
from tests.app.conftest import SMALL, RunPage


def test_loading_a_dataset_freezes_the_objects_alive(run_page: RunPage, tmp_path: Path) -> None:
    """After the app loads a file, the objects then alive are frozen (not walked by full collections)."""
    events_file = tmp_path / "events.yaml"
    shutil.copyfile(SMALL, events_file)  # a new path: the app loads it, no cached copy
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        run_page("pages/5_events.py", events_file)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_loaded_dataset_is_freed_without_the_cycle_collector(tmp_path: Path) -> None:
    """A dataset holds no reference cycles: dropped, it is freed at once even while frozen."""
    dataset = load_dataset_cached(SMALL, cache_dir=tmp_path)
    alive = [weakref.ref(dataset), weakref.ref(dataset.events), weakref.ref(dataset.reference)]
    gc.disable()
    gc.freeze()
    try:
        del dataset
        assert [ref() is None for ref in alive] == [True, True, True]
    finally:
        gc.unfreeze()
        gc.enable()
