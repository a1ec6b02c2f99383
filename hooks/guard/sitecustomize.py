"""Loaded by every Python process a lab starts (this folder is on PYTHONPATH)."""

import os

if os.environ.get("NETNOTES_LOOPBACK_ONLY") == "1":
    import loopback_guard

    loopback_guard.install()
