"""The parser type-checks: mypy, with the settings in pyproject.toml ([tool.mypy]), finds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_parser_passes_mypy(tmp_path):
    # run from the project root so that mypy reads pyproject.toml and checks its ``files``;
    # the cache goes to a fresh directory, so the result never depends on an old cache
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy_cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"mypy exited with {result.returncode}:\n{result.stdout}{result.stderr}"
