"""Every executed fence in docs/ is a test, run by the same runner as the build.

Test ids name the page, its line and the snippet, e.g.
``test_lab[dns/resolution.md:57::snippets/dns/iterative_trace.py]``.
"""

from __future__ import annotations

import os

import pytest

from conftest import ROOT
from fences import find_all_fences
from labrunner import describe_failure, run_fence

SKIP_MARKER = "LAB-SKIPPED:"
FENCES = find_all_fences(ROOT / "docs")


def fence_id(fence) -> str:
    return f"{fence.page}:{fence.line}::{fence.snippet or 'inline'}"


@pytest.mark.parametrize("fence", FENCES, ids=fence_id)
def test_lab(fence):
    result = run_fence(fence)
    if not result.ok:
        pytest.fail(describe_failure(result), pytrace=False)
    for line in result.output.splitlines():
        if line.startswith(SKIP_MARKER):
            assert os.environ.get("REQUIRE_SERVICES") != "1", line
            pytest.skip(line.removeprefix(SKIP_MARKER).strip())


def test_docs_have_labs():
    assert len(FENCES) >= 2, "docs/ 에서 실행되는 실습을 찾지 못했습니다"
