"""Where the browser tests keep their screenshots: MAPPOSTER_ARTIFACTS (scripts/run --then sets it to
<run dir>/artifacts; scripts/test keeps its run dir), else MAPPOSTER_SCREENSHOT_DIR, else /tmp/mapposter-artifacts.
The files stay after the run; the test session's summary names each one (tests/python/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

DIRECTORY = Path(os.environ.get("MAPPOSTER_ARTIFACTS") or os.environ.get("MAPPOSTER_SCREENSHOT_DIR")
                 or "/tmp/mapposter-artifacts")

SAVED: list[Path] = []


def path(name: str) -> Path:
    """The path of artefact `name`, recorded for the summary; the directory is made on first use."""
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    target = DIRECTORY / name
    if target not in SAVED:
        SAVED.append(target)
    return target
