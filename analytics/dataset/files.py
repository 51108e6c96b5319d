"""Bounded reads of regular files only: a FIFO, a device or a folder is refused, never opened."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Reference files (pillars, partners, places, event types) are a few KB; this is far above.
MAX_REFERENCE_BYTES = 50 * 1024 * 1024


class NotRegularFile(OSError):
    """The path names something that is not a regular file (a FIFO, device, socket, folder)."""


class FileTooLarge(OSError):
    """The file holds more bytes than the caller's limit.

    Attributes:
        limit: The limit in bytes.
    """

    def __init__(self, path: str | os.PathLike[str], limit: int) -> None:
        super().__init__(errno.EFBIG, f"the file is larger than {limit:,} bytes", str(path))
        self.limit = limit


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path: str | os.PathLike[str], mode: int) -> NotRegularFile:
    kind = _kind(mode)
    message = kind if kind == "not a regular file" else f"it is {kind}, not a regular file"
    return NotRegularFile(errno.EINVAL, message, str(path))


def read_regular_file(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """Read a regular file whole, refusing anything else and anything over `max_bytes`.

    The path is checked with ``os.stat`` before it is opened, and opened non-blocking, so a
    named pipe with no writer cannot hang the caller (opening a FIFO blocks until someone
    writes); the open descriptor is checked again with ``fstat`` (the path may have been
    swapped in between). At most ``max_bytes + 1`` bytes are read, so a device such as
    ``/dev/zero`` or a file still growing cannot exhaust memory.

    Args:
        path: The file (symbolic links are followed).
        max_bytes: The most bytes the caller accepts.

    Returns:
        The file's bytes.

    Raises:
        NotRegularFile: The path is a FIFO, device, socket or folder (``strerror`` says which).
        FileTooLarge: The file holds more than ``max_bytes`` bytes.
        OSError: The file cannot be found or read.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, info.st_mode)
    if info.st_size > max_bytes:
        raise FileTooLarge(path, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise _refuse(path, opened.st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        # One byte over the limit tells a file that grew since the stat from one that fits.
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise FileTooLarge(path, max_bytes)
    return raw


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """True when the path (links followed) is an existing regular file."""
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False
