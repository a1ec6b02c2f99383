"""Run one lab the way a reader would (``python snippets/<section>/<name>.py``) and judge the run.

The mkdocs hook and pytest both call :func:`run_fence`, so a lab behaves the same on the page, in
the test suite and in a reader's terminal:

* its own process, session and process group; on a time limit (default 60 s, ``timeout="…"``)
  the whole group is killed with ``os.killpg``; processes still in the lab's session after it
  ends are a failure (found with psutil, so this works without ``/proc``, e.g. on macOS);
* a fresh, private ``HOME`` and ``TMPDIR``: nothing of the user's leaks in, and a lab that leaves
  a temp file behind fails;
* the loopback guard and the event hooks (``netnotes/guard/``) in every Python process it starts.

A run fails (its ``problem`` says why) when the lab exits non-zero, times out, leaves a process or
a temp file, prints a traceback or raises in any thread, shows a warning its fence does not
declare (``warnings="…"``), or when the errors it demonstrated on purpose (``labkit.expect``) are
not exactly those its fence declares (``expect="…"``). A lab that skips (``labkit.services``)
passes on a laptop but fails when ``REQUIRE_SERVICES=1``; skips are never cached.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

from netnotes import capture
from netnotes.config import ROOT, settings
from netnotes.fences import INLINE_MAX_LINES, Fence

GUARD_DIR = ROOT / "netnotes" / "guard"
SNIPPETS_DIR = ROOT / "snippets"
CACHE_DIR = ROOT / ".cache" / "labs"
DEFAULT_TIMEOUT = 60.0
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")
TRACEBACK = "Traceback (most recent call last):"
SHOWN_WARNING = re.compile(r"^\S.*:\d+: (?P<category>\w*Warning): ", re.M)


@dataclass
class LabResult:
    fence: Fence
    output: str
    returncode: int | None
    seconds: float
    problem: str = ""  # why the run failed, empty when it passed
    skipped: str = ""  # why the whole lab was skipped
    partial: list[str] = field(default_factory=list)  # parts of the lab that were skipped, and why
    expected: list[str] = field(default_factory=list)  # errors the lab demonstrated on purpose
    key: str = ""
    packets: dict | None = None  # the packet view (netnotes/capture.py), when captured

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def status(self) -> str:
        if self.problem:
            return "failed"
        if self.skipped:
            return "skipped"
        return "partial" if self.partial else "passed"

    @property
    def skip_reasons(self) -> list[str]:
        return ([self.skipped] if self.skipped else []) + self.partial


def lab_environment(home: Path, events: Path, project: Path = ROOT) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key.lower() not in PROXY_VARIABLES and not key.startswith(("PYTEST_", "COV_", "NETNOTES_"))
    }
    env.update(
        HOME=str(home),
        TMPDIR=str(home / "tmp"),
        PYTHONPATH=os.pathsep.join(dict.fromkeys([str(GUARD_DIR), str(project / "snippets"), str(SNIPPETS_DIR)])),
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
        NETNOTES_LOOPBACK_ONLY="1",
        NETNOTES_EVENTS=str(events),
        NO_PROXY="127.0.0.1,localhost,::1",
        COLUMNS="100",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
    )
    env.pop("AWS_PROFILE", None)
    return env


# -- supervision: the lab's session, found and ended without /proc -------------------------


def session_members(session_id: int) -> list[int]:
    """PIDs of live (non-zombie) processes in the lab's session (its process group where
    sessions can't be read)."""
    members = []
    for process in psutil.process_iter(["status"]):
        if process.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        try:
            if os.getsid(process.pid) == session_id or os.getpgid(process.pid) == session_id:
                members.append(process.pid)
        except OSError:  # gone, or another session we may not inspect
            continue
    return members


