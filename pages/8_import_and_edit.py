"""Import and edit: bring events in from the Events page or its calendar, review, and save safely."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import streamlit as st

from analytics import display, safe_text, schema
from analytics.dataset import writer
from analytics.dataset.writer import WriteRefused
from analytics.duplicates import TITLE_SIMILARITY
from analytics.ingest import limits as ingest_limits
from analytics.ingest import review
from analytics.ingest.extract import extract
from ui.data import reload_dataset
from ui.editor import unlocked
from ui.layout import kosovo_footnote, setup_page

TITLE = "Import and edit"
ICON = ":material/edit_note:"
KEY_SOURCE = "import_source"
KEY_TEXT = "import_text"
KEY_FILE = "import_file"
KEY_EDITOR = "import_editor"
KEY_CONFIRM = "import_confirm"
KEY_CHOICE = "edit_choice"
KEY_RELOAD = "editor_reload"
NEW_EVENT = "New event"
# Session state: the file hash the editor started from, and the extracted import.
STATE_BASE_HASH = "_editor_base_hash"
STATE_IMPORT = "_import_candidates"
STATE_MESSAGE = "_editor_message"
STATE_FORM_EVENT = "_editor_form_event"

dataset = setup_page(TITLE, ICON)
st.caption(
    "Bring events in from the IISG website (the Events page text or its calendar export), "
    "check what was read, and add them; or add and correct one event with a form. Every save "
    "is checked with the same rules as the dashboard and a backup of the file is kept."
)


def show_refusal(error: WriteRefused) -> None:
    """Say why nothing was written, with the dataset problems, escaped."""
    lines = [safe_text.escape_markdown(error.message)]
    lines += [f"- {safe_text.escape_markdown(str(problem))}" for problem in error.problems]
    st.error("\n".join(lines), icon=":material/block:")


def saved(result: writer.WriteResult, what: str) -> None:
    """Remember the new file state and report the save on the next run."""
    st.session_state[STATE_BASE_HASH] = result.content_hash
    backup = f" The previous version is kept as {result.backup.name}." if result.backup else ""
    notes = [str(w) for w in result.warnings]
    st.session_state[STATE_MESSAGE] = (what + backup, notes)
    reload_dataset()


if not unlocked("import or edit events"):
    st.stop()

if dataset.path.stat().st_size > writer.MAX_EDIT_BYTES:
    st.warning(
        f"The events file is larger than {writer.MAX_EDIT_BYTES // (1024 * 1024)} MB, the most "
        "this page edits (each save reads, checks and writes the whole file). Edit it with a "
        "text editor instead.",
        icon=":material/block:",
    )
    st.stop()
st.session_state.setdefault(STATE_BASE_HASH, dataset.content_hash)
if st.session_state[STATE_BASE_HASH] != dataset.content_hash:
    st.warning(
        "The events file changed since you opened this page (another editor saved). Saving "
        "is refused until you reload; your entries stay on the page.",
        icon=":material/sync_problem:",
    )
    if st.button("Reload the events file", key=KEY_RELOAD):
        st.session_state[STATE_BASE_HASH] = dataset.content_hash
        st.session_state.pop(STATE_IMPORT, None)
        st.rerun()
message = st.session_state.pop(STATE_MESSAGE, None)
if message:
    st.success(safe_text.escape_markdown(message[0]), icon=":material/check_circle:")
    for note in message[1]:
        st.warning(safe_text.escape_markdown(note), icon=":material/warning:")

existing_ids = [str(value) for value in dataset.events[schema.ID]]
import_tab, form_tab = st.tabs(["Import events", "Add or edit one event"])

with import_tab:
    source = st.text_input("Source of these events", ingest_limits.DEFAULT_SOURCE, key=KEY_SOURCE)
    pasted = st.text_area(
        "Paste the Events page text (a title line, a blank line, a paragraph; repeated)",
        key=KEY_TEXT,
        height=180,
    )
    uploaded = st.file_uploader(
        "…or upload the calendar export (.ics) or a text file (.txt)",
        type=["ics", "txt"],
        key=KEY_FILE,
    )
    name, content = (
        (uploaded.name, uploaded.getvalue()) if uploaded else ("pasted.txt", pasted.encode())
    )
    digest = hashlib.sha256(
        b"\0".join([name.encode(), content, source.encode(), dataset.content_hash.encode()])
    ).hexdigest()
    cached = st.session_state.get(STATE_IMPORT)
    if content.strip() and (cached is None or cached[0] != digest):
        try:
            candidates = extract(
                name, content, reference=dataset.reference, source=source, existing_ids=existing_ids
            )
        except ValueError as error:
            st.error(f"The file cannot be read: {safe_text.escape_markdown(str(error))}")
            candidates = []
        duplicates = review.find_duplicates(candidates, dataset.events)
        st.session_state[STATE_IMPORT] = (digest, review.review_frame(candidates, duplicates))
    elif not content.strip():
        st.session_state.pop(STATE_IMPORT, None)
    frame = st.session_state[STATE_IMPORT][1] if STATE_IMPORT in st.session_state else None
    if frame is None:
        st.caption("Extracted events appear here for review before anything is saved.")
    elif frame.empty:
        st.warning("No event found: the text needs a title line, a blank line and a paragraph.")
    else:
        st.subheader("1. Check what was read")
        st.caption(
            "Highlighted cells are the ones the reader was unsure of (listed in *check*); "
            "*duplicate_of* names existing events with the same date and city, or a title "
            f"at least {TITLE_SIMILARITY:.0f}% alike within a day unless they name different cities or pillars "
            "(the Data quality page's rule). Unknown values are left empty, never guessed."
        )
        st.dataframe(review.highlight_unsure(frame), hide_index=True, width="stretch")
        st.subheader("2. Correct and choose the events to add")
        reference = dataset.reference
        edited = st.data_editor(
            frame,
            key=KEY_EDITOR,
            hide_index=True,
            num_rows="fixed",
            width="stretch",
            disabled=[review.CHECK, review.DUPLICATE_OF],
            column_config={
                review.INCLUDE: st.column_config.CheckboxColumn("add", default=True),
                schema.START_DATE: st.column_config.DateColumn(format="YYYY-MM-DD"),
                schema.END_DATE: st.column_config.DateColumn(format="YYYY-MM-DD"),
                schema.EVENT_TYPE: st.column_config.SelectboxColumn(
                    options=list(reference.event_types)
                ),
                schema.IISG_ROLE: st.column_config.SelectboxColumn(options=list(schema.IISG_ROLES)),
                schema.PILLARS: st.column_config.MultiselectColumn(
                    options=list(reference.pillar_codes)
                ),
                schema.ORGANISERS: st.column_config.MultiselectColumn(
                    options=sorted(p.name for p in reference.registry.partners),
                    accept_new_options=True,
                ),
                schema.PARTNERS: st.column_config.MultiselectColumn(
                    options=sorted(p.name for p in reference.registry.partners),
                    accept_new_options=True,
                ),
            },
        )
        st.subheader("3. Add them to the dataset")
        if st.button("Add the ticked events", key=KEY_CONFIRM, type="primary"):
            events = review.events_from_frame(edited)
            if not events:
                st.warning("No event is ticked in the *add* column.")
            else:
                try:
                    result = writer.add_events(
                        dataset.path, events, expected_hash=st.session_state[STATE_BASE_HASH]
                    )
                except WriteRefused as error:
                    show_refusal(error)
                else:
                    saved(
                        result,
                        f"Added {len(result.event_ids)} event(s): {', '.join(result.event_ids)}.",
                    )
                    st.session_state.pop(STATE_IMPORT, None)
                    st.rerun()


def form_value(current: dict[str, Any], name: str) -> Any:
    """A field's current value for the form (lists as one item per line)."""
    value = current.get(name)
    if name in schema.LIST_FIELDS and name != schema.PILLARS:
        return "\n".join(str(item) for item in value or [])
    return value


