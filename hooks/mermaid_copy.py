"""MkDocs hook: publish the browser copy of Mermaid only when a page needs it.

Diagrams are drawn to SVG at build time (hooks/diagrams.py), so built pages never load
``docs/assets/javascripts/vendor/mermaid/`` (about 7 MB in about 100 files). It stays out of
``site/`` and the offline copy, and is copied in after the build only when some page still has a
diagram for the reader's browser to draw (``<pre class="mermaid">``: built without Chromium, as
``make serve`` on a laptop may be; ``mermaid-loader.js`` then loads it).
"""

from __future__ import annotations

import logging

VENDOR = "assets/javascripts/vendor/mermaid/"
FALLBACK = '<pre class="mermaid">'  # diagrams.fallback_html()

log = logging.getLogger("mkdocs.plugins.netnotes.mermaid")
state: dict = {"held": [], "needed": []}


def on_files(files, config):
    held = [file for file in files if file.src_uri.startswith(VENDOR)]
    for file in held:
        files.remove(file)
    state.update(held=held, needed=[])
    return files


def on_post_page(output: str, page, config) -> str:
    if FALLBACK in output:
        state["needed"].append(page.file.src_uri)
    return output


def on_post_build(config) -> None:
    if not state["needed"] or not state["held"]:
        return
    for file in state["held"]:
        file.copy_file()
    log.info(
        "브라우저용 Mermaid(%d개 파일)를 함께 냅니다: 빌드 때 그리지 못한 다이어그램이 있는 페이지 %s",
        len(state["held"]),
        ", ".join(sorted(set(state["needed"]))[:5]),
    )
