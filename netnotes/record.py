"""The results record: what the last build's labs did, for pytest, ``make bench`` and the pages.

``mkdocs build`` writes ``.cache/labs/results.json`` with one entry per lab fence (its id, cache
key, verdict, output, time, time limit, skips, expected errors and packet view). ``make test``
points pytest at it (``NETNOTES_LAB_RESULTS``), so each lab runs once per ``make test`` and pytest
judges the very run the page shows; a lab whose inputs changed since (another key) runs again.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from netnotes.runner import CACHE_DIR, LabResult, to_json

RECORD = CACHE_DIR / "results.json"


def write(results: list[LabResult], path: Path = RECORD) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"written": time.strftime("%Y-%m-%d %H:%M:%S"), "labs": [to_json(result) for result in results]}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)


def load(path: Path = RECORD) -> dict[str, dict]:
    """The recorded runs by fence id (``page.md:line::snippet``); empty when there is no record."""
    if not path.exists():
        return {}
    return {lab["id"]: lab for lab in json.loads(path.read_text(encoding="utf-8"))["labs"]}
