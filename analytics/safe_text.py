"""Show data text safely: Markdown characters escaped, and links only to http(s) addresses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Every ASCII character Markdown (CommonMark, GitHub extensions, Streamlit's :colour[...] and
# :material/icon: directives, $math$, HTML tags and &entities;) gives a meaning to. CommonMark
# lets a backslash escape any ASCII punctuation, so escaping too much is harmless.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'^])")
# GitHub-flavoured Markdown (Streamlit's renderer) turns bare addresses into links even when
# every character is escaped: "https://", "www." and "name@host" are autolinked. An invisible
# WORD JOINER (U+2060) inside each breaks the pattern; the text reads the same.
_WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp):|(www)\.|([\w.+-])@")
_SAFE_SCHEMES = ("http", "https")
MAX_URL_CHARS = 2_000


def escape_markdown(text: object) -> str:
    """Return data text that st.markdown (or a caption, title, label) shows exactly as written.

    Markdown characters are backslash-escaped, so a title such as ``**urgent** [x](javascript:..)``
    or ``<script>`` appears as those characters, never as formatting, a link or markup; a bare
    ``https://…``, ``www.…`` or e-mail address is not turned into a link either. Line
    breaks and runs of spaces become single spaces: data text is shown inline, and an indented
    line would otherwise start a code block.

    Args:
        text: The data value (None and NaN-like values give "").

    Returns:
        The escaped text.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    flat = _AUTOLINK.sub(_break_autolink, " ".join(str(text).split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def _break_autolink(match: re.Match[str]) -> str:
    scheme, www, before_at = match.groups()
    if scheme is not None:
        return f"{scheme}:{_WORD_JOINER}"
    if www is not None:
        return f"{www}{_WORD_JOINER}."
    return f"{before_at}{_WORD_JOINER}@"


# What a link may not hold: whitespace (as str.isspace() sees it), control characters, quotes,
# angle brackets, backquotes, backslashes. One search instead of a Python test a character.
_REFUSED_IN_URL = re.compile(r'[\s\x00-\x1f\x7f<>"`\\]')


# A plain web address: http(s), "://", a host of ASCII letters, digits, dots and hyphens, an
# optional port, then nothing or a path, query or fragment. urlsplit reads any such text (free
# of the characters refused above) as an http(s) address with a host, so it is accepted without
# parsing: parsing every source of a table of thousands of events took most of its time.
_PLAIN_WEB_ADDRESS = re.compile(r"(?i:https?)://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#].*)?", re.DOTALL)


def safe_link(url: object) -> str | None:
    """Return the URL when it is an absolute http(s) address a browser may open, else None.

    ``javascript:``, ``data:``, ``file:``, relative and scheme-less addresses, and addresses with
    spaces, quotes, angle brackets or control characters are refused, so a link built from the
    data can only lead to a web page.

    Args:
        url: The URL as written in the data.

    Returns:
        The URL (surrounding spaces removed) or None.
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > MAX_URL_CHARS:
        return None
    if _REFUSED_IN_URL.search(candidate):
        return None
    if _PLAIN_WEB_ADDRESS.fullmatch(candidate):
        return candidate
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.hostname:
        return None
    return candidate


def markdown_link(label: object, url: object) -> str:
    """Return a Markdown link to an http(s) URL, or just the escaped label when the URL is unsafe.

    Args:
        label: The link text (data text, escaped here).
        url: The target as written in the data.

    Returns:
        ``[label](<url>)`` or the escaped label.
    """
    target = safe_link(url)
    text = escape_markdown(label) or escape_markdown(target)
    # The angle-bracket form keeps parentheses inside the URL from ending the link.
    return f"[{text}](<{target}>)" if target else text


def is_web_link(url: object) -> bool:
    """True when the value is an http(s) address the app may render as a link."""
    return safe_link(url) is not None


# Control characters (C0, DEL, C1), line and paragraph separators and the bidirectional
# overrides that can reorder what a terminal shows.
_UNSAFE_FOR_TERMINAL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]"
)
_MAX_ECHO_CHARS = 300


def terminal_safe(text: str, limit: int = _MAX_ECHO_CHARS) -> str:
    """Return text fit to print on one line of a terminal or a YAML comment.

    Control characters (escape sequences, NUL, bell, new lines), separators that end a line
    and direction overrides are written as ``\\xNN`` / ``\\uNNNN`` escapes, and undecodable
    bytes (shown as U+FFFD) as ``\\ufffd``, so a file name or message cannot inject lines into
    the YAML header or drive the terminal. Long text is cut with an ellipsis.

    Args:
        text: A file name or message.
        limit: The most characters kept.

    Returns:
        The printable text.
    """
    cut = text if len(text) <= limit else text[:limit] + "…"
    return _UNSAFE_FOR_TERMINAL.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), cut
    )