with form_tab:
    # The events labelled and ordered as every event picker (newest first); all of them, since
    # any event may need correcting.
    labels = display.event_choices(dataset.events, limit=len(dataset.events))
    choice = st.selectbox(
        "Event",
        [NEW_EVENT, *labels],
        key=KEY_CHOICE,
        format_func=lambda value: value if value == NEW_EVENT else labels[value],
    )
    # Read from the file once per event and file version, not on every rerun of the form.
    form_key = (dataset.content_hash, choice)
    stored = st.session_state.get(STATE_FORM_EVENT)
    if stored is None or stored[0] != form_key:
        stored = (
            form_key,
            {} if choice == NEW_EVENT else (writer.read_event(dataset.path, choice) or {}),
        )
        st.session_state[STATE_FORM_EVENT] = stored
    current: dict[str, Any] = dict(stored[1])
    reference = dataset.reference
    suffix = choice
    with st.form(key=f"event_form_{suffix}"):
        left, right = st.columns(2)
        values: dict[str, Any] = {}
        values[schema.ID] = left.text_input(
            "id (lowercase, digits, hyphens)",
            form_value(current, schema.ID) or "",
            key=f"form_id_{suffix}",
        )
        values[schema.TITLE] = right.text_input(
            "Title", form_value(current, schema.TITLE) or "", key=f"form_title_{suffix}"
        )
        values[schema.START_DATE] = left.date_input(
            "Start date",
            current.get(schema.START_DATE) or dt.date.today(),
            min_value=dt.date(2000, 1, 1),
            max_value=dt.date(2100, 12, 31),
            key=f"form_start_{suffix}",
        )
        values[schema.END_DATE] = right.date_input(
            "End date (empty for a one-day event)",
            current.get(schema.END_DATE),
            min_value=dt.date(2000, 1, 1),
            max_value=dt.date(2100, 12, 31),
            key=f"form_end_{suffix}",
        )
        values[schema.CITY] = left.text_input(
            "City", form_value(current, schema.CITY) or "", key=f"form_city_{suffix}"
        )
        values[schema.COUNTRY] = right.text_input(
            "Country (Kosovo is written Kosovo)",
            form_value(current, schema.COUNTRY) or "",
            key=f"form_country_{suffix}",
        )
        values[schema.VENUE] = left.text_input(
            "Venue", form_value(current, schema.VENUE) or "", key=f"form_venue_{suffix}"
        )
        formats = ["", *schema.FORMATS]
        values[schema.FORMAT] = right.selectbox(
            "Format",
            formats,
            index=formats.index(current.get(schema.FORMAT) or ""),
            key=f"form_format_{suffix}",
        )
        types = list(reference.event_types)
        values[schema.EVENT_TYPE] = left.selectbox(
            "Event type",
            types,
            index=types.index(current[schema.EVENT_TYPE])
            if current.get(schema.EVENT_TYPE) in types
            else None,
            key=f"form_type_{suffix}",
        )
        roles = list(schema.IISG_ROLES)
        values[schema.IISG_ROLE] = right.selectbox(
            "IISG role",
            roles,
            index=roles.index(current[schema.IISG_ROLE])
            if current.get(schema.IISG_ROLE) in roles
            else None,
            key=f"form_role_{suffix}",
        )
        values[schema.PILLARS] = st.multiselect(
            "Pillars (none: not about a named pillar)",
            list(reference.pillar_codes),
            default=[
                code for code in current.get(schema.PILLARS) or [] if code in reference.pillar_codes
            ],
            key=f"form_pillars_{suffix}",
        )
        values[schema.ORGANISERS] = left.text_area(
            "Organisers (one per line, names from the partners registry)",
            form_value(current, schema.ORGANISERS),
            key=f"form_organisers_{suffix}",
        )
        values[schema.PARTNERS] = right.text_area(
            "Partners (one per line)",
            form_value(current, schema.PARTNERS),
            key=f"form_partners_{suffix}",
        )
        values[schema.SUMMARY] = st.text_area(
            "Summary", form_value(current, schema.SUMMARY) or "", key=f"form_summary_{suffix}"
        )
        values[schema.SOURCE] = left.text_input(
            "Source (URL or 'IISG website, Events page')",
            form_value(current, schema.SOURCE) or "",
            key=f"form_source_{suffix}",
        )
        values[schema.SOURCE_URL] = right.text_input(
            "Source URL (optional)",
            form_value(current, schema.SOURCE_URL) or "",
            key=f"form_source_url_{suffix}",
        )
        values[schema.SOURCE_REF] = left.text_input(
            "Source row (e.g. W018)",
            form_value(current, schema.SOURCE_REF) or "",
            key=f"form_source_ref_{suffix}",
        )
        values[schema.CAVEATS] = right.text_area(
            "Caveats (one per line)",
            form_value(current, schema.CAVEATS),
            key=f"form_caveats_{suffix}",
        )
        values[schema.NOTES] = st.text_area(
            "Curators' notes", form_value(current, schema.NOTES) or "", key=f"form_notes_{suffix}"
        )
        submitted = st.form_submit_button(
            "Save the event", type="primary", key=f"form_submit_{suffix}"
        )
    if submitted:
        try:
            if choice == NEW_EVENT:
                result = writer.add_events(
                    dataset.path, [values], expected_hash=st.session_state[STATE_BASE_HASH]
                )
                what = f"Added {result.event_ids[0]}."
            else:
                result = writer.update_event(
                    dataset.path, choice, values, expected_hash=st.session_state[STATE_BASE_HASH]
                )
                what = f"Saved {result.event_ids[0]}."
        except WriteRefused as error:
            show_refusal(error)
        else:
            saved(result, what)
            st.rerun()

kosovo_footnote()
