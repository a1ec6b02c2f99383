"""The one finder of fences in the docs: labs (``exec="1"``) and Mermaid diagrams.

The build, pytest and the diagram drawer all use :func:`find_all_fences`. When the build
renders a fence this finder did not list (or never renders one it did), the strict build fails
(``hooks/mkdocs_hooks.py``), so a fence can't render without becoming a test, or the other way round.

A lab fence is executed when its info string has ``exec="1"`` (or on/true/yes). Two kinds:

* ``pyrun``: the body is one path (``snippets/<section>/<name>.py``); the script runs as a
  reader would run it and the page shows its source and output.
* ``python``/``py``: an inline illustration of at most five lines.

Lab options (besides markdown-exec's own, such as ``source=`` and ``title=``):

* ``timeout="90"``: seconds before the lab is killed (default 60).
* ``inputs="snippets/x/a.conf …"``: other files the lab reads (part of its cache key).
* ``expect="SSLCertVerificationError, HTTP 403"``: the errors the lab demonstrates on purpose
  (``labkit.expect``); the run fails unless exactly these happened.
* ``warnings="DeprecationWarning"``: warning categories the output may show.
* ``capture="tcp"``: capture the lab's packets (``netnotes/capture.py`` lists the profiles).

``--8<-- "includes/….md"`` lines are followed, so a fence inside an included file is found too.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from netnotes.config import ROOT

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
INCLUDE = re.compile(r"""^[ \t]*--8<--[ \t]+["']?(?P<path>[^"'\s]+\.md)["']?[ \t]*$""")
EXEC_LANGUAGES = {"pyrun", "python", "py"}
INLINE_MAX_LINES = 5
TRUE_VALUES = {"1", "yes", "on", "true"}
LAB_OPTIONS = ("timeout", "inputs", "expect", "warnings", "capture")


@dataclass(frozen=True)
class Fence:
    page: str  # path relative to docs/, e.g. "dns/resolution.md"
    line: int  # 1-based line of the opening fence (in ``origin`` when included)
    language: str
    options: dict[str, str] = field(hash=False, compare=False)
    body: str = ""
    origin: str = ""  # the included file the fence is in, "" when it is in the page itself
    root: Path = field(default=ROOT, compare=False)  # the project: snippets/ and includes/ are under it

    @property
    def is_lab(self) -> bool:
        return self.language in EXEC_LANGUAGES and is_executed(self.options)

    @property
    def snippet(self) -> str | None:
        """The script path of a ``pyrun`` fence, ``None`` for an inline fence."""
        return self.body.strip() if self.language == "pyrun" else None

    @property
    def timeout(self) -> float | None:
        value = self.options.get("timeout")
        return float(value) if value else None

    @property
    def inputs(self) -> list[str]:
        return self.options.get("inputs", "").split()

    @property
    def expected(self) -> set[str]:
        return {name.strip() for name in self.options.get("expect", "").split(",") if name.strip()}

    @property
    def allowed_warnings(self) -> set[str]:
        return {name.strip() for name in self.options.get("warnings", "").split(",") if name.strip()}

    @property
    def capture(self) -> str:
        return self.options.get("capture", "")

    @property
    def key(self) -> tuple[str, str, str]:
        """How the renderer recognises this fence: page, kind and body (whitespace-normalised)."""
        return fence_key(self.page, self.language, self.body)

    @property
    def label(self) -> str:
        what = self.snippet or ("mermaid" if self.language == "mermaid" else "inline python")
        where = f"{self.origin}:{self.line} (docs/{self.page})" if self.origin else f"docs/{self.page}:{self.line}"
        return f"{where} [{what}]"

    @property
    def test_id(self) -> str:
        return f"{self.page}:{self.line}::{self.snippet or 'inline'}"


def fence_key(page: str, language: str, body: str) -> tuple[str, str, str]:
    kind = "pyrun" if language == "pyrun" else "mermaid" if language == "mermaid" else "python"
    lines = [line.strip() for line in body.strip().splitlines()]
    return (page, kind, "\n".join(lines))


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


def find_fences(page: str, text: str, *, root: Path = ROOT, origin: str = "") -> list[Fence]:
    """Every lab and Mermaid fence of one page, with its line number, following ``--8<--`` includes."""
    fences = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        include = INCLUDE.match(lines[index])
        if include and (root / include["path"]).is_file():
            path = include["path"]
            included = (root / path).read_text(encoding="utf-8")
            fences += find_fences(page, included, root=root, origin=path)
            index += 1
            continue
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
        fence = Fence(page, index + 1, language, options, "\n".join(body_lines), origin, root)
        if fence.is_lab or language == "mermaid":
            fences.append(fence)
        index = end + 1
    return fences


def find_all_fences(docs_dir: Path, root: Path = ROOT) -> list[Fence]:
    """Lab and Mermaid fences of every page under ``docs_dir`` (``root``: the project, where includes live)."""
    fences = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        fences.extend(find_fences(page, path.read_text(encoding="utf-8"), root=root))
    return fences


def find_labs(docs_dir: Path, root: Path = ROOT) -> list[Fence]:
    return [fence for fence in find_all_fences(docs_dir, root) if fence.is_lab]
