"""Mermaid diagrams drawn to SVG when the site is built, so pages ship no Mermaid JavaScript.

Why: a page that draws its diagrams in the reader's browser downloads about 1 MB of Mermaid,
blocks the main thread while drawing and shifts the text below each diagram when it appears
(mobile Lighthouse: TBT and CLS). Drawn at build time, a diagram is an inline SVG with a viewBox:
its height is known before anything runs, and nothing is downloaded.

How:

* ``sources_in`` finds every ```` ```mermaid ```` fence in ``docs/`` and ``includes/``.
* ``draw`` opens one headless Chromium (Playwright, Debian's ``/usr/bin/chromium``; never a
  download), loads the vendored ``mermaid.min.js`` and Material's own stylesheets, and renders each
  diagram with the exact settings Material uses in the browser (its ``themeCSS``, read from the
  pinned theme's bundle). The colours stay CSS variables (``--md-mermaid-*``), so light and dark
  mode keep working.
* ``html_for`` wraps the SVG as Material does, in a shadow root, but a declarative one
  (``<template shadowrootmode="open">``): the page's CSS can't reach the diagram, and each
  diagram's ids stay its own.
* Results are cached by content in ``.cache/diagrams`` (source, Mermaid, theme, this file).

Without Chromium (a laptop without the package) the fence is left as ``<pre class="mermaid">``
and ``assets/javascripts/mermaid-loader.js`` draws it in the browser, as before.
``REQUIRE_SERVICES=1`` (CI) turns that fallback into a build failure.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "diagrams"
MERMAID_JS = ROOT / "docs" / "assets" / "javascripts" / "vendor" / "mermaid" / "mermaid.min.js"


def sandbox_args() -> list[str]:
    """Chromium keeps its sandbox for a normal user. Only root gets ``--no-sandbox``: Chromium refuses
    to start as root with the sandbox on ("Running as root without --no-sandbox is not supported")."""
    return ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


CHROMIUM_ARGS = [*sandbox_args(), "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Material 이 브라우저에서 쓰는 것과 같은 설정 (themeCSS 는 테마 번들에서 읽어 옴)
SEQUENCE = {"actorFontSize": "16px", "messageFontSize": "16px", "noteFontSize": "16px"}


def normalize(source: str) -> str:
    return textwrap.dedent(source).strip()


def sources_in(docs_dir: Path) -> list[tuple[str, str]]:
    """(where, source) for every mermaid fence of the docs, as the one fence finder lists them."""
    from netnotes.fences import find_all_fences

    return [
        (fence.label, normalize(fence.body)) for fence in find_all_fences(docs_dir, ROOT) if fence.language == "mermaid"
    ]


def chromium() -> str | None:
    """Debian's Chromium: $CHROMIUM if set (a path or a name; empty means "none"), else on PATH."""
    from netnotes.config import find_chromium

    return find_chromium()


@dataclass(frozen=True)
class Theme:
    """What the drawing depends on besides the source: Material's stylesheets and themeCSS."""

    stylesheets: tuple[Path, ...]
    theme_css: str
    fingerprint: str


@functools.cache  # once per process (mkdocs serve rebuilds many times)
def material_theme() -> Theme:
    import material

    assets = Path(material.__file__).parent / "templates" / "assets"
    stylesheets = tuple(sorted((assets / "stylesheets").glob("*.min.css")))  # main.…, palette.…
    bundle = next((assets / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    name = re.search(r"themeCSS:(\w+)", bundle)
    value = name and re.search(r"\b" + name.group(1) + r'=("(?:[^"\\]|\\.)*")', bundle)
    if not value:
        raise RuntimeError("Material 번들에서 Mermaid themeCSS 를 찾지 못했습니다 (테마 버전이 바뀌었나요?)")
    theme_css = json.loads(value.group(1))
    digest = hashlib.sha256()
    for part in (
        Path(__file__).read_bytes(),
        MERMAID_JS.read_bytes(),
        theme_css.encode(),
        *(s.name.encode() for s in stylesheets),
    ):
        digest.update(hashlib.sha256(part).digest())
    return Theme(stylesheets, theme_css, digest.hexdigest())


def key_of(source: str, theme: Theme) -> str:
    return hashlib.sha256((theme.fingerprint + "\0" + source).encode()).hexdigest()[:20]


def cache_file(source: str, theme: Theme) -> Path:
    return CACHE / f"{key_of(source, theme)}.svg"


def cached(source: str, theme: Theme) -> str | None:
    file = cache_file(source, theme)
    return file.read_text(encoding="utf-8") if file.exists() else None


RENDER_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">{links}<script src="{mermaid}"></script></head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<article class="md-content__inner md-typeset"></article></body></html>
"""

RENDER_ALL = """async ([settings, jobs]) => {
  mermaid.initialize(settings);
  const drawn = [];
  for (const [id, source] of jobs) {
    try {
      drawn.push({svg: (await mermaid.render(id, source)).svg});
    } catch (error) {
      drawn.push({error: String(error.message || error).split("\\n").slice(0, 3).join(" ")});
    }
  }
  return drawn;
}"""


def draw(sources: list[str], theme: Theme, browser_path: str) -> dict[str, str]:
    """Render the sources in one Chromium; cache and return {source: svg or "error: …"}."""
    from playwright.sync_api import sync_playwright

    jobs = [(f"d{key_of(source, theme)}", source) for source in dict.fromkeys(sources)]
    settings = {"startOnLoad": False, "themeCSS": theme.theme_css, "sequence": SEQUENCE}
    with tempfile.TemporaryDirectory(prefix="netnotes-diagrams-") as tmp:
        page_file = Path(tmp) / "render.html"
        links = "".join(f'<link rel="stylesheet" href="{sheet.as_uri()}">' for sheet in theme.stylesheets)
        page_file.write_text(RENDER_PAGE.format(links=links, mermaid=MERMAID_JS.as_uri()), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS, timeout=30_000)
            try:
                page = browser.new_page()
                page.set_default_timeout(60_000)
                page.goto(page_file.as_uri(), wait_until="load")
                drawn = page.evaluate(RENDER_ALL, [settings, jobs])
            finally:
                browser.close()
    CACHE.mkdir(parents=True, exist_ok=True)
    results = {}
    for (_, source), result in zip(jobs, drawn, strict=True):
        if "error" in result:
            results[source] = "error: " + result["error"]
            continue
        cache_file(source, theme).write_text(result["svg"], encoding="utf-8")
        results[source] = result["svg"]
    return results


def html_for(svg: str) -> str:
    """Material's markup for a drawn diagram, with a declarative shadow root instead of a script."""
    return f'<div class="mermaid" data-drawn="build"><template shadowrootmode="open">{svg}</template></div>'


def fallback_html(source: str) -> str:
    """The fence as Material expects it when the browser has to draw it (mermaid-loader.js)."""
    return f'<pre class="mermaid"><code>{html.escape(source, quote=False)}</code></pre>'
