"""MkDocs hook: run the labs as real scripts, render what they did, and keep the prose honest.

How it works (CONTRIBUTING.md, "실습은 어떻게 실행되나요"; the pipeline lives in ``netnotes/``):

1. ``on_pre_build`` lists every lab and Mermaid fence once (``netnotes/fences.py``), starts all
   labs in parallel, one process each (``netnotes/runner.py``), and draws the diagrams beside them.
2. markdown-exec renders the fences. This hook registers the ``pyrun`` fence and replaces
   markdown-exec's in-process ``python`` formatter, so each fence shows its finished run: the
   command a reader types, a download link, the output, skips, expected errors, the packet view.
3. ``{{ out("lab", "regex") }}`` in the prose is replaced by what that lab printed, so a number the
   prose quotes comes from the run; no match fails the build.
4. A failing, hanging or missing lab, a fence rendered that the finder did not list (or listed and
   never rendered), a skip under ``REQUIRE_SERVICES=1``: each is a warning naming the page and the
   snippet, which ``mkdocs build --strict`` turns into a failed build.
5. ``on_post_build`` writes the results record (``netnotes/record.py``) that pytest judges, and
   copies the lab scripts, the labs archive and the packet captures into the site.

In ``mkdocs serve`` unchanged labs reuse their last passing run (``.cache/labs``); ``mkdocs build``
always runs every lab fresh (and refreshes that cache), except for the offline copy built right
after it (``NETNOTES_REUSE_LABS=1``).
"""

from __future__ import annotations

import ast
import html
import logging
import os
import posixpath
import re
import sys
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))

import markdown_exec  # noqa: E402

import diagrams  # noqa: E402
from abbr_ko import KoreanAbbrExtension  # noqa: E402
from netnotes import capture, downloads, record  # noqa: E402
from netnotes.config import settings  # noqa: E402
from netnotes.fences import Fence, fence_key, find_all_fences  # noqa: E402
from netnotes.runner import (  # noqa: E402
    LabResult,
    cache_key,
    cached_run,
    check_fence,
    describe_failure,
    fresh_run,
    from_json,
    is_cached,
)

log = logging.getLogger("mkdocs.plugins.netnotes")

TABS = ("소스 코드", "실행 결과")
OUT = re.compile(r"(?<!\\)\{\{\s*out\((?P<args>.*?)\)\s*\}\}")
PACKET = re.compile(r"(?<!\\)\{\{\s*packet\((?P<args>.*?)\)\s*\}\}")
LAB_TABLE = "{{ lab_table() }}"
LAB_TABLE_SLOT = "<!-- netnotes:lab-table -->"  # filled in on_post_build, once every lab has finished
LAB_OPTIONS = {"timeout", "inputs", "expect", "warnings", "capture"}  # ours, not markdown-exec's
state: dict = {"serve": False, "page": None, "runs": {}, "pool": None}


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


# -- 1. start every lab and diagram ----------------------------------------------------------


def start_lab(fence: Fence) -> tuple[LabResult, bool]:
    """Run (or reuse) one lab; ``mkdocs build -v`` logs when each lab started and ended."""
    started = time.monotonic() - state["started"]
    result, reused = run_or_reuse(fence)
    log.debug(
        "lab %s: %.1f → %.1f s%s", fence.label, started, time.monotonic() - state["started"], " (reused)" * reused
    )
    return result, reused


def run_or_reuse(fence: Fence) -> tuple[LabResult, bool]:
    """(result, reused): the offline copy reuses the build's record, serve its cache of passing
    runs; a build runs every lab fresh."""
    if settings().reuse_labs:
        run = state["recorded"].get(fence.test_id)
        if run and not check_fence(fence) and run["key"] == cache_key(fence):
            return from_json(fence, run), True
    if state["serve"]:
        result, cached = cached_run(fence)
        if not cached:
            log.info("ran %s in %.1f s", fence.label, result.seconds)
        return result, cached
    return fresh_run(fence), False


