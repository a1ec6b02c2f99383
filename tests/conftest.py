"""Shared test setup: the labs' runner and the loopback-only network guard."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "hooks" / "guard"))

import loopback_guard  # noqa: E402

# The tests themselves may reach loopback only, like the labs they run.
loopback_guard.install()
