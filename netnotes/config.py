"""Every setting the lab pipeline takes from the environment, read in one place.

| variable | who sets it | effect |
|---|---|---|
| ``REQUIRE_SERVICES=1`` | ``.ci/run``, CI, Pages | a skipped lab, a missing packet view or diagram is a failure |
| ``NETNOTES_REUSE_LABS=1`` | ``make offline`` | reuse the outputs of unchanged labs (the offline copy) |
| ``NETNOTES_LAB_RESULTS=path`` | ``make test`` | pytest judges the runs the build just recorded instead of re-running |
| ``OFFLINE=true`` | ``make offline`` | build the offline copy (Material's offline plugin) |
| ``CHROMIUM=path`` | a reader | which Chromium draws diagrams and runs browser labs (empty: none) |
| ``NETNOTES_CAPTURE=0`` | a reader | never capture packets (the pages then say why the packet view is missing) |
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    require_services: bool
    reuse_labs: bool
    lab_results: Path | None
    offline: bool
    chromium: str | None
    capture: bool


def find_chromium() -> str | None:
    """Debian's Chromium: $CHROMIUM if set (a path or a name; empty means "none"), else on PATH."""
    if "CHROMIUM" in os.environ:
        return shutil.which(os.environ["CHROMIUM"]) if os.environ["CHROMIUM"] else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@functools.cache
def settings() -> Settings:
    results = os.environ.get("NETNOTES_LAB_RESULTS")
    return Settings(
        require_services=os.environ.get("REQUIRE_SERVICES") == "1",
        reuse_labs=os.environ.get("NETNOTES_REUSE_LABS") == "1",
        lab_results=Path(results) if results else None,
        offline=os.environ.get("OFFLINE", "").lower() in {"1", "true", "yes"},
        chromium=find_chromium(),
        capture=os.environ.get("NETNOTES_CAPTURE", "1") != "0",
    )