def end_session(session_id: int) -> None:
    """Kill the lab's process group, then anything left in its session."""
    try:
        os.killpg(session_id, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for pid in session_members(session_id):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


# -- one run ---------------------------------------------------------------------------------


def command_for(fence: Fence) -> list[str]:
    if fence.snippet:
        return [sys.executable, fence.snippet]
    return [sys.executable, "-c", fence.body]


def check_fence(fence: Fence) -> str:
    """A problem with the fence itself, before anything runs."""
    if not fence.is_lab:
        return f"language {fence.language!r} cannot be executed here (use pyrun or python)"
    if fence.snippet is not None:
        path = fence.root / fence.snippet
        if "\n" in fence.snippet or not fence.snippet.startswith("snippets/"):
            return "a pyrun fence holds exactly one path under snippets/"
        if not path.is_file():
            return f"snippet file not found: {fence.snippet}"
    elif len(fence.body.strip().splitlines()) > INLINE_MAX_LINES:
        return f"inline fences are for illustrations of {INLINE_MAX_LINES} lines or fewer; move it to snippets/"
    missing = [name for name in fence.inputs if not (fence.root / name).is_file()]
    if missing:
        return f"declared inputs not found: {missing}"
    if fence.capture and fence.capture not in capture.PROFILES:
        return f"unknown capture profile {fence.capture!r} (known: {', '.join(capture.PROFILES)})"
    return ""


def run_fence(fence: Fence) -> LabResult:
    problem = check_fence(fence)
    if problem:
        return LabResult(fence, "", None, 0.0, problem)
    timeout = fence.timeout or DEFAULT_TIMEOUT
    home = Path(tempfile.mkdtemp(prefix="netnotes-lab-"))
    (home / "tmp").mkdir()
    work = Path(tempfile.mkdtemp(prefix="netnotes-run-"))  # the runner's own files, outside the lab's reach
    events = work / "events.jsonl"
    env = lab_environment(home, events, fence.root)
    command = command_for(fence)
    plan = capture.plan(fence, work, env) if fence.capture else None
    if plan and plan.command_prefix:
        command = plan.command_prefix + command
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=fence.root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(process.stdout.readline, b"")), daemon=True)
    reader.start()
    timed_out = False
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        end_session(process.pid)
        process.wait()
    seconds = time.perf_counter() - started
    leftovers = session_members(process.pid)
    end_session(process.pid)  # a leftover child may hold the output pipe open
    reader.join(timeout=5)
    process.stdout.close()
    output = b"".join(chunks).decode("utf-8", errors="replace").rstrip()
    left_files = sorted(p.relative_to(home).as_posix() for p in (home / "tmp").rglob("*"))
    result = LabResult(fence, output, process.returncode, seconds)
    judge(result, read_events(events), timed_out=timed_out, leftovers=leftovers, left_files=left_files)
    if plan:
        capture.finish(plan, result)
    if result.skip_reasons and settings().require_services and not result.problem:
        result.problem = "skipped with REQUIRE_SERVICES=1: " + "; ".join(result.skip_reasons)
    shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return result


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge(result: LabResult, events: list[dict], *, timed_out: bool, leftovers: list[int], left_files: list[str]):
    """Decide whether the run passed; the first problem found is the one reported."""
    fence = result.fence
    declared = fence.expected
    problems = []
    uncaught = [event for event in events if event["kind"] == "uncaught"]
    main_raised = [e for e in uncaught if e["thread"] == "main" and e.get("type") in declared]
    result.expected = sorted({e["name"] for e in events if e["kind"] == "expected"} | {e["type"] for e in main_raised})
    if timed_out:
        problems.append(f'did not finish within {fence.timeout or DEFAULT_TIMEOUT:g} s (raise it with timeout="…")')
    elif result.returncode != 0 and not (main_raised and result.returncode == 1):
        problems.append(f"exited with code {result.returncode}")
    for event in uncaught:
        if event not in main_raised:
            problems.append(f"{event.get('type')} raised in thread {event['thread']!r}: {event.get('message', '')}")
    if TRACEBACK in result.output and not main_raised:
        problems.append("printed a traceback (an exception escaped somewhere, even if the lab exited 0)")
    allowed = fence.allowed_warnings
    shown = {e["category"] for e in events if e["kind"] == "warning"} | set(SHOWN_WARNING.findall(result.output))
    if shown - allowed:
        problems.append(f'showed warnings its fence does not declare: {sorted(shown - allowed)} (warnings="…")')
    skipped = any(event["kind"] == "skip" for event in events)
    missing, extra = sorted(declared - set(result.expected)), sorted(set(result.expected) - declared)
    if extra or (missing and not skipped):  # a skipped part may hold a demonstration; the skip is shown
        problems.append(f"expected errors differ from the fence's expect=: missing {missing}, undeclared {extra}")
    if leftovers:
        problems.append(f"left processes running: {leftovers}")
    if left_files:
        problems.append(f"left temporary files behind: {left_files[:5]}")
    for event in events:
        if event["kind"] == "skip":
            if event.get("whole"):
                result.skipped = event["reason"]
            else:
                result.partial.append(event["reason"])
    result.problem = problems[0] if problems else ""
    if len(problems) > 1:
        result.problem += f" (and {len(problems) - 1} more: " + "; ".join(problems[1:]) + ")"


