"""Tests of analytics.dataset.cache: the on-disk cache serves exactly what a fresh load returns."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analytics import Dataset, load_dataset
from analytics.dataset import cache
from analytics.dataset.cache import default_cache_dir, load_dataset_cached
from analytics.dataset.reference import BUNDLED_DATA_DIR

SMALL = Path(__file__).parents[1] / "data" / "small_events.yaml"


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    folder = tmp_path / "dataset"
    folder.mkdir()
    return Path(shutil.copy(SMALL, folder / "events.yaml"))


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def assert_same_dataset(served: Dataset, fresh: Dataset) -> None:
    pd.testing.assert_frame_equal(served.events, fresh.events)
    pd.testing.assert_frame_equal(served.event_partners, fresh.event_partners)
    pd.testing.assert_frame_equal(served.event_pillars, fresh.event_pillars)
    assert served.problems == fresh.problems
    assert served.content_hash == fresh.content_hash
    assert served.total_events_in_file == fresh.total_events_in_file
    assert served.reference.pillars == fresh.reference.pillars
    assert served.reference.event_types == fresh.reference.event_types
    assert served.reference.registry.partners == fresh.reference.registry.partners
    assert served.path == fresh.path


def forbid_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any parse of the YAML fail, so a passing call proves the cache served it."""

    def refuse(*_: object, **__: object) -> Dataset:
        raise AssertionError("the file was parsed although the cache should have served it")

    monkeypatch.setattr(cache, "load_dataset", refuse)


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_cached_dataset_equals_a_fresh_load(
    events_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first and the second (cached) load both equal load_dataset, problems included."""
    fresh = load_dataset(events_file)
    first = load_dataset_cached(events_file, cache_dir=cache_dir)
    assert len(cache_files(cache_dir)) == 1
    forbid_loading(monkeypatch)
    second = load_dataset_cached(events_file, cache_dir=cache_dir)
    assert_same_dataset(first, fresh)
    assert_same_dataset(second, fresh)
    assert len(second.events) == 4


def test_problems_survive_the_cache(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with an error and a warning shows the same problems when served from the cache."""
    events_file = tmp_path / "events.yaml"
    events_file.write_text(
        SMALL.read_text(encoding="utf-8")
        + "  - id: broken-event\n    title: No date\n    event_type: workshop\n"
        "    iisg_role: organiser\n    partners: [Nobody Known]\n    source: test\n",
        encoding="utf-8",
    )
    fresh = load_dataset(events_file)
    assert fresh.errors
    load_dataset_cached(events_file, cache_dir=cache_dir)
    forbid_loading(monkeypatch)
    assert_same_dataset(load_dataset_cached(events_file, cache_dir=cache_dir), fresh)


def test_editing_the_file_is_seen_even_with_the_same_size_and_time(
    events_file: Path, cache_dir: Path
) -> None:
    """An edit that keeps the file's size and modification time still gives the new data."""
    load_dataset_cached(events_file, cache_dir=cache_dir)
    stat = events_file.stat()
    text = events_file.read_text(encoding="utf-8")
    edited = text.replace("title: Board meeting", "title: Board meetinG")
    assert edited != text and len(edited) == len(text)
    events_file.write_text(edited, encoding="utf-8")
    os.utime(events_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    served = load_dataset_cached(events_file, cache_dir=cache_dir)
    assert "Board meetinG" in set(served.events["title"])
    assert_same_dataset(served, load_dataset(events_file))
    # The entry of the old content is replaced, not accumulated.
    assert len(cache_files(cache_dir)) == 1


def test_the_key_covers_every_loader_module_and_the_compiled_reader_source() -> None:
    dataset = Path(cache.__file__).parent
    covered = set(cache.CODE_FILES)
    assert {dataset / "load.py", dataset / "events_file.py", dataset / "_libyaml.c"} <= covered
    assert set(dataset.glob("*.py")) <= covered


def test_changing_the_loader_code_invalidates_the_cache(
    events_file: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the code the key covers changes, the file is parsed again."""
    code = tmp_path / "loader_copy.py"
    code.write_text("# version 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "CODE_FILES", (*cache.CODE_FILES, code))
    load_dataset_cached(events_file, cache_dir=cache_dir)
    code.write_text("# version 2\n", encoding="utf-8")
    parsed: list[Path] = []

    def counting_load(path: Path) -> Dataset:
        parsed.append(path)
        return load_dataset(path)

    monkeypatch.setattr(cache, "load_dataset", counting_load)
    load_dataset_cached(events_file, cache_dir=cache_dir)
    assert parsed == [events_file.resolve()]
    load_dataset_cached(events_file, cache_dir=cache_dir)
    assert len(parsed) == 1


def test_changing_a_reference_file_invalidates_the_cache(
    events_file: Path, cache_dir: Path
) -> None:
    """A partner added to the registry beside the events turns its warning off at once."""
    partners = events_file.parent / "partners.yaml"
    shutil.copy(BUNDLED_DATA_DIR / "partners.yaml", partners)
    events_file.write_text(
        events_file.read_text(encoding="utf-8").replace("Austria", "Ruritania Police"),
        encoding="utf-8",
    )
    before = load_dataset_cached(events_file, cache_dir=cache_dir)
    assert any("Ruritania Police" in p.message for p in before.warnings)
    with partners.open("a", encoding="utf-8") as handle:
        handle.write("  - name: Ruritania Police\n    kind: national_institution\n")
    after = load_dataset_cached(events_file, cache_dir=cache_dir)
    assert not any("Ruritania Police" in p.message for p in after.warnings)
    assert_same_dataset(after, load_dataset(events_file))


@pytest.mark.parametrize(
    "content", [b"", b"not a pickle at all", pickle.dumps({"key": "wrong", "dataset": None})]
)
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(
    events_file: Path, cache_dir: Path, content: bytes
) -> None:
    """A damaged cache file gives the fresh dataset and is replaced by a good one."""
    load_dataset_cached(events_file, cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    stored.write_bytes(content)
    served = load_dataset_cached(events_file, cache_dir=cache_dir)
    assert_same_dataset(served, load_dataset(events_file))
    with stored.open("rb") as handle:
        assert pickle.load(handle)["dataset"].content_hash == served.content_hash


def test_a_cache_file_writable_by_others_is_not_trusted(
    events_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pickle runs code on load, so a file others could have written is parsed again instead."""
    load_dataset_cached(events_file, cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    stored.chmod(0o666)
    parsed: list[Path] = []
    monkeypatch.setattr(
        cache, "load_dataset", lambda path: parsed.append(path) or load_dataset(path)
    )
    load_dataset_cached(events_file, cache_dir=cache_dir)
    assert parsed == [events_file.resolve()]


def test_writes_leave_no_temporary_files(events_file: Path, cache_dir: Path) -> None:
    """Only the finished cache file is in the folder after a load (temp file + os.replace)."""
    load_dataset_cached(events_file, cache_dir=cache_dir)
    assert [path.name for path in cache_dir.iterdir()] == [cache_files(cache_dir)[0].name]
    assert cache_dir.stat().st_mode & 0o077 == 0


def test_an_unwritable_cache_folder_still_loads(events_file: Path, tmp_path: Path) -> None:
    """A cache folder that cannot be created costs speed, never the data."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    served = load_dataset_cached(events_file, cache_dir=blocker / "cache")
    assert_same_dataset(served, load_dataset(events_file))


def test_cache_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """$IISG_CACHE_DIR chooses the folder; without it, .cache/iisg under the project."""
    monkeypatch.setenv(cache.CACHE_DIR_VARIABLE, str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv(cache.CACHE_DIR_VARIABLE)
    assert default_cache_dir() == Path(cache.__file__).resolve().parents[2] / ".cache" / "iisg"
