"""The editor's password gate, shared by every page that writes a file (events, indicators)."""

from __future__ import annotations

import hashlib
import math
import os
import secrets

import streamlit as st

from analytics import gate, passwords

KEY_PASSWORD = "editor_password"
# Session state: the fingerprint of the hash and password that unlocked editing.
STATE_UNLOCKED = "_editor_unlocked_for"
# Session state: this session's key in the editor gate's count of wrong passwords.
STATE_GATE_ID = "_editor_gate_id"
OFF_MESSAGE = (
    "Editing is off: no editor password is configured, so the files can only be viewed. "
    "An administrator turns editing on by making a password hash with "
    "`python -m analytics hash-password` and setting it as the environment "
    f"variable `{passwords.PASSWORD_HASH_VARIABLE}` or as `{passwords.PASSWORD_HASH_SECRET}` in "
    "`.streamlit/secrets.toml`, then restarting the app."
)


def configured_hash() -> str | None:
    """The editor password hash: environment variable first, then st.secrets."""
    value = os.environ.get(passwords.PASSWORD_HASH_VARIABLE, "").strip()
    if value:
        return value
    try:
        return str(st.secrets.get(passwords.PASSWORD_HASH_SECRET, "") or "") or None
    except (FileNotFoundError, KeyError, OSError):
        return None
    except Exception:  # noqa: BLE001 - a malformed secrets.toml must not take the page down
        return None


def editing_enabled() -> bool:
    """True when an administrator has configured a valid editor password hash."""
    return passwords.valid_password_hash(configured_hash())


def unlocked(purpose: str, key: str = KEY_PASSWORD) -> bool:
    """Draw the editor password box; True once the right password is entered.

    The password is checked once per session (PBKDF2 takes a noticeable fraction of a
    second), then remembered as a fingerprint of the hash and the password.

    Args:
        purpose: What the password unlocks, for the prompt ("import or edit events").
        key: The password box's widget key.

    Returns:
        True when editing is configured and the password entered is right; the page then
        shows its editing controls. False after saying why (not configured, no or wrong
        password).
    """
    password_hash = configured_hash()
    if not passwords.valid_password_hash(password_hash):
        st.info(OFF_MESSAGE, icon=":material/lock:")
        return False
    assert password_hash is not None
    password = st.text_input(
        "Editor password", type="password", key=key, help="Given by the administrator."
    )
    if not password:
        st.info(f"Enter the editor password to {purpose}.", icon=":material/lock:")
        return False
    fingerprint = hashlib.sha256(f"{password_hash}\0{password}".encode()).hexdigest()
    if st.session_state.get(STATE_UNLOCKED) != fingerprint:
        # Each guess is counted per session and per client address (None on localhost); a
        # locked one is refused before the costly hash is computed.
        address = st.context.ip_address
        session = st.session_state.setdefault(STATE_GATE_ID, secrets.token_hex(8))
        keys = (f"session:{session}",) + ((f"address:{address}",) if address else ())
        wait = gate.EDITOR_GATE.wait_seconds(keys)
        if wait > 0:
            st.error(
                f"Too many wrong passwords. Try again in {math.ceil(wait)} seconds.",
                icon=":material/lock_clock:",
            )
            return False
        if not passwords.verify_password(password, password_hash):
            lockout = gate.EDITOR_GATE.failed(keys)
            gate.log_failure(session, address, lockout)
            later = f" Try again in {math.ceil(lockout)} seconds." if lockout > 0 else ""
            st.error(f"Wrong password.{later}", icon=":material/lock:")
            return False
        gate.EDITOR_GATE.succeeded(keys)
        st.session_state[STATE_UNLOCKED] = fingerprint
    return True