def on_pre_build(config) -> None:
    state["started"] = time.monotonic()
    docs_dir = Path(config["docs_dir"])
    state["project"] = Path(config["config_file_path"]).parent
    state["docs_dir"] = docs_dir
    state["recorded"] = record.load(state["project"] / record.RECORD.relative_to(ROOT)) if settings().reuse_labs else {}
    found = find_all_fences(docs_dir, state["project"])
    # in the order MkDocs reads the pages, so the first pages' labs are done first and pages render
    # while later labs still run
    labs = sorted((fence for fence in found if fence.is_lab), key=lambda fence: reading_order(fence.page))
    mermaid = [fence for fence in found if fence.language == "mermaid"]
    # labs mostly wait (servers, handshakes, captures): more workers than cores
    pool = state["pool"] = ThreadPoolExecutor(max_workers=max(6, 3 * (os.cpu_count() or 2)), thread_name_prefix="lab")
    runs: dict[tuple, Future] = {}
    fence_of: dict[tuple, Fence] = {}
    for fence in labs:
        if fence.key in runs:
            continue
        if state["serve"] and state.get("dirty") and not is_cached(fence):
            state.setdefault("stale_pages", set()).add(fence.page)
        runs[fence.key] = pool.submit(start_lab, fence)
        fence_of[fence.key] = fence
    state.update(runs=runs, fence_of=fence_of, listed=Counter(f.key for f in found), rendered=Counter())
    start_diagrams(mermaid, pool)


def reading_order(page: str) -> tuple:
    """MkDocs' own file order: a folder's files before its subfolders, ``index.md`` first."""
    parts = page.split("/")
    return (*parts[:-1], "", 0 if parts[-1] in {"index.md", "README.md"} else 1, parts[-1])


