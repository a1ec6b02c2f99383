"""Every lab fence in docs/ is a test, judged by the same runner as the build.

Test ids name the page, its line and the snippet, e.g.
``test_lab[dns/resolution.md:57::snippets/dns/iterative_trace.py]``.

Each lab runs once per ``make test``: the build records its runs (``netnotes/record.py``) and
``make test`` points pytest at that record (``NETNOTES_LAB_RESULTS``), so this test judges the run
the page shows. A lab without a recorded run for its current inputs (pytest on its own, or an
edited snippet) runs here. Then its output must match the approved snapshot
(``netnotes/snapshots.py``; ``make snapshots`` re-approves).
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from netnotes import record, snapshots
from netnotes.config import settings
from netnotes.fences import find_labs
from netnotes.runner import cache_key, check_fence, describe_failure, from_json, run_fence

FENCES = find_labs(ROOT / "docs", ROOT)
RECORDED = record.load(settings().lab_results) if settings().lab_results else {}


def lab_result(fence):
    run = RECORDED.get(fence.test_id)
    if run and not check_fence(fence) and run["key"] == cache_key(fence):
        return from_json(fence, run)
    return run_fence(fence)


@pytest.mark.parametrize("fence", FENCES, ids=lambda fence: fence.test_id)
def test_lab(fence):
    result = lab_result(fence)
    if not result.ok:
        pytest.fail(describe_failure(result), pytrace=False)
    if result.skipped:
        pytest.skip(result.skipped)
    if result.partial:
        pytest.skip("일부를 건너뛰어 스냅숏과 비교하지 않습니다: " + "; ".join(result.partial))
    diff = snapshots.compare(fence, result.output)
    if diff:
        pytest.fail(diff, pytrace=False)


def test_docs_have_labs():
    assert len(FENCES) >= 2, "docs/ 에서 실행되는 실습을 찾지 못했습니다"


def test_every_snapshot_belongs_to_a_lab():
    stale = snapshots.orphans(FENCES)
    assert not stale, f"실습이 없는 스냅숏(make snapshots 가 지웁니다): {[str(p.relative_to(ROOT)) for p in stale]}"


def test_mask_rules_name_existing_labs():
    _, _, by_lab = snapshots.masks()
    names = {snapshots.lab_name(fence) for fence in FENCES}
    unknown = sorted(set(by_lab) - names)
    assert not unknown, f"masks.toml 이 없는 실습을 가리킵니다: {unknown}"
