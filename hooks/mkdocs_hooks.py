"""MkDocs hook: run the labs as real scripts and render their output.

How it works (see CONTRIBUTING.md, "실행 모델"):

1. ``on_pre_build`` finds every executed fence in ``docs/`` (``hooks/fences.py``) and
   starts them all in parallel, one process per lab (``hooks/labrunner.py``).
2. markdown-exec renders the fences. This hook registers the ``pyrun`` fence and
   replaces markdown-exec's in-process ``python`` formatter with the same runner, so
   each fence's output is the finished run's output.
3. A failing, hanging or missing lab is logged as a warning naming the page and the
   snippet, which ``mkdocs build --strict`` turns into a failed build.

In ``mkdocs serve`` unchanged labs reuse their last passing output (``.cache/labs``);
``mkdocs build`` always runs every lab fresh (and refreshes that cache). The offline copy,
built right after the main build by ``make test``/``make offline``, sets
``NETNOTES_REUSE_LABS=1`` so it renders the outputs that build just produced.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import markdown_exec  # noqa: E402
from abbr_ko import KoreanAbbrExtension  # noqa: E402

import diagrams  # noqa: E402
from fences import Fence, find_all_fences  # noqa: E402
from labrunner import ROOT, LabResult, cached_run, describe_failure, is_cached, remember, run_fence  # noqa: E402

log = logging.getLogger("mkdocs.plugins.netnotes")

TABS = ("소스 코드", "실행 결과")
state: dict = {"serve": False, "page": None, "runs": {}, "pool": None, "timings": []}


def fence_key(page: str | None, language: str, body: str) -> tuple:
    lines = [line.strip() for line in body.strip().splitlines()]
    return (page, "pyrun" if language == "pyrun" else "python", "\n".join(lines))


def on_startup(command: str, dirty: bool) -> None:
    state["serve"] = command == "serve"
    state["dirty"] = dirty


def on_config(config):
    fences = config["mdx_configs"].setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    fences.append({"name": "pyrun", "class": "pyrun", "validator": markdown_exec.validator, "format": format_fence})
    for language in ("python", "py"):
        markdown_exec.formatters[language] = format_inline
    # Mermaid 는 빌드할 때 SVG 로 그립니다 (hooks/diagrams.py)
    for fence in fences:
        if fence.get("name") == "mermaid":
            fence["format"] = format_mermaid
    # 약어 풀이가 "DNS는"처럼 조사가 붙은 낱말에도 붙도록 abbr 확장을 바꿔 끼웁니다
    extensions = config["markdown_extensions"]
    if "abbr" in extensions:
        extensions[extensions.index("abbr")] = KoreanAbbrExtension()
    return config


def start_lab(fence: Fence) -> LabResult:
    # serve, and a second rendering of the same tree (the offline copy right after
    # `mkdocs build`, NETNOTES_REUSE_LABS=1), reuse outputs of unchanged labs.
    if state["serve"] or os.environ.get("NETNOTES_REUSE_LABS") == "1":
        result, cached = cached_run(fence)
        if not cached:
            log.info("ran %s in %.1f s", fence.label, result.seconds)
        return result
    result = run_fence(fence)
    remember(result)  # a fresh run also refreshes the cache
    return result


def on_pre_build(config) -> None:
    docs_dir = Path(config["docs_dir"])
    workers = max(2, os.cpu_count() or 2)
    pool = state["pool"] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lab")
    runs: dict[tuple, Future] = {}
    for fence in find_all_fences(docs_dir):
        key = fence_key(fence.page, fence.language, fence.body)
        if key not in runs:
            if state["serve"] and state.get("dirty") and not is_cached(fence):
                state.setdefault("stale_pages", set()).add(fence.page)
            runs[key] = pool.submit(start_lab, fence)
    state["runs"] = runs
    start_diagrams(docs_dir, pool)


def start_diagrams(docs_dir: Path, pool: ThreadPoolExecutor) -> None:
    """Draw the diagrams not yet in .cache/diagrams, in one Chromium, beside the labs."""
    theme = diagrams.material_theme()
    found = diagrams.sources_in(docs_dir, ROOT / "includes")
    missing = [source for _, source in found if not diagrams.cache_file(source, theme).exists()]
    browser = diagrams.chromium()
    state.update(
        theme=theme,
        browser=browser,
        drawn=None,
        fallback=[],
        diagram_where={source: where for where, source in reversed(found)},
    )
    if missing and browser:
        state["drawn"] = pool.submit(draw_diagrams, missing)


def draw_diagrams(sources: list[str]) -> dict[str, str]:
    started = time.monotonic()
    try:
        drawn = diagrams.draw(sources, state["theme"], state["browser"])
        log.info("drew %d Mermaid diagrams as SVG in %.1f s (.cache/diagrams)", len(drawn), time.monotonic() - started)
        return drawn
    except Exception as error:  # Chromium would not start, crashed or timed out
        log.warning("Chromium 으로 Mermaid 다이어그램을 그리지 못했습니다 (%s): %s", state["browser"], error)
        state["browser"] = None  # 남은 다이어그램은 독자의 브라우저가 그리도록 둡니다
        return {}


def format_mermaid(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    """A ``mermaid`` fence: the SVG drawn at build time, or the source for the browser to draw."""
    source = diagrams.normalize(source)
    theme = state["theme"]
    batch = state["drawn"].result() if state["drawn"] is not None else {}  # waits for the batch
    svg = batch.get(source) or diagrams.cached(source, theme)
    if svg is None and state["browser"]:  # not found by the scanner: draw it now
        svg = draw_diagrams([source]).get(source)
    if svg is None or svg.startswith("error: "):
        where = state["diagram_where"].get(source, f"docs/{state['page']}")
        if svg:
            log.warning("%s: Mermaid 다이어그램을 그리지 못했습니다: %s", where, svg.removeprefix("error: "))
        else:
            state["fallback"].append(where)
        return diagrams.fallback_html(source)
    return diagrams.html_for(svg)


def on_files(files, config):
    """`mkdocs serve --dirty` re-renders only edited pages: also re-render a page whose lab changed."""
    stale = state.pop("stale_pages", set())
    for file in files.documentation_pages():
        if file.src_uri in stale:
            file.is_modified = lambda: True
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    state["page"] = page.file.src_uri
    return markdown


def result_for(language: str, body: str) -> LabResult:
    key = fence_key(state["page"], language, body)
    future = state["runs"].get(key)
    if future is None:  # not found by the scanner: run it now rather than skip it
        fence = Fence(state["page"] or "?", 0, language, {}, body)
        return start_lab(fence)
    return future.result()


def render(result: LabResult, code: str, language: str, md, options: dict) -> str:
    """Hand the finished run to markdown-exec's renderer (source + output)."""

    def replay(_code, **_kwargs):
        if not result.ok:
            message = describe_failure(result)
            log.warning(message)
            raise markdown_exec.ExecutionError(markdown_exec.code_block("text", message), result.returncode)
        state["timings"].append((result.fence.label, result.seconds))
        return result.output

    options = dict(options)
    extra = dict(options.pop("extra", {}))
    extra.pop("timeout", None)
    options["extra"] = extra
    options["result"] = options.get("result") or "text"
    options["tabs"] = TABS if tuple(options.get("tabs", ())) == markdown_exec.default_tabs else options["tabs"]
    return markdown_exec.base_format(language="python", run=replay, code=code, md=md, **options)