def start_diagrams(fences: list[Fence], pool: ThreadPoolExecutor) -> None:
    """Draw the diagrams not yet in .cache/diagrams, in one Chromium, beside the labs."""
    theme = diagrams.material_theme()
    sources = [(fence.label, diagrams.normalize(fence.body)) for fence in fences]
    missing = [source for _, source in sources if not diagrams.cache_file(source, theme).exists()]
    browser = settings().chromium
    state.update(
        theme=theme,
        browser=browser,
        drawn=None,
        fallback=[],
        diagram_where={source: where for where, source in reversed(sources)},
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


def on_files(files, config):
    """`mkdocs serve --dirty` re-renders only edited pages: also re-render a page whose lab changed."""
    stale = state.pop("stale_pages", set())
    for file in files.documentation_pages():
        if file.src_uri in stale:
            file.is_modified = lambda: True
    return files


# -- 2. the prose: quoted output, the lab table ----------------------------------------------


def on_page_markdown(markdown: str, page, config, files) -> str:
    state["page"] = page.file.src_uri
    state["page_url"] = page.url
    markdown = OUT.sub(lambda match: quoted_output(match, page.file.src_uri), markdown)
    markdown = PACKET.sub(lambda match: quoted_packet(match, page.file.src_uri), markdown)
    if LAB_TABLE in markdown:  # waiting for every lab here would stop the pages after it from rendering
        markdown = markdown.replace(LAB_TABLE, LAB_TABLE_SLOT)
        state["lab_table_pages"] = [*state.get("lab_table_pages", []), (page.file.src_uri, page.url)]
    return markdown.replace(r"\{{", "{{")


def lab_on_page(page: str, name: str) -> LabResult | None:
    for key, future in state["runs"].items():
        snippet = state["fence_of"][key].snippet or ""
        if key[0] == page and name in (snippet, Path(snippet).stem, Path(snippet).name):
            return future.result()[0]
    return None


def quoted_lab(match: re.Match, page: str, usage: str) -> tuple[LabResult, str, list] | None:
    """The arguments of ``{{ out(…) }}``/``{{ packet(…) }}``: the lab on this page, the regex and the rest.
    ``None`` (after a warning, which fails the strict build) when they are malformed or name no lab here."""
    try:
        name, pattern, *more = ast.literal_eval(f"({match['args']},)")
    except (ValueError, SyntaxError, TypeError):
        name = pattern = None
        more = []
    if not isinstance(name, str) or not isinstance(pattern, str) or not all(isinstance(a, (str, int)) for a in more):
        log.warning("docs/%s: %s 의 인자는 %s 이어야 합니다", page, match[0], usage)
        return None
    result = lab_on_page(page, name)
    if result is None:
        log.warning("docs/%s: %s — 이 페이지에 %r 실습이 없습니다", page, match[0], name)
        return None
    return result, pattern, more


def quoted_output(match: re.Match, page: str) -> str:
    """``{{ out("iterative_trace", "TTL (\\d+)") }}``: the first group (or the match) in that lab's output."""
    found_lab = quoted_lab(match, page, '("실습 이름", "정규식")')
    if found_lab is None:
        return match[0]
    result, pattern, more = found_lab
    if more:
        log.warning('docs/%s: %s 의 인자는 ("실습 이름", "정규식") 두 개입니다', page, match[0])
        return match[0]
    found = re.search(pattern, result.output, re.M)
    if result.ok and not result.skip_reasons and found is None:
        log.warning("docs/%s: 글이 인용한 출력 %r 이 %s 의 출력에 없습니다", page, pattern, result.fence.label)
        return match[0]
    if found is None:  # the lab failed or skipped: its own warning says so
        return "(실행되지 않음)"
    return html.escape(found.group(1) if found.groups() else found.group(0), quote=False)


def quoted_packet(match: re.Match, page: str) -> str:
    """``{{ packet("byte_stream", r"\\[SYN, ACK\\]") }}``: "2번 패킷", the first captured packet whose
    Wireshark summary matches. Optional further arguments: ``"keys"`` searches the view decrypted with
    the key log, a number ``n`` takes the n-th match."""
    found_lab = quoted_lab(match, page, '("실습", "정규식"[, "keys"][, n])')
    if found_lab is None:
        return match[0]
    result, pattern, more = found_lab
    view = next((arg for arg in more if isinstance(arg, str)), "")
    nth = next((arg for arg in more if isinstance(arg, int)), 1)
    if not result.packets:  # no capture here: the lab's notice says why
        return "(캡처 없음)"
    found = [p for p in capture.packets_of(result, view) if re.search(pattern, p.info)]
    if len(found) < nth:
        log.warning(
            "docs/%s: 글이 가리키는 패킷 %r(%d번째)이 %s 의 캡처에 없습니다", page, pattern, nth, result.fence.label
        )
        return match[0]
    return f"{found[nth - 1].number}번 패킷"


def lab_table(page: str) -> str:
    """The lab timing appendix: every lab, its page, its run time at this build and its time limit."""
    rows = []
    for key, future in sorted(state["runs"].items(), key=lambda item: (item[0][0], item[0][2])):
        fence = state["fence_of"][key]
        result, _ = future.result()
        verdict = {"passed": "통과", "partial": "일부 건너뜀", "skipped": "건너뜀", "failed": "실패"}[result.status]
        link = posixpath.relpath(directory_url(fence.page), directory_url(page))
        name = fence.snippet.removeprefix("snippets/") if fence.snippet else "인라인 예시"
        packets = f"{fence.capture} ({len(capture.packets_of(result))}개)" if result.packets else ""
        cells = [html.escape(name), f'<a href="{html.escape(link)}/">{html.escape(page_title(fence))}</a>', verdict,
                 packets, f"{result.seconds:.2f}초", f"{fence.timeout or 60:g}초"]  # fmt: skip
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{name}</th>" for name in ("실습", "페이지", "결과", "패킷", "실행 시간", "시간 제한"))
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def directory_url(page: str) -> str:
    """``dns/resolution.md`` → ``dns/resolution``, ``dns/index.md`` → ``dns``, ``index.md`` → ``.``."""
    stem = page.removesuffix(".md")
    return (posixpath.dirname(stem) or ".") if posixpath.basename(stem) == "index" else stem


def fill_lab_tables(site_dir: Path) -> None:
    """Put the lab table into the pages that asked for it (their HTML is already written)."""
    for page, url in state.pop("lab_table_pages", []):
        target = site_dir / url / "index.html" if url.endswith("/") or not url else site_dir / url
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace(LAB_TABLE_SLOT, lab_table(page)), encoding="utf-8")


def page_title(fence: Fence) -> str:
    """The page's ``# 제목`` (the nav title is not known yet while pages are being read)."""
    text = (state["docs_dir"] / fence.page).read_text(encoding="utf-8")
    found = re.search(r"^# (.+)$", text, re.M)
    return found.group(1).strip() if found else fence.page


