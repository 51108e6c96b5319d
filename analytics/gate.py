"""A brake on password guessing: a lockout that grows with each wrong password, per session and address."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

LOGGER = logging.getLogger("iisg.editor_gate")
# Wrong passwords allowed before the first lockout (typing mistakes happen).
FREE_ATTEMPTS = 3
# The first lockout; each further wrong password doubles it, up to MAX_LOCK_SECONDS.
FIRST_LOCK_SECONDS = 5.0
MAX_LOCK_SECONDS = 15 * 60.0
# Keys not seen for this long are forgotten, so the table cannot grow without end.
FORGET_AFTER_SECONDS = 24 * 3600.0
MAX_KEYS = 10_000


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0
    last_seen: float = 0.0


class AttemptLimiter:
    """Counts wrong passwords per key (a session, a client address) and locks a key out.

    After ``FREE_ATTEMPTS`` wrong passwords a key is locked for ``FIRST_LOCK_SECONDS``, and each
    further wrong one doubles the lockout (at most ``MAX_LOCK_SECONDS``). A locked key is refused
    before the password is checked, so guessing costs the server nothing while locked. A right
    password clears the keys it came with. Thread-safe: Streamlit runs sessions in threads.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, keys: Iterable[str | None]) -> float:
        """Seconds until any of these keys may try again (0 when none is locked)."""
        now = self._clock()
        with self._lock:
            waits = [
                record.locked_until - now
                for key in keys
                if key and (record := self._records.get(key)) is not None
            ]
        return max([0.0, *waits])

    def failed(self, keys: Iterable[str | None]) -> float:
        """Record a wrong password for each key; return the lockout now in force (seconds)."""
        now = self._clock()
        lockout = 0.0
        with self._lock:
            self._forget_old(now)
            for key in keys:
                if not key:
                    continue
                record = self._records.setdefault(key, _Record())
                record.failures += 1
                record.last_seen = now
                beyond = record.failures - FREE_ATTEMPTS - 1
                if beyond >= 0:
                    seconds = min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2**beyond)
                    record.locked_until = max(record.locked_until, now + seconds)
                lockout = max(lockout, record.locked_until - now)
        return lockout

    def succeeded(self, keys: Iterable[str | None]) -> None:
        """Forget the wrong passwords of these keys."""
        with self._lock:
            for key in keys:
                if key:
                    self._records.pop(key, None)

    def failures(self, key: str) -> int:
        """How many wrong passwords a key has made since its last right one."""
        with self._lock:
            record = self._records.get(key)
            return record.failures if record else 0

    def reset(self) -> None:
        """Forget everything (tests, or an administrator's restart)."""
        with self._lock:
            self._records.clear()

    def _forget_old(self, now: float) -> None:
        stale = [
            key
            for key, record in self._records.items()
            if now - record.last_seen > FORGET_AFTER_SECONDS and record.locked_until <= now
        ]
        for key in stale:
            del self._records[key]
        if len(self._records) > MAX_KEYS:
            # Under a flood of new keys, keep the most recently seen.
            newest = sorted(self._records.items(), key=lambda item: item[1].last_seen)
            self._records = dict(newest[-MAX_KEYS:])


# One per process: every session of the app shares it, so a client address is counted across
# the sessions it opens.
EDITOR_GATE = AttemptLimiter()


def log_failure(session: str | None, address: str | None, lockout: float) -> None:
    """Log a wrong editor password (never the password itself)."""
    LOGGER.warning(
        "Wrong editor password (session %s, address %s); locked for %.0f s",
        (session or "unknown")[:12],
        address or "local",
        lockout,
    )
