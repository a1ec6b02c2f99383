"""What a page costs a reader: the search index size, and no 7 MB Mermaid copy nobody loads.

``make test`` builds site/ and site-offline/ before pytest; without them these tests skip (and
fail under REQUIRE_SERVICES=1, see ``built()`` in conftest.py).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import mermaid_copy
from conftest import OFFLINE_SITE, SITE, built

MAX_INDEX_GZIP = 120 * 1024  # 바이트: GitHub Pages 가 gzip 으로 보내는 검색 색인의 상한 (issue 15)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


@pytest.mark.parametrize("site", [SITE, OFFLINE_SITE], ids=["site", "offline"])
def test_search_index_stays_small(site):
    index = built(site) / "search" / "search_index.json"
    size = gzip_size(index)
    assert size <= MAX_INDEX_GZIP, (
        f"검색 색인이 gzip {size / 1024:.1f} KiB 로 상한 {MAX_INDEX_GZIP // 1024} KiB 를 넘습니다: "
        "hooks/search_ko.py 의 HEAD_CHARS 나 index_stopwords(includes/search-synonyms.yml)를 보세요"
    )
    text = index.read_text(encoding="utf-8")
    assert "\\u" not in text[:5000], "색인은 UTF-8 로 씁니다 (\\uXXXX 이스케이프는 두 배 큽니다)"
    docs = json.loads(text)["docs"]
    assert not any("<pre>" in doc["text"] for doc in docs), "코드 블록은 미리보기 글에 넣지 않습니다"


def test_search_index_keeps_the_words_of_every_page():
    """Lighter, not blind: words from prose, lab outputs and the end of long sections are searchable."""
    docs = json.loads((built(SITE) / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]

    def searchable(page: str) -> str:
        return " ".join(
            d["title"] + " " + d["text"] + " " + d.get("k", "") for d in docs if d["location"].startswith(page)
        )

    assert "known_hosts" in searchable("cloud/ssh/")  # 본문 뒤쪽
    assert "nxdomain" in searchable("dns/resolution/").lower()  # 실습 출력과 본문
    assert "iterative_trace.py" in searchable("dns/resolution/")  # 실습 파일 이름은 남고
    assert "resolve_iteratively" not in searchable("dns/resolution/")  # 실습 소스 코드는 빠짐


def test_published_site_has_no_browser_mermaid_when_every_diagram_is_drawn():
    site = built(SITE)
    fallback = [p for p in site.rglob("*.html") if mermaid_copy.FALLBACK in p.read_text(encoding="utf-8")]
    vendor = site / mermaid_copy.VENDOR
    if fallback:  # chromium 없이 빌드: 그 페이지들이 쓰므로 있어야 함
        assert (vendor / "mermaid.min.js").exists(), fallback[:3]
    else:
        assert not vendor.exists(), f"다이어그램을 모두 빌드 때 그렸는데 {vendor} 가 있습니다"


def test_mermaid_is_copied_when_a_page_still_needs_it(tmp_path):
    """Built without Chromium (make serve on a laptop), the pages get the vendored Mermaid."""
    from mkdocs.structure.files import File, Files

    docs = tmp_path / "docs"
    (docs / mermaid_copy.VENDOR).mkdir(parents=True)
    (docs / mermaid_copy.VENDOR / "mermaid.min.js").write_text("// mermaid", encoding="utf-8")
    (docs / "index.md").write_text("# x", encoding="utf-8")
    site = tmp_path / "site"

    def build(page_html: str) -> bool:
        files = Files(
            [File(p, str(docs), str(site), True) for p in (mermaid_copy.VENDOR + "mermaid.min.js", "index.md")]
        )
        files = mermaid_copy.on_files(files, {})
        assert [f.src_uri for f in files] == ["index.md"]
        page = type("Page", (), {"file": files.get_file_from_path("index.md")})()
        mermaid_copy.on_post_page(page_html, page, {})
        mermaid_copy.on_post_build({})
        return (site / mermaid_copy.VENDOR / "mermaid.min.js").exists()

    assert not build('<div class="mermaid" data-drawn="build"><svg></svg></div>')
    assert build('<pre class="mermaid"><code>graph LR; a--&gt;b</code></pre>')
