"""Every page of the app, opened in headless Chromium: no error, nothing loaded from outside."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest
from playwright.sync_api import Page

from ui.layout import PageLink, available_pages

from .conftest import external_requests, open_page, requested_urls, screenshot

pytestmark = pytest.mark.browser

MAIN_SCRIPT = "dashboard.py"
# What Streamlit shows in place of an exception or an st.error box.
EXCEPTION = '[data-testid="stException"]'
ERROR_BOX = '[data-testid="stAlertContentError"]'
# Streamlit's dialog when a URL matches no page (it then runs the main page instead).
PAGE_NOT_FOUND = '[data-testid="stDialog"]:has-text("Page not found")'


def url_path(page_link: PageLink) -> str:
    """The URL path Streamlit serves a page at: "" for the main script, else the file's name
    without its leading number and separators ("pages/3_partners.py" -> "partners")."""
    if page_link.path == MAIN_SCRIPT:
        return ""
    # Streamlit's own rule (streamlit.source_util.PAGE_FILENAME_REGEX and page_icon_and_name).
    name = re.sub(r"^[0-9]*[_ -]*", "", PurePosixPath(page_link.path).stem)
    return re.sub(r"[_ ]+", "_", name).strip()


PAGES = available_pages()


@pytest.mark.parametrize("page_link", PAGES, ids=[url_path(p) or "home" for p in PAGES])
def test_page_shows_without_error_or_external_request(
    app_server: str, page: Page, page_link: PageLink
) -> None:
    """The page opens at its URL, shows no exception or error box and loads nothing from
    the internet."""
    path = url_path(page_link)
    open_page(page, app_server, path)
    shot = screenshot(page, path or "home")

    assert page.locator(PAGE_NOT_FOUND).count() == 0, f"/{path} matched no page ({shot})"
    assert page.url.rstrip("/") == f"{app_server}/{path}".rstrip("/")
    exceptions = page.locator(EXCEPTION).all_inner_texts()
    assert not exceptions, f"{page_link.label}: exception shown ({shot}):\n" + "\n".join(exceptions)
    errors = page.locator(ERROR_BOX).all_inner_texts()
    assert not errors, f"{page_link.label}: error shown ({shot}):\n" + "\n".join(errors)
    assert requested_urls(page), "no request was recorded: the recorder is not attached"
    assert external_requests(page) == [], f"{page_link.label} requested outside hosts"
