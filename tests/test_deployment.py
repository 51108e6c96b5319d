"""How the app is served: `make run` listens on this machine only unless told otherwise, and
starts without the compiled YAML reader when it cannot be built."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_listens_on_localhost_by_default() -> None:
    """`make run` starts Streamlit with --server.address localhost; ADDRESS= overrides it."""
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    command = next(line for line in plan.splitlines() if "streamlit run" in line)
    assert "--server.address localhost" in command
    other = subprocess.run(
        ["make", "-n", "run", "ADDRESS=0.0.0.0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--server.address 0.0.0.0" in other


def _tree_without_a_compiler(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the reader's source and build script, and a PATH whose cc and apt-get fail."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "analytics" / "dataset").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "build_reader.sh", tmp_path / "scripts")
    shutil.copy(ROOT / "analytics" / "dataset" / "_libyaml.c", tmp_path / "analytics" / "dataset")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("cc", "apt-get"):
        (tools / name).write_text("#!/bin/sh\nexit 100\n", encoding="utf-8")
        (tools / name).chmod(0o755)
    return tmp_path, {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_goes_on_without_the_compiled_reader(tmp_path: Path) -> None:
    """Without a working compiler `make run` says so and goes on (PyYAML's parser reads);
    `make test`, whose tests compare the two readers, stops."""
    tree, environment = _tree_without_a_compiler(tmp_path)
    script = ["bash", "scripts/build_reader.sh", sys.executable]
    optional = subprocess.run(
        [*script, "--optional"], cwd=tree, env=environment, capture_output=True, text=True
    )
    assert optional.returncode == 0
    assert "PyYAML's parser instead" in optional.stderr
    required = subprocess.run(script, cwd=tree, env=environment, capture_output=True, text=True)
    assert required.returncode == 1
    assert "Cannot build the compiled YAML reader" in required.stderr
    assert not list((tree / "analytics" / "dataset").glob("_libyaml*.so*"))
    plan = subprocess.run(
        ["make", "-n", "run", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "build_reader.sh .venv/bin/python --optional" in plan
    assert "build_reader.sh .venv/bin/python\n" in plan
