"""Names of the dataset's fields and columns, its vocabularies, and its problem and error types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

# Fields of one event in data/events.yaml, in the order the README documents them.
ID: Final = "id"
TITLE: Final = "title"
START_DATE: Final = "start_date"
END_DATE: Final = "end_date"
CITY: Final = "city"
COUNTRY: Final = "country"
VENUE: Final = "venue"
FORMAT: Final = "format"
EVENT_TYPE: Final = "event_type"
PILLARS: Final = "pillars"
IISG_ROLE: Final = "iisg_role"
ORGANISERS: Final = "organisers"
PARTNERS: Final = "partners"
SUMMARY: Final = "summary"
SOURCE: Final = "source"
SOURCE_URL: Final = "source_url"
SOURCE_REF: Final = "source_ref"
CAVEATS: Final = "caveats"
NOTES: Final = "notes"

REQUIRED_FIELDS: Final = (ID, TITLE, START_DATE, EVENT_TYPE, IISG_ROLE, SOURCE)
TEXT_FIELDS: Final = (
    ID,
    TITLE,
    CITY,
    COUNTRY,
    VENUE,
    SUMMARY,
    SOURCE,
    SOURCE_URL,
    SOURCE_REF,
    NOTES,
)
DATE_FIELDS: Final = (START_DATE, END_DATE)
LIST_FIELDS: Final = (PILLARS, ORGANISERS, PARTNERS, CAVEATS)
CHOICE_FIELDS: Final = (FORMAT, EVENT_TYPE, IISG_ROLE)
ALL_FIELDS: Final = (
    ID,
    TITLE,
    START_DATE,
    END_DATE,
    CITY,
    COUNTRY,
    VENUE,
    FORMAT,
    EVENT_TYPE,
    PILLARS,
    IISG_ROLE,
    ORGANISERS,
    PARTNERS,
    SUMMARY,
    SOURCE,
    SOURCE_URL,
    SOURCE_REF,
    CAVEATS,
    NOTES,
)

# Columns the loader adds to the events frame, derived from the fields above.
LINE: Final = "line"
DURATION_DAYS: Final = "duration_days"
PILLAR_GROUP: Final = "pillar_group"
LATITUDE: Final = "latitude"
LONGITUDE: Final = "longitude"
YEAR: Final = "year"

# Columns of the long tables.
EVENT_ID: Final = "event_id"
PARTNER: Final = "partner"
PARTNER_KIND: Final = "partner_kind"
PARTNER_COUNTRY: Final = "partner_country"
AS_WRITTEN: Final = "as_written"
PILLAR: Final = "pillar"

EVENT_COLUMNS: Final = (*ALL_FIELDS, LINE, DURATION_DAYS, PILLAR_GROUP, LATITUDE, LONGITUDE, YEAR)

# Vocabularies.
ROLE_ORGANISER: Final = "organiser"
ROLE_PARTICIPANT: Final = "participant"
IISG_ROLES: Final = (ROLE_ORGANISER, ROLE_PARTICIPANT)
FORMATS: Final = ("in person", "online", "hybrid")

# How an event is grouped by pillar in charts: its one pillar, or one of these.
CROSS_CUTTING: Final = "Cross-cutting"
NO_PILLAR: Final = "No pillar"
CROSS_CUTTING_COLOUR: Final = "#CC79A7"
NO_PILLAR_COLOUR: Final = "#7F7F7F"

# Partner kinds: code in data/partners.yaml -> label shown to users.
PARTNER_KINDS: Final = {
    "wb_partner": "Western Balkan partner",
    "eu_member_state": "EU member state",
    "eu_body": "EU institution or agency",
    "international_org": "International or regional organisation",
    "national_institution": "National institution",
    "third_country": "Third country",
    "company": "Company",
    "group": "Group of partners",
    "iisg": "IISG body",
}
UNKNOWN_KIND: Final = "Not in the registry"

KOSOVO: Final = "Kosovo"
KOSOVO_DISPLAY: Final = "Kosovo*"
KOSOVO_FOOTNOTE: Final = (
    "*This designation is without prejudice to positions on status, and is in line with "
    "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
)
# The registry's group entry for the six partners together; never expanded into six attendances.
WB_GROUP: Final = "Western Balkans Partners"
WESTERN_BALKANS: Final = (
    "Albania",
    "Bosnia and Herzegovina",
    KOSOVO,
    "Montenegro",
    "North Macedonia",
    "Serbia",
)

Severity = Literal["error", "warning"]
ERROR: Final = "error"
WARNING: Final = "warning"


def display_country(country: str | None) -> str:
    """Return a country name as shown to users ("Kosovo" becomes "Kosovo*").

    Args:
        country: The country as stored in the dataset, or None.

    Returns:
        The display name; an empty string for a missing country.
    """
    if not country:
        return ""
    return KOSOVO_DISPLAY if country == KOSOVO else country


def _location(
    file: str, line: int | None, event_id: str | None, field: str | None, item: str = "event"
) -> str:
    parts = [file] if file else []
    if line is not None:
        parts.append(f"line {line}")
    if event_id:
        parts.append(f"{item} {event_id}")
    if field:
        parts.append(f"field {field}")
    return ", ".join(parts)


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with the dataset, located precisely enough for an editor to fix it.

    ``item`` names what ``event_id`` identifies: "event" in the events file, "indicator" in
    the indicators file.
    """

    file: str
    line: int | None
    event_id: str | None
    field: str | None
    message: str
    severity: Severity = ERROR
    item: str = "event"

    def __str__(self) -> str:
        where = _location(self.file, self.line, self.event_id, self.field, self.item)
        return f"{where}: {self.message}"

    @classmethod
    def error(
        cls,
        message: str,
        *,
        file: str,
        line: int | None = None,
        event_id: str | None = None,
        field: str | None = None,
        item: str = "event",
    ) -> Problem:
        """A problem that keeps its event (or the file) out."""
        return cls(file=file, line=line, event_id=event_id, field=field, message=message, item=item)

    @classmethod
    def warning(
        cls,
        message: str,
        *,
        file: str,
        line: int | None = None,
        event_id: str | None = None,
        field: str | None = None,
        item: str = "event",
    ) -> Problem:
        """A problem worth fixing that does not keep the event out."""
        return cls(
            file=file,
            line=line,
            event_id=event_id,
            field=field,
            message=message,
            severity=WARNING,
            item=item,
        )


class DatasetError(Exception):
    """The dataset file cannot be used at all (unreadable, not YAML, wrong shape, too large)."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        event_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.event_id = event_id
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{_location(self.file, self.line, self.event_id, self.field)}: {self.message}"
