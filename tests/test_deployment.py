"""How the app is served: `make run` listens on this machine only unless told otherwise."""

from __future__ import annotations

import shutil
import subprocess

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
