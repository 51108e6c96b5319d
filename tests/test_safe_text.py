"""Tests of analytics/safe_text.py's link check: only absolute http(s) addresses are links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd
import pytest

from analytics import load_dataset, schema
from analytics.safe_text import MAX_URL_CHARS, safe_link
from tests.helpers import ROOT, SMALL

# The characters a link may not hold, as safe_link refuses them.
REFUSED = re.compile(r'[\s\x00-\x1f\x7f<>"`\\]')


def parsed_link(url: object) -> str | None:
    """The rule written out with urlsplit alone, to hold safe_link's quick path to it."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > MAX_URL_CHARS or REFUSED.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


ADDRESSES = [
    "https://www.example.org/report.pdf",
    "  HTTP://Example.ORG/a?b=c#d  ",
    "hTtPs://example.org",
    "http://example.org:8080/x",
    "http://example.org:/x",
    "http://a",
    "http://.",
    "http://-/",
    "http://",
    "http:///path",
    "http://:80/",
    "http://user:pw@example.org/",
    "http://@example.org",
    "http://[::1]/",
    "http://[::1/",
    "http://ex ample.org",
    "http://example.org/a b",
    "http://example.org/\u2028",
    "http://exämple.org/",
    "http://example.org\\@evil.org",
    'http://example.org/"onmouseover',
    "http://example.org/<script>",
    "https:example.org",
    "https:/example.org",
    "javascript:alert(1)",
    "JAVASCRIPT://example.org",
    "data:text/html,x",
    "ftp://example.org",
    "//example.org",
    "example.org",
    "www.example.org",
    "mailto:a@example.org",
    "http://example.org?x",
    "http://example.org#top",
    "http://example.org/" + "x" * MAX_URL_CHARS,
    "",
    "   ",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_safe_link_follows_the_rule_on_written_addresses(address: str) -> None:
    """Each address is a link exactly when the rule, written with urlsplit alone, says so."""
    assert safe_link(address) == parsed_link(address)


def test_safe_link_keeps_plain_addresses_and_refuses_others() -> None:
    """Checked by hand: plain web addresses are links, other schemes and hostless ones not."""
    assert safe_link("  HTTP://Example.ORG/a?b=c#d  ") == "HTTP://Example.ORG/a?b=c#d"
    assert safe_link("http://user:pw@example.org/") == "http://user:pw@example.org/"
    for refused in ("http://", "http:///path", "javascript:alert(1)", "http://ex ample.org"):
        assert safe_link(refused) is None
    assert safe_link(None) is None and safe_link(3) is None


def test_safe_link_follows_the_rule_on_the_bundled_sources() -> None:
    """Every source and source link of the bundled data gets the rule's answer."""
    events = pd.concat(
        [load_dataset(SMALL).events, load_dataset(ROOT / "data" / "events.yaml").events]
    )
    for column in (schema.SOURCE, schema.SOURCE_URL):
        for value in events[column]:
            assert safe_link(value) == parsed_link(value)
