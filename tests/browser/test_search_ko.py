"""Korean search as readers type it: top-3 accuracy of Material's search box, online and offline.

The queries and the pages they should find are in ``search_queries.yml`` (add a line per new
page). Each query is typed into the real search box of the built site (served over http like
GitHub Pages, and the offline copy opened from file://); the first three result pages count.
Run only these: ``.venv/bin/python -m pytest tests/browser/test_search_ko.py -n 0 -s``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from .conftest import OFFLINE_SITE, built, open_context

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yml")).read_text(encoding="utf-8"))
REQUIRED_ACCURACY = 0.95
TOP = 3


def page_key(url: str, root: str) -> str:
    """A result URL as the page key of search_queries.yml: "dns/records/", "" for the home page."""
    path = unquote(urlsplit(url).path)
    path = path[len(root) :] if path.startswith(root) else path
    path = path.lstrip("/")
    if path.endswith(".html"):  # 오프라인 사본: dns/records.html, dns/index.html
        path = path.removesuffix(".html")
        path = path.removesuffix("index") if path.endswith("index") else path + "/"
    return path


def top_pages(page, query: str, root: str) -> list[str]:
    """Type ``query`` into the search box; the pages of the first TOP results, best first."""
    box = page.locator(".md-search__input")
    box.fill("")
    box.press("End")  # Material 은 keyup 에 검색합니다 (fill 은 input 이벤트만 보냄)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 0")
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        """() => document.querySelectorAll('.md-search-result__item').length > 0
                 || /없습니다|No matching/.test(document.querySelector('.md-search-result__meta').textContent)""",
        timeout=10_000,
    )
    links = page.eval_on_selector_all(  # 결과 하나 = 페이지 하나 (첫 링크), 그 아래 절 링크들
        ".md-search-result__item", "items => items.map(item => item.querySelector('a').href)"
    )
    return [page_key(link, root) for link in links[:TOP]]


def run_queries(page, root: str) -> tuple[dict, list[str]]:
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for item in QUERIES:
        found = top_pages(page, item["q"], root)
        hit = any(expected in found for expected in item["pages"])
        per_kind[item["kind"]][0] += hit
        per_kind[item["kind"]][1] += 1
        if not hit:
            misses.append(f"  {item['kind']:8} {item['q']!r}: 기대 {item['pages']}, 위 {TOP}개 {found}")
    return per_kind, misses


def report(where: str, per_kind: dict, misses: list[str]) -> float:
    hits = sum(h for h, _ in per_kind.values())
    total = sum(n for _, n in per_kind.values())
    lines = [f"검색 정확도 ({where}, 위 {TOP}개 안): {hits}/{total} = {hits / total:.1%}"]
    lines += [f"  {kind:8} {h}/{n} = {h / n:.0%}" for kind, (h, n) in sorted(per_kind.items())]
    print("\n".join(lines + (["놓친 질의:"] + misses if misses else [])))
    return hits / total


def test_query_set_is_large_and_names_real_pages(site_dir):
    assert len(QUERIES) >= 40
    kinds = {item["kind"] for item in QUERIES}
    assert {"spacing", "translit", "particle", "typo"} <= kinds
    for item in QUERIES:
        for expected in item["pages"]:
            assert (site_dir / expected / "index.html").exists(), f"{item['q']!r}: 없는 페이지 {expected}"


def test_search_finds_the_page_online(base_url, desktop, watch):
    desktop.goto(base_url + "/", wait_until="load")
    per_kind, misses = run_queries(desktop, "/")
    accuracy = report("http", per_kind, misses)
    assert accuracy >= REQUIRED_ACCURACY, "\n".join(misses)
    watch.assert_clean("search")


def test_search_finds_the_page_offline(browser, watch):
    site = built(OFFLINE_SITE)
    context = open_context(browser, watch, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        watch.attach(page)
        page.goto((site / "index.html").as_uri(), wait_until="load")
        per_kind, misses = run_queries(page, site.as_posix() + "/")
        accuracy = report("file://", per_kind, misses)
        assert accuracy >= REQUIRED_ACCURACY, "\n".join(misses)
        watch.assert_clean("offline search")
    finally:
        context.close()
