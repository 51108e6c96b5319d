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


ANALYTICS = ROOT / "analytics"
COMMAND_LINE = ANALYTICS / "cli.py"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _analytics_imports(path: Path, known: set[str]) -> set[str]:
    """The analytics modules a file imports, imports inside functions included.

    ``from analytics.report import build`` counts as importing ``analytics.report.build`` (a
    module) and ``from analytics.filters import EventFilter`` as ``analytics.filters``.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                if child in known:
                    found.add(child)
                elif node.module in known:
                    found.add(node.module)
    return found


def _import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in ANALYTICS.rglob("*.py")}
    return {name: _analytics_imports(path, set(paths)) - {name} for name, path in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check below can fail: a hand-made graph with one loop of three is reported."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_analytics_modules() -> None:
    """No analytics module imports, even inside a function, one that imports it back."""
    graph = _import_graph()
    assert "analytics.report.build" in graph["analytics.cli"]
    assert _cycles(graph) == []


@pytest.mark.parametrize(
    "path",
    sorted(p for p in ANALYTICS.rglob("*.py") if p != COMMAND_LINE),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_only_the_command_line_defines_main_or_reads_argv(path: Path) -> None:
    """Library modules take arguments, not ``sys.argv``; ``python -m analytics`` is the one CLI."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert "main" not in functions
    argv = [
        node for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "argv"
    ]
    assert not argv


def _called_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def test_filtered_pages_start_with_filtered_page() -> None:
    """Every page with the shared filters sets itself up through ui.page.filtered_page."""
    from ui.layout import PAGES

    filtered = [ROOT / link.path for link in PAGES if link.filtered]
    assert ROOT / "dashboard.py" in filtered and len(filtered) >= 8
    for path in filtered:
        called = _called_names(path)
        assert "filtered_page" in called, path.name
        assert not {"setup_page", "render_filters"} & called, path.name
