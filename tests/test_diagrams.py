"""Mermaid diagrams are drawn to SVG when the site is built (hooks/diagrams.py).

* Every diagram in the built site (and its offline copy) is an inline SVG: no page asks the
  reader's browser to download Mermaid and draw it.
* A diagram Mermaid can't parse fails ``mkdocs build --strict`` with the file and line.

Drawing needs Chromium: without it these tests skip (laptop) or fail (``REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

import diagrams
from conftest import OFFLINE_SITE, ROOT, SITE, built, require, strict_build

DRAWN = re.compile(
    r'<div class="mermaid" data-drawn="build"><template shadowrootmode="open">(<svg .*?</svg>)</template>', re.S
)


def need_chromium() -> str:
    browser = diagrams.chromium()
    require(browser, "chromium 이 없습니다: 다이어그램은 독자의 브라우저가 그립니다 (apt-get install chromium)")
    return browser


@pytest.mark.parametrize("site", [SITE, OFFLINE_SITE], ids=["site", "site-offline"])
def test_every_diagram_is_an_svg_drawn_at_build_time(site):
    need_chromium()
    pages = sorted(built(site).rglob("*.html"))
    left_for_the_browser = [str(p.relative_to(site)) for p in pages if '<pre class="mermaid">' in p.read_text("utf-8")]
    assert not left_for_the_browser, f"빌드 때 그려지지 않은 다이어그램: {left_for_the_browser}"
    svgs = [svg for page in pages for svg in DRAWN.findall(page.read_text("utf-8"))]
    fences_in_docs = len(diagrams.sources_in(ROOT / "docs"))
    assert len(svgs) >= fences_in_docs > 0
    for svg in svgs:
        assert 'viewBox="' in svg, "높이를 미리 알 수 있도록 viewBox 가 있어야 합니다 (CLS 0)"
        assert "var(--md-mermaid-" in svg, "색은 CSS 변수로 남아야 어두운 모드에서 바뀝니다"
        assert "<script" not in svg


def test_a_diagram_mermaid_cannot_parse_is_an_error():
    browser = need_chromium()
    theme = diagrams.material_theme()
    broken = "flowchart LR\n  A -->"
    # 자기 스레드에서: 같은 xdist 워커의 브라우저 테스트가 이 스레드에 Playwright 를 열어 두었을 수 있음
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(diagrams.draw, [broken, "flowchart LR\n  A --> B"], theme, browser).result(timeout=120)
    assert result[broken].startswith("error: ")
    assert result["flowchart LR\n  A --> B"].startswith("<svg ")


def test_the_strict_build_names_the_file_and_line_of_a_broken_diagram(tmp_path):
    need_chromium()
    config = """\
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """
    build = strict_build(tmp_path, "# 깨진 다이어그램\n\n```mermaid\nsequenceDiagram\n  A->>\n```\n", config)
    assert build.returncode != 0
    assert "docs/index.md:3 [mermaid]: Mermaid 다이어그램을 그리지 못했습니다" in build.stderr, build.stderr
