"""What an import reads at most, and the caveats the importer writes on the events it drafts.

Other modules read these as ``limits.NAME`` at call time, so a test that patches one here
changes what every reader sees.
"""

from __future__ import annotations

DEFAULT_SOURCE = "IISG website, Events page"
TRUNCATED_CAVEAT = "Source text truncated; other participants may not be listed."
COUNTRY_INFERRED_CAVEAT = "Country inferred from the city."
NO_PARTNERS_CAVEAT = "Participants not named in the source."
# Input caps: a clear refusal instead of minutes of work (the Events page text is a few hundred
# KB, the calendar's .ics export a few MB).
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_EVENTS = 2_000
# Longer paragraphs are cut (with a caveat) before the patterns read them.
MAX_PARAGRAPH_CHARS = 20_000
MAX_TITLE_CHARS = 500
CUT_PARAGRAPH_CAVEAT = (
    f"The source paragraph was longer than {MAX_PARAGRAPH_CHARS:,} characters; only its start "
    "was read."
)
