"""Rules of the docs that the build alone does not check."""

from __future__ import annotations

import re

from conftest import ROOT
from netnotes.fences import find_labs

DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
INCLUDE = re.compile(r"""--8<--\s+["']?([^"'\s]+)""")


def all_markdown() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS.rglob("*.md"))


def test_every_snippet_is_on_a_page():
    """A lab no page shows is dead code: every snippets/*.py is run (pyrun) or included (--8<--)."""
    fences = find_labs(DOCS, ROOT)
    run = {fence.snippet for fence in fences if fence.snippet}
    included = {match.removeprefix("./") for match in INCLUDE.findall(all_markdown())}
    orphans = [
        path.relative_to(ROOT).as_posix()
        for path in sorted(SNIPPETS.rglob("*.py"))
        if path.relative_to(ROOT).as_posix() not in run | included
    ]
    assert not orphans, f"어느 페이지에도 없는 스니펫: {orphans}"


def test_every_lab_script_asserts_something():
    """A lab that only prints is not done."""
    fences = find_labs(DOCS, ROOT)
    silent = [
        fence.snippet
        for fence in fences
        if fence.snippet
        and (ROOT / fence.snippet).is_file()
        and not re.search(r"^\s*assert |raise AssertionError", (ROOT / fence.snippet).read_text(), re.M)
    ]
    assert not silent, f"assert 가 없는 실습: {silent}"


def test_no_hotlinked_images():
    markdown = all_markdown()
    hot = re.findall(r"!\[[^\]]*\]\(\s*https?://[^)]*\)", markdown)
    hot += re.findall(r"<img[^>]+src=[\"']https?://[^\"']+", markdown)
    assert not hot, f"다른 호스트의 이미지를 링크하고 있습니다: {hot[:3]}"


def test_only_supported_fences_execute():
    bad = [fence.label for fence in find_labs(DOCS, ROOT) if fence.language not in {"pyrun", "python", "py"}]
    assert not bad, f"pyrun/python 이외의 실행 블록: {bad}"


def test_files_labs_read_are_declared_inputs():
    """A lab's output depends on the files it reads: each one is in some fence's inputs="…" (cache key)."""
    declared = {name for fence in find_labs(DOCS, ROOT) for name in fence.inputs}
    data = [
        path.relative_to(ROOT).as_posix()
        for path in sorted(SNIPPETS.rglob("*"))
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts
    ]
    undeclared = [name for name in data if name not in declared]
    assert not undeclared, f'실습이 읽는 파일을 블록의 inputs="…" 에 밝히세요: {undeclared}'
