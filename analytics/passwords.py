"""Editor passwords: a salted PBKDF2 hash to configure, and checking a typed password against it.

The hash is made once by ``python -m analytics hash-password`` and set as the environment
variable ``IISG_EDITOR_PASSWORD_HASH`` (or ``editor_password_hash`` in Streamlit's secrets);
the password itself is never stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PASSWORD_HASH_VARIABLE = "IISG_EDITOR_PASSWORD_HASH"
PASSWORD_HASH_SECRET = "editor_password_hash"
HASH_ALGORITHM = "pbkdf2_sha256"
# OWASP's 2023 advice for PBKDF2-HMAC-SHA256; about 0.3 s per check on a laptop.
HASH_ITERATIONS = 600_000
MIN_PASSWORD_CHARS = 8


def hash_password(password: str, *, iterations: int = HASH_ITERATIONS) -> str:
    """Return a salted hash of a password: ``pbkdf2_sha256$<iterations>$<salt>$<hash>``.

    Salt and hash are URL-safe base64 without padding; the salt is 16 random bytes.

    Args:
        password: The editor password.
        iterations: PBKDF2 iterations.

    Returns:
        The encoded hash, to put in IISG_EDITOR_PASSWORD_HASH or st.secrets.
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join((HASH_ALGORITHM, str(iterations), _b64(salt), _b64(digest)))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_password(password: str, encoded: str) -> bool:
    """Check a password against an encoded hash, in constant time.

    Args:
        password: What the user typed.
        encoded: A hash made by ``hash_password``.

    Returns:
        True when they match; False for a wrong password or a malformed hash.
    """
    try:
        algorithm, iterations, salt, expected = encoded.strip().split("$")
        if algorithm != HASH_ALGORITHM:
            return False
        rounds = int(iterations)
        if not 1 <= rounds <= 10_000_000:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), _unb64(salt), rounds)
        return hmac.compare_digest(digest, _unb64(expected))
    except (ValueError, TypeError):
        return False


def valid_password_hash(encoded: str | None) -> bool:
    """True when a configured value has the shape of a ``hash_password`` hash."""
    if not encoded:
        return False
    parts = encoded.strip().split("$")
    return len(parts) == 4 and parts[0] == HASH_ALGORITHM and parts[1].isdigit()
