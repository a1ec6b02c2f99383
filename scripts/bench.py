"""make bench: how long the writer's loop takes on this machine, printed as a table.

Runs in a throw-away copy of the repository (the working tree, site/ and .cache/ are untouched):

1. cold and warm ``mkdocs build --strict`` (every lab runs fresh, in parallel), and the offline copy;
2. ``mkdocs serve`` (full rebuild) and ``mkdocs serve --dirty`` (``make serve``): time from
   saving a file to the served page showing the change, after a prose edit, a snippet edit and
   a new Mermaid diagram (drawn to SVG by chromium), and which labs the snippet edit re-ran
   (should be only that one);
3. every lab's time (slowest ten) from the cold build's results record, and what packet capture costs
   (the same cold build with ``NETNOTES_CAPTURE=0``);
4. ``make test`` (lint, build without network, link check, pytest), unless ``--no-test``;
5. a learner's first ``make serve``: ``git clone`` of this repository's HEAD, then ``make serve`` until
   its first page answers (the venv is installed from the warm uv cache), and the same clone's
   install interrupted with SIGINT to make's process group, then ``make`` again, which must end
   with a working venv (``--first-serve`` measures only this).

Budgets (2 cores): strict build ≤ 30 s, make test ≤ 180 s, first page of a fresh clone ≤ 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ["docs", "snippets", "netnotes", "hooks", "includes", "overrides", "tests", "scripts", ".github", ".ci", "tools"]
COPY_FILES = [
    "mkdocs.yml",
    "requirements.txt",
    "requirements.in",
    "pyproject.toml",
    "Makefile",
    "CONTRIBUTING.md",
    "README.md",
]
BUDGETS = {"build": 30.0, "test": 180.0, "first_serve": 30.0}
MODEL_PAGE = "dns/resolution.md"
RAN = re.compile(r"ran (?P<label>docs/\S+ \[[^\]]+\]) in (?P<seconds>[\d.]+) s")


def make_copy() -> Path:
    work = Path(tempfile.mkdtemp(prefix="netnotes-bench-"))
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        elif source.exists():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, work / name)
    for name in COPY_FILES:
        shutil.copy2(ROOT / name, work / name)  # copy2: mtimes kept, so make does not reinstall .venv
    (work / ".venv").symlink_to(ROOT / ".venv")
    return work


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def timed(command: list[str], cwd: Path, extra_env: dict | None = None) -> tuple[float, str, int]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env={**env(), **(extra_env or {})}, capture_output=True, text=True)
    return time.perf_counter() - started, result.stdout + result.stderr, result.returncode


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def wait_for(condition, timeout: float, step: float = 0.05) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if condition():
            return time.perf_counter() - started
        time.sleep(step)
    return None


class Serve:
    """``mkdocs serve`` in the copy, its log in a file."""

    def __init__(self, work: Path, *extra: str):
        self.work, self.port = work, free_port()
        self.log_path = work / f"serve-{self.port}.log"
        self.log = self.log_path.open("w")
        command = [str(work / ".venv/bin/mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}", *extra]
        self.process = subprocess.Popen(command, cwd=work, env=env(), stdout=self.log, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self, timeout: float = 300) -> float:
        seconds = wait_for(lambda: "Serving on" in self.text(), timeout, step=0.2)
        if seconds is None:
            raise RuntimeError(f"mkdocs serve 가 시작하지 않았습니다:\n{self.text()[-2000:]}")
        return seconds

    def page(self, src: str) -> str:
        return fetch(f"http://127.0.0.1:{self.port}/{src.removesuffix('.md').removesuffix('index')}/")

    def edit_until_shown(self, path: Path, new_text: str, marker: str, page: str) -> tuple[float | None, list[str]]:
        before = len(self.text())
        time.sleep(1.1)  # 파일 감시는 mtime 을 봅니다: 바로 앞 빌드와 같은 초에 쓰지 않도록
        path.write_text(new_text, encoding="utf-8")
        seconds = wait_for(lambda: marker in self.page(page), timeout=30)
        wait_for(lambda: "Reloading" in self.text()[before:] or "reload" in self.text()[before:].lower(), 5)
        reran = [match["label"] for match in RAN.finditer(self.text()[before:])]
        return seconds, reran

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def first_snippet_of(work: Path, page: str) -> Path:
    text = (work / "docs" / page).read_text(encoding="utf-8")
    match = re.search(r"```pyrun[^\n]*\n\s*(snippets/\S+\.py)", text)
    if not match:
        raise RuntimeError(f"{page} 에 pyrun 실습이 없습니다")
    return work / match.group(1)


def serve_loop(work: Path, dirty: bool) -> dict:
    serve = Serve(work, *(["--dirty"] if dirty else []))
    try:
        startup = serve.start()
        lab_times = [(m["label"], float(m["seconds"])) for m in RAN.finditer(serve.text())]
        page = work / "docs" / MODEL_PAGE
        nonce = f"{time.time_ns()}"
        prose, _ = serve.edit_until_shown(
            page, page.read_text(encoding="utf-8") + f"\n벤치 문장 {nonce}.\n", f"벤치 문장 {nonce}", MODEL_PAGE
        )
        snippet = first_snippet_of(work, MODEL_PAGE)
        source = snippet.read_text(encoding="utf-8")
        code, reran = serve.edit_until_shown(snippet, source + f"# bench {nonce}\n", f"# bench {nonce}", MODEL_PAGE)
        snippet.write_text(source, encoding="utf-8")
        # 새 다이어그램: 빌드가 chromium 으로 SVG 를 그려 넣을 때까지 (SVG 안의 글자로 확인)
        text = page.read_text(encoding="utf-8")
        diagram = f'\n```mermaid\nflowchart LR\n  A["벤치{nonce}"] --> B\n```\n'
        drawn, _ = serve.edit_until_shown(page, text + diagram, f"벤치{nonce}</", MODEL_PAGE)
        page.write_text(text, encoding="utf-8")
        return {
            "startup": startup,
            "prose": prose,
            "snippet": code,
            "diagram": drawn,
            "reran": reran,
            "labs": lab_times,
        }
    finally:
        serve.stop()


def fresh_clone() -> Path:
    work = Path(tempfile.mkdtemp(prefix="netnotes-clone-"))
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(work / "repo")], check=True)
    return work / "repo"


def stop_group(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """End make and everything it started (its own process group), as Ctrl-C in a terminal would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def first_serve(clone: Path, timeout: float = 300) -> dict:
    """``make serve`` in a fresh clone: seconds until .venv is ready and until the first page answers."""
    port = free_port()
    log = clone / "first-serve.log"
    started = time.perf_counter()
    with log.open("w") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"SERVE_ADDR=127.0.0.1:{port}"],
            cwd=clone,
            env=env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            venv = None
            page = None
            deadline = started + timeout
            while time.perf_counter() < deadline and make.poll() is None:
                if venv is None and (clone / ".venv/.installed").exists():
                    venv = time.perf_counter() - started
                if "</html>" in fetch(f"http://127.0.0.1:{port}/"):
                    page = time.perf_counter() - started
                    break
                time.sleep(0.1)
        finally:
            stop_group(make)
    return {"venv": venv, "page": page, "log": log.read_text(encoding="utf-8", errors="replace")}


