"""The layers stay apart: analytics never imports Streamlit, pages hold no pandas."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports, imports inside functions included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "path", sorted((ROOT / "analytics").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_analytics_never_imports_streamlit(path: Path) -> None:
    """No module of analytics/ imports Streamlit, so the logic runs and tests without the app."""
    assert "streamlit" not in _imported_modules(path)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_pages_hold_no_pandas(path: Path) -> None:
    """A page reads filters, calls analytics and shows: it never imports pandas itself."""
    assert "pandas" not in _imported_modules(path)
