"""Find markdown-exec fences in the docs, the same way for the build and for pytest.

A fence is executed when its info string has ``exec="1"`` (or on/true/yes).
Two kinds are allowed:

* ``pyrun``: the body is one path (``snippets/<section>/<name>.py``); the script runs
  as a reader would run it and the page shows its source and output.
* ``python``/``py``: an inline illustration of at most five lines.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
EXEC_LANGUAGES = {"pyrun", "python", "py"}
INLINE_MAX_LINES = 5
TRUE_VALUES = {"1", "yes", "on", "true"}


@dataclass(frozen=True)
class Fence:
    page: str  # path relative to docs/, e.g. "dns/resolution.md"
    line: int  # 1-based line of the opening fence
    language: str
    options: dict[str, str] = field(hash=False, compare=False)
    body: str = ""

    @property
    def snippet(self) -> str | None:
        """The script path of a ``pyrun`` fence, ``None`` for an inline fence."""
        return self.body.strip() if self.language == "pyrun" else None

    @property
    def timeout(self) -> float | None:
        value = self.options.get("timeout")
        return float(value) if value else None

    @property
    def label(self) -> str:
        what = self.snippet or "inline python"
        return f"docs/{self.page}:{self.line} [{what}]"


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Split ``pyrun exec="1" timeout="30"`` into the language and its options."""
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        info = info[1:-1].strip()
    parts = shlex.split(info) if info else []
    if not parts:
        return "", {}
    language = parts[0].lstrip(".")
    options = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        options[key] = value
    return language, options


def is_executed(options: dict[str, str]) -> bool:
    return options.get("exec", "").lower() in TRUE_VALUES


def find_fences(page: str, text: str) -> list[Fence]:
    """Every executed fence of one page, with its line number."""
    fences = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = FENCE_OPEN.match(lines[index])
        if not match:
            index += 1
            continue
        indent, marker, info = match["indent"], match["fence"], match["info"]
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
        body_lines = []
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            body_lines.append(lines[end][len(indent) :])
            end += 1
        language, options = parse_info(info)
        if is_executed(options):
            fences.append(Fence(page, index + 1, language, options, "\n".join(body_lines)))
        index = end + 1
    return fences


def find_all_fences(docs_dir: Path) -> list[Fence]:
    fences = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        fences.extend(find_fences(page, path.read_text(encoding="utf-8")))
    return fences