def interrupted_install(clone: Path) -> tuple[bool, str]:
    """SIGINT to make's process group while packages install, then ``make`` again: a working venv?"""
    shutil.rmtree(clone / ".venv", ignore_errors=True)
    target = ["make", "--no-print-directory", ".venv/.installed"]
    make = subprocess.Popen(
        target, cwd=clone, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    # 패키지를 설치하는 중(임시 venv 에 첫 패키지가 풀린 뒤)에 끊습니다
    site_packages = clone / ".venv.partial/venv/lib"
    installing = wait_for(lambda: any(site_packages.glob("python3.*/site-packages/*.dist-info")), 60, 0.02)
    stop_group(make, signal.SIGINT)
    if installing is None:
        return False, "설치 중인 순간을 잡지 못했습니다"
    if (clone / ".venv").exists():
        return False, "중단 뒤에 .venv 가 남았습니다 (반쯤 설치된 것을 믿게 됨)"
    seconds, output, code = timed(target, clone)
    if code:
        return False, f"다시 make 가 실패했습니다:\n{output[-2000:]}"
    tools = [".venv/bin/mkdocs", ".venv/bin/lychee", ".venv/bin/ruff", ".venv/bin/zizmor"]
    broken = [tool for tool in tools if subprocess.run([clone / tool, "--version"], capture_output=True).returncode]
    if broken:
        return False, f"다시 만든 venv 의 도구가 돌지 않습니다: {broken}"
    return True, f"{installing:.1f} s 에 SIGINT, 다시 make {seconds:.1f} s 뒤 도구 {len(tools)}개 정상"


def first_run_rows() -> tuple[list[str], list[str]]:
    clone = fresh_clone()
    rows, failures = [], []
    try:
        result = first_serve(clone)
        python = result["log"].split("[venv] .venv 을(를) ", 1)[-1].split(" 로 만듭니다", 1)[0]
        rows.append(row("새 클론의 make serve: .venv 설치", result["venv"], f"uv 캐시 씀, Python {python}"))
        rows.append(row("새 클론의 make serve: 첫 페이지", result["page"], "git clone 뒤", BUDGETS["first_serve"]))
        if result["page"] is None:
            failures.append(f"새 클론의 make serve 가 페이지를 내지 못했습니다:\n{result['log'][-3000:]}")
        ok, note = interrupted_install(clone)
        rows.append(f"  {pad('설치 도중 Ctrl-C(SIGINT) → 다시 make', 46)} {'   통과' if ok else '   실패'}    {note}")
        if not ok:
            failures.append(f"중단된 설치 뒤 다시 make: {note}")
    finally:
        shutil.rmtree(clone.parent, ignore_errors=True)
    for line in rows:
        print(line, flush=True)
    return rows, failures


def recorded_labs(work: Path) -> list[dict]:
    """The runs the last build recorded (netnotes/record.py): no parsing of log text."""
    record = work / ".cache" / "labs" / "results.json"
    return json.loads(record.read_text(encoding="utf-8"))["labs"] if record.exists() else []


def pad(text: str, width: int) -> str:
    """Pad to a terminal width: Hangul takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def row(name: str, seconds: float | None, note: str = "", budget: float | None = None) -> str:
    value = "   (30 s 넘게 안 보임)" if seconds is None else f"{seconds:8.1f} s"
    verdict = ""
    if budget is not None and seconds is not None:
        verdict = f"  {'✓' if seconds <= budget else '✗'} 예산 {budget:g} s"
    return f"  {pad(name, 46)} {value}{verdict}  {note}".rstrip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-test", action="store_true", help="make test 는 재지 않습니다")
    parser.add_argument("--keep", action="store_true", help="임시 사본을 지우지 않습니다")
    parser.add_argument("--first-serve", action="store_true", help="새 클론의 첫 make serve 와 중단된 설치만 잽니다")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # 중단돼도 finally 에서 사본을 지움
    if args.first_serve:
        rows, failures = first_run_rows()
        print("\n".join(["\n요약:", *rows, *failures]))
        return 1 if failures else 0
    work = make_copy()
    mkdocs = str(work / ".venv/bin/mkdocs")
    print(f"bench: {os.cpu_count()} 코어, 사본 {work}", flush=True)
    try:
        rows, failures = [], []
        cold_labs: list[dict] = []
        for kind, extra in (("cold", {}), ("warm", {}), ("cold, 캡처 끔", {"NETNOTES_CAPTURE": "0"})):
            if "캡처" in kind:  # 같은 빌드를 패킷 캡처 없이: 캡처에 드는 시간
                shutil.rmtree(work / ".cache" / "labs", ignore_errors=True)
            seconds, output, code = timed([mkdocs, "build", "--strict", "-d", str(work / "site")], work, extra)
            labs = recorded_labs(work)
            captured = [lab for lab in labs if lab.get("packets")]
            note = f"실습 {len(labs)}개, 실습 시간 합 {sum(lab['seconds'] for lab in labs):.1f} s"
            if captured:
                note += f"; 캡처한 {len(captured)}개 합 {sum(lab['seconds'] for lab in captured):.1f} s"
            rows.append(row(f"{kind} build (--strict)", seconds, note, BUDGETS["build"] if not extra else None))
            if code and not extra:
                failures.append(f"{kind} build 실패:\n{output[-3000:]}")
            if kind == "cold":
                cold_labs = labs
            print(rows[-1], flush=True)
        offline_env = {"OFFLINE": "true"}
        seconds, output, code = timed(
            [mkdocs, "build", "--strict", "-d", str(work / "site-offline")], work, offline_env
        )
        rows.append(row("offline build (OFFLINE=true)", seconds, "make offline"))
        if code:
            failures.append(f"offline build 실패:\n{output[-3000:]}")
        print(rows[-1], flush=True)
        shutil.rmtree(work / ".cache", ignore_errors=True)
        full = serve_loop(work, dirty=False)  # 실습 캐시가 빈 상태에서 시작: 실습별 시간이 여기서 나옴
        fast = serve_loop(work, dirty=True)
        for name, result in (("make serve-full (--strict)", full), ("make serve (--dirty)", fast)):
            rows.append(row(f"{name}: 시작", result["startup"], "실습 캐시 빔" if result is full else "실습 캐시 씀"))
            rows.append(row(f"{name}: 글 수정 → 화면", result["prose"]))
            reran = ", ".join(label.split("[")[-1].rstrip("]") for label in result["reran"]) or "없음"
            rows.append(row(f"{name}: 스니펫 수정 → 화면", result["snippet"], f"다시 실행: {reran}"))
            rows.append(row(f"{name}: 다이어그램 추가 → SVG", result["diagram"], "chromium 으로 그림"))
            for line in rows[-4:]:
                print(line, flush=True)
        if not args.no_test:
            seconds, output, code = timed(["make", "--no-print-directory", "test"], work)
            summary = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed)", line)]
            rows.append(row("make test", seconds, summary[-1].strip("= ") if summary else "", BUDGETS["test"]))
            if code:
                failures.append(f"make test 실패:\n{output[-3000:]}")
            print(rows[-1], flush=True)
        first_rows, first_failures = first_run_rows()
        rows += first_rows
        failures += first_failures
        labs = sorted(cold_labs, key=lambda lab: -lab["seconds"])
        print("\n실습별 시간 (cold build 의 결과 기록, 병렬 실행 중 측정) — 느린 10개:")
        for lab in labs[:10]:
            print(f"  {lab['seconds']:6.1f} s  {lab['label']}{'  (캡처)' if lab.get('packets') else ''}")
        if labs:
            print(f"  … 모두 {len(labs)}개, 합 {sum(lab['seconds'] for lab in labs):.1f} s")
        print("\n요약:")
        print("\n".join(rows))
        for failure in failures:
            print("\n" + failure, file=sys.stderr)
        return 1 if failures else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