# -- 3. rendering a lab ----------------------------------------------------------------------


def result_for(language: str, body: str) -> tuple[Fence, LabResult]:
    key = fence_key(state["page"], language, body)
    state["rendered"][key] += 1
    future = state["runs"].get(key)
    if future is None:  # rendered, but the finder did not list it: it would not be a test
        fence = Fence(state["page"] or "?", 0, language, {"exec": "1"}, body, root=state["project"])
        log.warning(
            "docs/%s: 실행 블록 %s 을(를) netnotes/fences.py 가 찾지 못했습니다 — 테스트가 되지 않는 블록입니다",
            state["page"],
            fence.snippet or "(inline)",
        )
        return fence, fresh_run(fence)
    return state["fence_of"][key], future.result()[0]


def lab_header(fence: Fence, result: LabResult) -> str:
    """Above the lab: how a reader runs it, the script to download, what the runner checked."""
    parts = []
    if fence.snippet:
        href = downloads.script_url(fence.snippet, state["page_url"])
        parts.append(
            f'<p class="lab-run"><code>$ python {html.escape(fence.snippet)}</code> '
            f'<a href="{href}" download>스크립트 받기</a> '
            f'<span class="lab-time">실행 {result.seconds:.1f}초 · 제한 {fence.timeout or 60:g}초</span></p>'
        )
    if result.expected:
        names = ", ".join(f"<code>{html.escape(name)}</code>" for name in result.expected)
        parts.append(
            f'<p class="lab-expect">이 실습은 일부러 오류를 냅니다: {names}. '
            "실행기가 정확히 이 오류들이 났는지 확인했습니다.</p>"
        )
    for reason in result.skip_reasons:
        title = "이 실습은 건너뛰었습니다" if reason == result.skipped else "이 실습의 일부를 건너뛰었습니다"
        parts.append(
            f'<div class="admonition warning"><p class="admonition-title">{title}</p><p>{html.escape(reason)}</p></div>'
        )
    return "\n".join(parts)


def render(fence: Fence, result: LabResult, code: str, language: str, md, options: dict) -> str:
    """Source above, output below (or markdown-exec's renderer for its other layouts), then our parts."""
    options = dict(options)
    extra = {name: value for name, value in options.pop("extra", {}).items() if name not in LAB_OPTIONS}
    title, shown = options.get("transform_source", lambda text: ("", text))(code)
    if (options.get("source") or "above") == "above" and (options.get("result") or "text") == "text":
        body = code_block(md, shown, "python", extra.get("title", ""))
        if not result.ok:
            log.warning(describe_failure(result))
            body += "\n" + code_block(md, describe_failure(result), "text")
        elif options.get("html"):
            body += "\n" + result.output
        else:
            body += "\n" + code_block(md, result.output, "text")
    else:  # tabs and other markdown-exec layouts: its renderer (slower: a Markdown converter per call)
        body = str(markdown_exec_render(result, code, md, options, extra))
    packets = capture.render_html(result, fence, state["page_url"]) if result.ok else ""
    return lab_header(fence, result) + body + packets


def code_block(md, source: str, language: str, title: str = "") -> str:
    """A highlighted code block, exactly as a ```` ```python title="…" ```` fence on the page would be."""
    fences = md.preprocessors["fenced_code_block"]
    fences.get_hl_settings()
    options = {"title": title} if title else {}
    return fences.highlight(src=source, language=language, options=options, md=md, classes=[], id_value="", attrs={})


def markdown_exec_render(result: LabResult, code: str, md, options: dict, extra: dict):
    def replay(_code, **_kwargs):
        if not result.ok:
            message = describe_failure(result)
            log.warning(message)
            raise markdown_exec.ExecutionError(markdown_exec.code_block("text", message), result.returncode)
        return result.output

    options["extra"] = extra
    options["result"] = options.get("result") or "text"
    options["tabs"] = TABS if tuple(options.get("tabs", ())) == markdown_exec.default_tabs else options["tabs"]
    return markdown_exec.base_format(language="python", run=replay, code=code, md=md, **options)