def describe_failure(result: LabResult) -> str:
    tail = "\n".join(result.output.splitlines()[-40:])
    return f"{result.fence.label}: lab {result.problem}\n--- output (last 40 lines) ---\n{tail}"


# -- what a lab's output depends on: the key of the cache and of the results record --------


@functools.cache
def service_versions() -> str:
    """Versions of the system programs labs use; a new nginx or Chromium is a new run."""
    versions = []
    for program, flag in (("nginx", "-v"), ("redis-server", "--version"), ("tshark", "--version")):
        path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
        if path:
            try:
                done = subprocess.run([path, flag], capture_output=True, text=True, timeout=10)
                versions.append((done.stdout + done.stderr).splitlines()[0] if done.stdout + done.stderr else program)
            except (OSError, subprocess.TimeoutExpired):
                versions.append(f"{program}: ?")
    chromium = settings().chromium
    versions.append(f"chromium {Path(chromium).resolve().stat().st_mtime if chromium else None}")
    versions.append(f"capture {capture.availability()}")
    return "\n".join(versions)


def cache_key(fence: Fence) -> str:
    digest = hashlib.sha256()
    for code in sorted((ROOT / "netnotes").rglob("*.py")):
        digest.update(code.read_bytes())
    lock = ROOT / "requirements.txt"
    digest.update(lock.read_bytes() if lock.exists() else b"")
    digest.update(sys.version.encode() + service_versions().encode())
    digest.update(f"REQUIRE_SERVICES={settings().require_services}".encode())
    options = {name: fence.options.get(name, "") for name in ("timeout", "inputs", "expect", "warnings", "capture")}
    digest.update(
        fence.language.encode() + b"\0" + fence.body.encode() + b"\0" + repr(sorted(options.items())).encode()
    )
    if fence.snippet and (fence.root / fence.snippet).is_file():
        digest.update((fence.root / fence.snippet).read_bytes())
    for name in fence.inputs:
        if (fence.root / name).is_file():
            digest.update((fence.root / name).read_bytes())
    for shared in sorted((SNIPPETS_DIR / "labkit").rglob("*.py")):
        digest.update(shared.read_bytes())
    return digest.hexdigest()


# -- the serve cache: reuse the last passing output of an unchanged lab -----------------------


def to_json(result: LabResult) -> dict:
    data = asdict(result)
    data.pop("fence")
    data.update(id=result.fence.test_id, label=result.fence.label, page=result.fence.page, status=result.status)
    data.update(snippet=result.fence.snippet, timeout=result.fence.timeout or DEFAULT_TIMEOUT)
    return data


def from_json(fence: Fence, data: dict) -> LabResult:
    fields = {name: data[name] for name in LabResult.__dataclass_fields__ if name in data and name != "fence"}
    return LabResult(fence, **fields)


def cache_file(key: str) -> Path:
    return CACHE_DIR / f"{key}.json"


def is_cached(fence: Fence) -> bool:
    return not check_fence(fence) and cache_file(cache_key(fence)).exists()


def remember(result: LabResult) -> None:
    """Store a passing run (never a skip or a failure) for ``cached_run``."""
    if result.status == "passed" and result.key:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        cache_file(result.key).write_text(json.dumps(to_json(result), ensure_ascii=False), encoding="utf-8")


def fresh_run(fence: Fence) -> LabResult:
    key = "" if check_fence(fence) else cache_key(fence)
    result = run_fence(fence)
    result.key = key
    remember(result)
    return result


def cached_run(fence: Fence) -> tuple[LabResult, bool]:
    """Reuse the last passing run of an unchanged lab; returns (result, was_cached)."""
    if not check_fence(fence):
        path = cache_file(cache_key(fence))
        if path.exists():
            result = from_json(fence, json.loads(path.read_text(encoding="utf-8")))
            return result, True
    return fresh_run(fence), False
