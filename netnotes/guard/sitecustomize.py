"""Loaded by every Python process a lab starts (the runner puts this folder on PYTHONPATH)."""

import os

if os.environ.get("NETNOTES_LOOPBACK_ONLY") == "1":
    import loopback_guard

    loopback_guard.install()

if os.environ.get("NETNOTES_EVENTS"):
    import lab_events

    lab_events.install_hooks()
    if os.environ.get("NETNOTES_KEYLOG"):
        lab_events.install_keylog(os.environ["NETNOTES_KEYLOG"])
