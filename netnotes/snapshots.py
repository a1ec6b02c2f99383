"""The output contract: each lab's output is kept as an approved snapshot.

``tests/snapshots/<section>/<name>.txt`` holds what ``snippets/<section>/<name>.py`` printed when
its output was last approved, with volatile values (ports, PIDs, timings, keys, dates) masked by
the rules declared in ``tests/snapshots/masks.toml``. ``make test`` compares every run with its
snapshot and fails with a diff when the output drifts; ``make snapshots`` re-approves after a
deliberate change (review the diff with ``git diff tests/snapshots``).

Command line (``make snapshots`` calls the first)::

    python -m netnotes.snapshots approve            # from the last build's results record
    python -m netnotes.snapshots check              # compare, print the diffs
    python -m netnotes.snapshots volatile 3         # run every lab 3 times: which lines still change?
"""

from __future__ import annotations

import argparse
import difflib
import functools
import hashlib
import re
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from netnotes.config import ROOT
from netnotes.fences import Fence, find_labs

SNAPSHOTS = ROOT / "tests" / "snapshots"
MASKS = SNAPSHOTS / "masks.toml"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    replace: str


@functools.cache
def masks() -> tuple[dict[str, Rule], tuple[str, ...], dict[str, tuple[str, ...]]]:
    """(rules by name, default rule names, rule names by lab) from masks.toml."""
    data = tomllib.loads(MASKS.read_text(encoding="utf-8")) if MASKS.exists() else {}
    rules = {
        name: Rule(name, re.compile(rule["pattern"], re.M), rule["replace"])
        for name, rule in data.get("rules", {}).items()
    }
    by_lab = {lab: tuple(entry.get("use", ())) for lab, entry in data.get("labs", {}).items()}
    default = tuple(data.get("default", ()))
    unknown = {name for names in (default, *by_lab.values()) for name in names} - rules.keys()
    if unknown:
        raise ValueError(f"{MASKS}: undefined mask rules {sorted(unknown)}")
    return rules, default, by_lab


def lab_name(fence: Fence) -> str:
    """``dns/iterative_trace`` for a pyrun fence; ``inline/<page>-<hash>`` for an inline one."""
    if fence.snippet:
        return fence.snippet.removeprefix("snippets/").removesuffix(".py")
    digest = hashlib.sha256(fence.body.strip().encode()).hexdigest()[:8]
    return f"inline/{fence.page.removesuffix('.md').replace('/', '-')}-{digest}"


def snapshot_path(fence: Fence) -> Path:
    return SNAPSHOTS / f"{lab_name(fence)}.txt"


def mask(fence: Fence, output: str) -> str:
    rules, default, by_lab = masks()
    for name in (*default, *by_lab.get(lab_name(fence), ())):
        output = rules[name].pattern.sub(rules[name].replace, output)
    return output.rstrip() + "\n"


def compare(fence: Fence, output: str) -> str:
    """Empty when the masked output equals the approved snapshot, else a readable diff."""
    path = snapshot_path(fence)
    actual = mask(fence, output)
    if not path.exists():
        return f"{fence.label}: 승인된 스냅숏이 없습니다 ({path.relative_to(ROOT)}). 출력을 확인하고 `make snapshots`"
    approved = path.read_text(encoding="utf-8")
    if approved == actual:
        return ""
    diff = difflib.unified_diff(
        approved.splitlines(),
        actual.splitlines(),
        f"승인된 스냅숏 ({path.relative_to(ROOT)})",
        "이번 실행 (가림 규칙 적용 후)",
        lineterm="",
        n=2,
    )
    return (
        f"{fence.label}: 출력이 승인된 스냅숏과 다릅니다. 의도한 변화라면 `make snapshots`로 다시 승인하세요;"
        f" 바뀌는 값(포트, 시간…)이라면 {MASKS.relative_to(ROOT)}에 가림 규칙을 더하세요.\n" + "\n".join(diff)
    )


def approve(fence: Fence, output: str) -> bool:
    """Write the snapshot; True when it changed."""
    path = snapshot_path(fence)
    actual = mask(fence, output)
    if path.exists() and path.read_text(encoding="utf-8") == actual:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(actual, encoding="utf-8")
    return True


def orphans(fences: list[Fence]) -> list[Path]:
    """Snapshot files no lab has any more."""
    kept = {snapshot_path(fence) for fence in fences}
    return sorted(path for path in SNAPSHOTS.rglob("*.txt") if path not in kept)


# -- command line --------------------------------------------------------------------------


def recorded_runs(fences: list[Fence]) -> dict[str, tuple[Fence, dict]]:
    from netnotes import record
    from netnotes.runner import cache_key

    runs = record.load()
    found = {}
    for fence in fences:
        run = runs.get(fence.test_id)
        if run and run["key"] == cache_key(fence):
            found[fence.test_id] = (fence, run)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netnotes.snapshots", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("approve", help="write the snapshots from the last build's results record")
    sub.add_parser("check", help="compare the last build's runs with the snapshots")
    volatile = sub.add_parser("volatile", help="run every lab N times and show lines that still differ")
    volatile.add_argument("times", type=int, nargs="?", default=3)
    volatile.add_argument("-k", dest="only", default="", help="only labs whose id contains this")
    args = parser.parse_args(argv)
    fences = find_labs(ROOT / "docs", ROOT)
    masks()  # a broken masks.toml fails before any lab runs
    if args.command == "volatile":
        return find_volatile([f for f in fences if args.only in f.test_id], args.times)
    runs = recorded_runs(fences)
    stale = [fence.label for fence in fences if fence.test_id not in runs]
    if stale:
        print(f"결과 기록이 없거나 오래된 실습 {len(stale)}개: 먼저 `make build` 하세요.\n  " + "\n  ".join(stale))
        return 1
    status = 0
    for fence, run in runs.values():
        if run["status"] != "passed":
            print(
                f"{fence.label}: {run['status']} — 통과한 실행만 승인하거나 비교합니다 ({run['problem'] or run['partial']})"
            )
            status = 1
        elif args.command == "approve" and approve(fence, run["output"]):
            print(f"승인: {snapshot_path(fence).relative_to(ROOT)}")
        elif args.command == "check" and (diff := compare(fence, run["output"])):
            print(diff, end="\n\n")
            status = 1
    if args.command == "approve":
        for path in orphans(fences):
            path.unlink()
            print(f"지움(실습이 없음): {path.relative_to(ROOT)}")
    return status


def find_volatile(fences: list[Fence], times: int) -> int:
    from netnotes.runner import run_fence

    if not fences:
        print("그런 실습이 없습니다 (-k 는 'page.md:줄::snippets/…' 의 일부입니다)")
        return 1
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = [list(pool.map(run_fence, fences)) for _ in range(times)]
    for index, fence in enumerate(fences):
        for run in runs:
            if not run[index].ok:
                print(f"== {fence.label}: 실패 — {run[index].problem}")
        outputs = [mask(fence, run[index].output).splitlines() for run in runs]
        changing = sorted({line for output in outputs for line in output if not all(line in o for o in outputs)})
        if changing:
            print(f"== {fence.label}")
            print("\n".join(f"   {line}" for line in changing[:30]))
    print(f"실습 {len(fences)}개를 {times}번씩 실행했습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