def format_fence(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    """A ``pyrun`` fence: the body is a path; the page shows that file and its output."""
    path = source.strip()
    result = result_for("pyrun", source)
    options = dict(options)
    options["source"] = options.get("source") or "above"
    extra = dict(options.get("extra", {}))
    extra.setdefault("title", path)
    options["extra"] = extra
    file = ROOT / path
    shown = file.read_text(encoding="utf-8").rstrip() if file.is_file() else f"# {path} (missing)"
    options["transform_source"] = lambda _code: (path, shown)
    return render(result, source, "pyrun", md, options)


def format_inline(code: str, md, **options) -> str:
    """An inline ``python exec="1"`` fence (five lines at most), run in its own process."""
    result = result_for("python", code)
    return render(result, code, "python", md, options)


def on_post_build(config) -> None:
    pool = state.pop("pool", None)
    if pool:
        pool.shutdown(wait=True)
    state["pool"] = None
    report_fallback_diagrams()
    timings = sorted(state["timings"], key=lambda item: -item[1])
    if timings and not state["serve"]:
        total = sum(seconds for _, seconds in timings)
        if total == 0:
            log.info("reused the outputs of %d labs from .cache/labs (NETNOTES_REUSE_LABS=1)", len(timings))
            state["timings"] = []
            return
        slowest = ", ".join(f"{label.split('[')[-1].rstrip(']')} {seconds:.1f}s" for label, seconds in timings[:3])
        log.info("ran %d labs (%.1f s of lab time; slowest: %s)", len(timings), total, slowest)
    state["timings"] = []


def report_fallback_diagrams() -> None:
    fallback = state.get("fallback") or []
    if not fallback:
        return
    message = (
        f"chromium 이 없어 Mermaid 다이어그램 {len(fallback)}개를 독자의 브라우저가 그립니다 "
        "(apt-get install chromium 이면 빌드할 때 SVG 로 그립니다)"
    )
    if os.environ.get("REQUIRE_SERVICES") == "1":
        log.warning("%s; REQUIRE_SERVICES=1 에서는 실패입니다", message)
    else:
        log.info(message)
