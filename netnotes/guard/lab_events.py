"""The lab runner's event channel: one JSON line per event in the file ``$NETNOTES_EVENTS``.

Written by every Python process of a lab (``sitecustomize.py`` installs the hooks below) and by
``labkit`` (skips, expected errors). The runner reads the file after the lab ends
(``netnotes/runner.py``). Outside the runner ``NETNOTES_EVENTS`` is unset and nothing is written.
"""

from __future__ import annotations

import json
import os
import sys
import threading


def record(kind: str, **fields: object) -> None:
    path = os.environ.get("NETNOTES_EVENTS")
    if not path:
        return
    line = json.dumps({"kind": kind, "pid": os.getpid(), **fields}, ensure_ascii=False, default=str)
    with open(path, "a", encoding="utf-8") as events:
        events.write(line + "\n")


def describe(error: BaseException | None) -> dict[str, str]:
    return {"type": type(error).__name__, "message": str(error)[:300]} if error else {}


def install_hooks() -> None:
    """Record uncaught exceptions (main thread and every other thread) and every shown warning."""
    import warnings

    original_excepthook = sys.excepthook
    original_thread_hook = threading.excepthook
    original_showwarning = warnings.showwarning

    def excepthook(kind, error, traceback):
        record("uncaught", thread="main", **describe(error))
        original_excepthook(kind, error, traceback)

    def thread_hook(args):
        if args.exc_type is not SystemExit:
            thread = args.thread.name if args.thread else "?"
            record("uncaught", thread=thread, **describe(args.exc_value))
        original_thread_hook(args)

    def showwarning(message, category, filename, lineno, file=None, line=None):
        record("warning", category=category.__name__, message=str(message)[:300], where=f"{filename}:{lineno}")
        original_showwarning(message, category, filename, lineno, file, line)

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
    warnings.showwarning = showwarning


def install_keylog(path: str) -> None:
    """Packet capture of a TLS lab: every SSLContext writes its session keys (NSS key log format)."""
    import ssl

    original_new = ssl.SSLContext.__new__

    def new(cls, *args, **kwargs):
        context = original_new(cls, *args, **kwargs)
        context.keylog_filename = path
        return context

    ssl.SSLContext.__new__ = new
