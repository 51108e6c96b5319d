"""Page setup shared by every page: page config, navigation with titles and icons, data banner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from analytics import Dataset, schema
from analytics.words import count_text
from ui.data import get_dataset, reload_dataset
from ui.editor import OFF_MESSAGE, editing_enabled

APP_DIR = Path(__file__).resolve().parent.parent
APP_TITLE = "IISG Events Dashboard"
TAB_ICON = "📊"


@dataclass(frozen=True)
class PageLink:
    """One entry of the navigation."""

    path: str
    label: str
    icon: str
    # Whether the page shows the shared sidebar filters (the editing page does not).
    filtered: bool = True


# The navigation, in order; a page whose file is absent is not listed.
PAGES = (
    PageLink("dashboard.py", "Overview", ":material/dashboard:"),
    PageLink("pages/1_timeline.py", "Timeline", ":material/timeline:"),
    PageLink("pages/2_pillars.py", "Pillars", ":material/view_column:"),
    PageLink("pages/3_partners.py", "Partners", ":material/groups:"),
    PageLink("pages/4_map.py", "Map of host cities", ":material/map:"),
    PageLink("pages/5_events.py", "Events", ":material/table_view:"),
    PageLink("pages/6_report.py", "Report", ":material/description:"),
    PageLink("pages/9_results.py", "Results against targets", ":material/flag:"),
    PageLink("pages/7_data_quality.py", "Data quality", ":material/fact_check:", filtered=False),
    PageLink(
        "pages/8_import_and_edit.py", "Import and edit", ":material/edit_note:", filtered=False
    ),
)
DATA_QUALITY_PAGE = "pages/7_data_quality.py"
IMPORT_PAGE = "pages/8_import_and_edit.py"


def available_pages() -> tuple[PageLink, ...]:
    """The navigation entries whose page file exists."""
    return tuple(page for page in PAGES if (APP_DIR / page.path).exists())


def editing_off_notice() -> None:
    """Say that editing is off, how an administrator turns it on, and where the page appears."""
    st.info(
        f"{OFF_MESSAGE} The Import and edit page then appears in the navigation.",
        icon=":material/lock:",
    )


def navigation_pages() -> tuple[PageLink, ...]:
    """The pages listed to this viewer: every page, but Import and edit only when editing is on.

    With editing off that page can only say so; the Data quality page says how to turn it on.
    """
    editing = editing_enabled()
    return tuple(page for page in available_pages() if editing or page.path != IMPORT_PAGE)


def page_links(pages: tuple[PageLink, ...]) -> None:
    """Draw links to pages; skipped when a page runs outside the app (a test running one file)."""
    for page in pages:
        try:
            st.page_link(page.path, label=page.label, icon=page.icon)
        except StreamlitPageNotFoundError:
            # Only when a page file is run as the main script: there is no app to link into.
            return


def _navigation() -> None:
    with st.sidebar:
        page_links(navigation_pages())
        st.divider()


def _problem_banner(dataset: Dataset) -> None:
    errors, warnings = len(dataset.errors), len(dataset.warnings)
    if not errors and not warnings:
        return
    left_out = dataset.total_events_in_file - len(dataset.events)
    parts = []
    if errors:
        parts.append(f"{count_text(errors, 'error')} ({count_text(left_out, 'event')} left out)")
    if warnings:
        parts.append(count_text(warnings, "warning"))
    text = f"The events file has {' and '.join(parts)}. The valid events are shown."
    st.warning(text, icon=":material/warning:")
    page_links(
        (
            PageLink(
                DATA_QUALITY_PAGE,
                "See what to fix on the Data quality page",
                ":material/fact_check:",
            ),
        )
    )


def setup_page(title: str, icon: str, *, banner: bool = True) -> Dataset:
    """Configure the page, draw the navigation and the title, and return the dataset.

    Args:
        title: The page's title (browser tab and heading).
        icon: A Material icon such as ":material/map:".
        banner: Whether to show the data-problems banner.

    Returns:
        The dataset (the page stops with an explanation if it cannot be loaded).
    """
    # The tab icon is an emoji: a Material tab icon would be fetched from Google's font server,
    # which restricted networks block. `icon` (Material) is used in the app itself.
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", page_icon=TAB_ICON, layout="wide")
    _navigation()
    st.title(f"{icon} {title}" if icon.startswith(":material/") else title)
    dataset = get_dataset()
    with st.sidebar:
        if st.button("Reload data", key="reload_data", help="Read the events file again"):
            reload_dataset()
            st.rerun()
    if banner:
        _problem_banner(dataset)
    return dataset


def kosovo_footnote() -> None:
    """Show the Kosovo* designation footnote."""
    st.caption(schema.KOSOVO_FOOTNOTE)
