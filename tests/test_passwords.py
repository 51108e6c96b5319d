"""Tests of analytics.passwords: salted editor-password hashes and the hash-password command."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import passwords
from tests.helpers import run_analytics

ROOT = Path(__file__).resolve().parents[1]


def test_password_hash_and_check() -> None:
    """The right password matches its salted hash; a wrong one or a malformed hash does not."""
    encoded = passwords.hash_password("correct horse", iterations=1000)
    algorithm, iterations, salt, digest = encoded.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "1000") and salt and digest
    assert passwords.verify_password("correct horse", encoded)
    assert not passwords.verify_password("wrong", encoded)
    assert not passwords.verify_password("correct horse", "not-a-hash")
    assert passwords.hash_password("correct horse", iterations=1000) != encoded  # salted
    assert passwords.valid_password_hash(encoded) and not passwords.valid_password_hash("x$y")


def test_hash_password_command() -> None:
    """`python -m analytics hash-password --stdin` prints a hash of the password."""
    run = run_analytics("hash-password", "--stdin", stdin="s3cret-pass\n")
    assert run.returncode == 0, run.stderr
    assert passwords.verify_password("s3cret-pass", run.stdout.strip())


@pytest.mark.parametrize("password", ["short", ""])
def test_hash_password_command_refuses_short_passwords(password: str) -> None:
    """A password under MIN_PASSWORD_CHARS characters gets no hash and a reason."""
    run = run_analytics("hash-password", "--stdin", stdin=password + "\n")
    assert run.returncode == 1 and not run.stdout
    assert f"at least {passwords.MIN_PASSWORD_CHARS} characters" in run.stderr
