"""Labs a reader can take home: each script as a download, and one archive with every lab.

``publish`` copies ``snippets/`` into the built site under ``labs/`` and writes
``labs/network-notes-labs.zip``: every lab, ``labkit``, the files labs read, a ``requirements.txt``
with the labs' own pinned packages (not the site's) and a README that says how to run them and
which labs need system programs.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
import zipfile
from pathlib import Path

from netnotes.config import ROOT

SNIPPETS = ROOT / "snippets"
ARCHIVE = "network-notes-labs.zip"
FOLDER = "network-notes-labs"
IMPORT = re.compile(r"^\s*(?:from|import) ([A-Za-z_][A-Za-z0-9_]*)", re.M)
NEEDS = re.compile(r"""require_program\(\s*["']([\w.-]+)["']""")
README = """# 네트워크 노트 — 실습 모음

사이트의 모든 실습 스크립트와, 실습들이 함께 쓰는 `snippets/labkit/` 입니다.
페이지에 보이는 출력은 사이트를 빌드할 때 이 스크립트들을 실제로 실행해서 얻은 것입니다.

## 준비 (Python 3.11 이상)

```bash
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt
```

## 실행

`labkit` 을 찾도록 `PYTHONPATH=snippets` 를 붙여 실행합니다.

```bash
PYTHONPATH=snippets .venv/bin/python snippets/dns/iterative_trace.py     # DNS 반복 질의
PYTHONPATH=snippets .venv/bin/python snippets/tls/https_connection.py    # HTTPS(TLS 1.3) 연결
```

모든 실습은 이 컴퓨터의 루프백 주소(127.0.0.0/8, ::1)만 씁니다. 인터넷이 필요 없습니다.

## 시스템 프로그램이 필요한 실습

없으면 그 실습은 이유를 출력하고 건너뜁니다(Debian/Ubuntu: `sudo apt-get install -y nginx redis-server chromium`).

{programs}
"""


def script_url(snippet: str, page_url: str) -> str:
    """The download address of a lab script, relative to the page that shows it."""
    target = "labs/" + snippet.removeprefix("snippets/")
    return posixpath.relpath(target, page_url.rstrip("/") or ".")


def lab_requirements() -> str:
    """What the labs need, pinned to the versions of requirements.txt: the "# Labs" section of
    requirements.in (with its extras), plus every other distribution a lab imports directly
    (e.g. playwright, psutil)."""
    section, names = False, []
    for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = line.strip().lower() == "# labs"
        elif section and line.strip():
            names.append(re.split(r"[=<>~!;\s]", line.strip(), maxsplit=1)[0])
    listed = {normalize(name.split("[")[0]) for name in names}
    names += sorted(name for name in imported_distributions() if normalize(name) not in listed)
    pinned = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", line)
        if match:
            pinned[normalize(match[1])] = match[2]
    lines = []
    for name in names:
        version = pinned.get(normalize(name.split("[")[0]))
        lines.append(f"{name}=={version}" if version else name)
    return "\n".join(lines) + "\n"


def imported_distributions() -> set[str]:
    """Distributions the lab scripts import (``import x`` / ``from x import``), found with the
    build's own environment (``importlib.metadata``); the standard library and labkit are not."""
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    modules = set()
    for path in SNIPPETS.rglob("*.py"):
        modules |= set(IMPORT.findall(path.read_text(encoding="utf-8")))
    return {owners[module][0] for module in modules if module in owners and module not in sys.stdlib_module_names}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lab_files() -> list[Path]:
    return sorted(path for path in SNIPPETS.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def system_programs() -> dict[str, list[str]]:
    """Which labs need which system program (they call ``labkit.services.require_program``)."""
    needs: dict[str, list[str]] = {}
    for path in sorted(SNIPPETS.rglob("*.py")):
        if path.parent.name != "labkit":
            for program in NEEDS.findall(path.read_text(encoding="utf-8")):
                needs.setdefault(program, []).append(path.relative_to(SNIPPETS).as_posix())
    return needs


def publish(site_dir: Path, results: list) -> None:
    labs_dir = site_dir / "labs"
    if labs_dir.exists():
        shutil.rmtree(labs_dir)
    for path in lab_files():
        target = labs_dir / path.relative_to(SNIPPETS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    programs = "\n".join(f"- `{program}`: {', '.join(labs)}" for program, labs in system_programs().items())
    with zipfile.ZipFile(labs_dir / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{FOLDER}/README.md", README.format(programs=programs))
        archive.writestr(f"{FOLDER}/requirements.txt", lab_requirements())
        for path in lab_files():
            archive.write(path, f"{FOLDER}/snippets/{path.relative_to(SNIPPETS).as_posix()}")