def format_fence(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    """A ``pyrun`` fence: the body is a path; the page shows that file and its output."""
    path = source.strip()
    fence, result = result_for("pyrun", source)
    options = dict(options)
    options["source"] = options.get("source") or "above"
    extra = dict(options.get("extra", {}))
    extra.setdefault("title", path)
    options["extra"] = extra
    file = state["project"] / path
    shown = file.read_text(encoding="utf-8").rstrip() if file.is_file() else f"# {path} (missing)"
    options["transform_source"] = lambda _code: (path, shown)
    return render(fence, result, source, "pyrun", md, options)


def format_inline(code: str, md, **options) -> str:
    """An inline ``python exec="1"`` fence (five lines at most), run in its own process."""
    fence, result = result_for("python", code)
    return render(fence, result, code, "python", md, options)


def format_mermaid(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    """A ``mermaid`` fence: the SVG drawn at build time, or the source for the browser to draw."""
    key = fence_key(state["page"], "mermaid", source)
    state["rendered"][key] += 1
    if key not in state["listed"]:
        log.warning("docs/%s: Mermaid 블록을 netnotes/fences.py 가 찾지 못했습니다", state["page"])
    source = diagrams.normalize(source)
    theme = state["theme"]
    batch = state["drawn"].result() if state["drawn"] is not None else {}  # waits for the batch
    svg = batch.get(source) or diagrams.cached(source, theme)
    if svg is None and state["browser"]:  # not drawn in the batch: draw it now
        svg = draw_diagrams([source]).get(source)
    if svg is None or svg.startswith("error: "):
        where = state["diagram_where"].get(source, f"docs/{state['page']}")
        if svg:
            log.warning("%s: Mermaid 다이어그램을 그리지 못했습니다: %s", where, svg.removeprefix("error: "))
        else:
            state["fallback"].append(where)
        return diagrams.fallback_html(source)
    return diagrams.html_for(svg)


# -- 4. after the build ------------------------------------------------------------------------


def on_post_build(config) -> None:
    pool = state.pop("pool", None)
    if pool:
        pool.shutdown(wait=True)
    state["pool"] = None
    report_fallback_diagrams()
    if not (state["serve"] and state.get("dirty")):
        report_unrendered_fences()
    results = [future.result() for future in state["runs"].values()]
    site_dir = Path(config["site_dir"])
    fill_lab_tables(site_dir)
    downloads.publish(site_dir, [result for result, _ in results])
    capture.publish(site_dir, [result for result, _ in results])
    if state["serve"]:
        return
    if not settings().reuse_labs:
        record.write([result for result, _ in results], state["project"] / record.RECORD.relative_to(ROOT))
    fresh = [result for result, reused in results if not reused]
    if len(fresh) < len(results):
        log.info("reused the runs of %d labs (NETNOTES_REUSE_LABS=1)", len(results) - len(fresh))
    if not fresh:
        return
    total = sum(result.seconds for result in fresh)
    slowest = sorted(fresh, key=lambda result: -result.seconds)[:3]
    names = ", ".join(f"{result.fence.snippet or 'inline'} {result.seconds:.1f}s" for result in slowest)
    skipped = sum(1 for result in fresh if result.skip_reasons)
    log.info(
        "ran %d labs in %.1f s (%.1f s of lab time; slowest: %s)%s",
        len(fresh),
        time.monotonic() - state["started"],
        total,
        names,
        f"; {skipped} skipped something" if skipped else "",
    )


def report_unrendered_fences() -> None:
    """A fence the finder listed but the build never rendered (inside a comment, a raw HTML block …)."""
    for key, count in state["listed"].items():
        if state["rendered"][key] < count:
            fence = state["fence_of"].get(key)
            where = fence.label if fence else f"docs/{key[0]} [{key[1]}]"
            log.warning("%s: 찾은 블록이 페이지에 그려지지 않았습니다 (주석이나 HTML 블록 안에 있나요?)", where)


def report_fallback_diagrams() -> None:
    fallback = state.get("fallback") or []
    if not fallback:
        return
    message = (
        f"chromium 이 없어 Mermaid 다이어그램 {len(fallback)}개를 독자의 브라우저가 그립니다 "
        "(apt-get install chromium 이면 빌드할 때 SVG 로 그립니다)"
    )
    if settings().require_services:
        log.warning("%s; REQUIRE_SERVICES=1 에서는 실패입니다", message)
    else:
        log.info(message)
