"""Shared test setup: the labs' runner, the loopback-only network guard, the built site."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site"))
OFFLINE_SITE = Path(os.environ.get("OFFLINE_SITE_DIR", ROOT / "site-offline"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "netnotes" / "guard"))

import psutil  # noqa: E402
import pytest  # noqa: E402

import loopback_guard  # noqa: E402
from netnotes.config import settings  # noqa: E402

# The tests themselves may reach loopback only, like the labs they run.
loopback_guard.install()


def require(condition: object, reason: str) -> None:
    """Skip (laptop) or fail (CI: REQUIRE_SERVICES=1) when something the tests need is missing."""
    if condition:
        return
    if settings().require_services:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


def built(site: Path) -> Path:
    """The built site (make build) or its offline copy (make offline); in CI both must exist."""
    require(
        (site / "index.html").exists(), f"{site}/index.html 이 없습니다: 먼저 빌드하세요 (make build / make offline)"
    )
    return site


def strict_build(project: Path, page: str, config: str, files: dict[str, str] | None = None, **env: str):
    """``mkdocs build --strict`` of a throw-away project: one page (``docs/index.md``) and our hooks.
    ``config`` is the rest of its mkdocs.yml (plugins, markdown_extensions); ``files`` more files by
    path (e.g. a lab in ``snippets/``)."""
    import subprocess
    import textwrap

    for name, text in (files or {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(page, encoding="utf-8")
    header = f"site_name: throw-away\ntheme: {{name: material}}\nhooks: [{ROOT / 'hooks' / 'mkdocs_hooks.py'}]\n"
    (project / "mkdocs.yml").write_text(header + textwrap.dedent(config), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


# -- after the whole suite: nothing left running -----------------------------------------

import threading  # noqa: E402
import time  # noqa: E402

_threads_at_start: set[int] = set()


def children_of(pid: int) -> list[int]:
    try:
        return [child.pid for child in psutil.Process(pid).children() if child.status() != psutil.STATUS_ZOMBIE]
    except psutil.Error:
        return []


def listening_ports() -> list[int]:
    """Listening TCP sockets this process still holds open (psutil: no /proc needed)."""
    return [c.laddr.port for c in psutil.Process().net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]


def pytest_sessionstart(session):
    _threads_at_start.update(thread.ident for thread in threading.enumerate())


def find_leftovers() -> dict:
    deadline = time.monotonic() + 3
    while True:
        threads = [t for t in threading.enumerate() if t.ident not in _threads_at_start and t.is_alive()]
        leftovers = {
            "processes": children_of(os.getpid()),
            "listening ports": listening_ports(),
            "threads": [thread.name for thread in threads if not thread.name.startswith(("execnet", "gw"))],
        }
        if not any(leftovers.values()) or time.monotonic() > deadline:
            return {key: value for key, value in leftovers.items() if value}
        time.sleep(0.2)


_worker_leftovers: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """(pytest-xdist) collect what each worker process left behind."""
    found = getattr(node, "workeroutput", {}).get("leftovers")
    if found:
        _worker_leftovers.append(f"{node.gateway.id}: {found}")


def pytest_sessionfinish(session, exitstatus):
    leftovers = find_leftovers()
    if hasattr(session.config, "workeroutput"):  # an xdist worker: report to the controller
        session.config.workeroutput["leftovers"] = repr(leftovers) if leftovers else ""
        return
    problems = ([repr(leftovers)] if leftovers else []) + _worker_leftovers
    if problems:
        print(f"\n테스트가 끝났는데 남아 있는 것(프로세스·포트·스레드): {problems}")
        session.exitstatus = 1
