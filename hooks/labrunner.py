"""Run one lab the way a reader would: ``python snippets/<section>/<name>.py``.

The mkdocs hook and pytest both call :func:`run_fence`, so a lab behaves the
same on the page, in the test suite and in a reader's terminal:

* its own process (``__name__ == "__main__"``, ``__file__``, logging and
  subprocess output all behave normally; nothing leaks between labs);
* a time limit (default 60 s, ``timeout="…"`` on the fence);
* a fresh, private ``HOME`` and ``TMPDIR``: nothing of the user's leaks in, and a
  lab that leaves a temp file behind fails;
* its own session: a lab that leaves a process running fails, and the process is killed;
* the loopback guard (``hooks/guard/sitecustomize.py``): a connection to any address
  outside 127.0.0.0/8 and ::1 raises, in the lab and in every Python process it starts.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from fences import INLINE_MAX_LINES, Fence

ROOT = Path(__file__).resolve().parent.parent
GUARD_DIR = ROOT / "hooks" / "guard"
SNIPPETS_DIR = ROOT / "snippets"
DEFAULT_TIMEOUT = 60.0
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")


@dataclass
class LabResult:
    fence: Fence
    output: str
    returncode: int | None
    seconds: float
    problem: str = ""  # why the run failed, empty when it passed

    @property
    def ok(self) -> bool:
        return not self.problem


def lab_environment(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key.lower() not in PROXY_VARIABLES and not key.startswith(("PYTEST_", "COV_"))
    }
    env.update(
        HOME=str(home),
        TMPDIR=str(home / "tmp"),
        PYTHONPATH=os.pathsep.join([str(GUARD_DIR), str(SNIPPETS_DIR)]),
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
        NETNOTES_LOOPBACK_ONLY="1",
        NO_PROXY="127.0.0.1,localhost,::1",
        COLUMNS="100",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
    )
    env.pop("AWS_PROFILE", None)
    return env


def live_processes() -> list[tuple[int, int, int]]:
    """(pid, ppid, session id) of every process that is not a zombie, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields after "(comm)": state ppid pgrp session ...
        if fields[0] != "Z":
            found.append((int(stat.parent.name), int(fields[1]), int(fields[3])))
    return found


def session_leftovers(session_id: int) -> list[int]:
    """PIDs still alive in the lab's session (the lab's own process has exited)."""
    return [pid for pid, _, session in live_processes() if session == session_id]


def kill_session(session_id: int) -> None:
    for pid in session_leftovers(session_id):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def command_for(fence: Fence) -> list[str]:
    if fence.snippet:
        return [sys.executable, fence.snippet]
    return [sys.executable, "-c", fence.body]


def check_fence(fence: Fence) -> str:
    """A problem with the fence itself, before anything runs."""
    if fence.language not in {"pyrun", "python", "py"}:
        return f"language {fence.language!r} cannot be executed here (use pyrun or python)"
    if fence.snippet is not None:
        path = ROOT / fence.snippet
        if "\n" in fence.snippet or not fence.snippet.startswith("snippets/"):
            return "a pyrun fence holds exactly one path under snippets/"
        if not path.is_file():
            return f"snippet file not found: {fence.snippet}"
    elif len(fence.body.strip().splitlines()) > INLINE_MAX_LINES:
        return f"inline fences are for illustrations of {INLINE_MAX_LINES} lines or fewer; move it to snippets/"
    return ""


def run_fence(fence: Fence) -> LabResult:
    problem = check_fence(fence)
    if problem:
        return LabResult(fence, "", None, 0.0, problem)
    timeout = fence.timeout or DEFAULT_TIMEOUT
    home = Path(tempfile.mkdtemp(prefix="netnotes-lab-"))
    (home / "tmp").mkdir()
    started = time.perf_counter()
    process = subprocess.Popen(
        command_for(fence),
        cwd=ROOT,
        env=lab_environment(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(process.stdout.readline, b"")), daemon=True)
    reader.start()
    try:
        process.wait(timeout=timeout)
        problem = "" if process.returncode == 0 else f"exited with code {process.returncode}"
    except subprocess.TimeoutExpired:
        kill_session(process.pid)
        process.wait()
        problem = f'did not finish within {timeout:g} s (raise it with timeout="…" on the fence)'
    seconds = time.perf_counter() - started
    leftovers = session_leftovers(process.pid)
    if leftovers and not problem:
        problem = f"left processes running: {leftovers}"
    kill_session(process.pid)  # a leftover child may hold the output pipe open
    reader.join(timeout=5)
    process.stdout.close()
    raw = b"".join(chunks)
    left_files = sorted(p.relative_to(home).as_posix() for p in (home / "tmp").rglob("*"))
    if left_files and not problem:
        problem = f"left temporary files behind: {left_files[:5]}"
    shutil.rmtree(home, ignore_errors=True)
    output = raw.decode("utf-8", errors="replace").rstrip()
    return LabResult(fence, output, process.returncode, seconds, problem)


def describe_failure(result: LabResult) -> str:
    tail = "\n".join(result.output.splitlines()[-40:])
    return f"{result.fence.label}: lab {result.problem}\n--- output (last 40 lines) ---\n{tail}"


# -- a cache for `mkdocs serve` only: keyed by everything a lab's output depends on --

CACHE_DIR = ROOT / ".cache" / "labs"


def cache_key(fence: Fence) -> str:
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    digest.update((ROOT / "requirements.txt").read_bytes() if (ROOT / "requirements.txt").exists() else b"")
    digest.update(sys.version.encode())
    digest.update(fence.language.encode() + b"\0" + fence.body.encode() + b"\0" + repr(fence.timeout).encode())
    if fence.snippet:
        digest.update((ROOT / fence.snippet).read_bytes())
    for shared in sorted((SNIPPETS_DIR / "labkit").rglob("*.py")):
        digest.update(shared.read_bytes())
    return digest.hexdigest()


def is_cached(fence: Fence) -> bool:
    return not check_fence(fence) and (CACHE_DIR / f"{cache_key(fence)}.txt").exists()


def remember(result: LabResult) -> None:
    """Store a passing run's output for ``cached_run``."""
    if result.ok:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        (CACHE_DIR / f"{cache_key(result.fence)}.txt").write_text(result.output, encoding="utf-8")


def cached_run(fence: Fence) -> tuple[LabResult, bool]:
    """Reuse the last passing output of an unchanged lab; returns (result, was_cached)."""
    if check_fence(fence):
        return run_fence(fence), False
    path = CACHE_DIR / f"{cache_key(fence)}.txt"
    if path.exists():
        return LabResult(fence, path.read_text(encoding="utf-8"), 0, 0.0), True
    result = run_fence(fence)
    remember(result)
    return result, False
