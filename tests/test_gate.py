"""Tests of analytics.gate: wrong editor passwords lock a session or address out, longer each time."""

from __future__ import annotations

import logging

import pytest

from analytics import gate
from analytics.gate import AttemptLimiter


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_three_free_attempts_then_a_lockout_that_doubles_up_to_the_cap() -> None:
    """Wrong passwords 1-3 cost nothing; the 4th locks 5 s, the 5th 10 s, ... at most 15 min."""
    clock = Clock()
    limiter = AttemptLimiter(clock)
    keys = ("session:a",)
    assert [limiter.failed(keys) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.wait_seconds(keys) == 0.0
    assert limiter.failed(keys) == 5.0
    assert limiter.wait_seconds(keys) == 5.0
    clock.now += 5.0
    assert limiter.wait_seconds(keys) == 0.0
    assert limiter.failed(keys) == 10.0
    clock.now += 10.0
    locks = []
    for _ in range(12):
        locks.append(limiter.failed(keys))
        clock.now += locks[-1]
    assert locks[:3] == [20.0, 40.0, 80.0]
    assert max(locks) == gate.MAX_LOCK_SECONDS == locks[-1]


def test_a_lockout_applies_to_every_key_and_a_right_password_clears_its_keys() -> None:
    """A locked address blocks a fresh session from it; success forgets the failures."""
    clock = Clock()
    limiter = AttemptLimiter(clock)
    for number in range(4):
        limiter.failed((f"session:{number}", "address:10.0.0.7"))
    assert limiter.wait_seconds(("session:new", "address:10.0.0.7")) == 5.0
    assert limiter.wait_seconds(("session:new", "address:10.0.0.8")) == 0.0
    assert limiter.wait_seconds(("session:new", None)) == 0.0
    limiter.succeeded(("session:3", "address:10.0.0.7"))
    assert limiter.failures("address:10.0.0.7") == 0
    assert limiter.wait_seconds(("address:10.0.0.7",)) == 0.0


def test_a_failure_is_logged_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    """The log names the session and address and the lockout, never the password."""
    with caplog.at_level(logging.WARNING, logger="iisg.editor_gate"):
        gate.log_failure("0123456789abcdef", "10.0.0.7", 5.0)
    assert caplog.messages == [
        "Wrong editor password (session 0123456789ab, address 10.0.0.7); locked for 5 s"
    ]
