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
    # 지난 결과를 표시해 두고(Material 은 결과가 오면 목록을 새 요소로 다시 그리고 개수 줄을 씀)
    page.evaluate(
        """() => { document.querySelectorAll('.md-search-result__item').forEach(li => li.dataset.stale = '1');
                   document.querySelector('.md-search-result__meta').textContent = ''; }"""
    )
    box = page.locator(".md-search__input")
    box.fill(query)
    box.press("End")  # Material 은 keyup 에 검색합니다 (fill 은 input 이벤트만 보냄)
    page.wait_for_function(
        """() => { const meta = document.querySelector('.md-search-result__meta').textContent;
                   const items = document.querySelectorAll('.md-search-result__item');
                   return meta !== '' && !document.querySelector('.md-search-result__item[data-stale]')
                          && (items.length > 0 || /없습니다|No matching/.test(meta)); }""",
        timeout=30_000,  # 첫 검색은 워커가 색인을 만드는 동안 기다립니다
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
        for group in [item["kind"]] + (["(held_out)"] if item.get("held_out") else []):
            per_kind[group][0] += hit
            per_kind[group][1] += 1
        if not hit:
            misses.append(f"  {item['kind']:8} {item['q']!r}: 기대 {item['pages']}, 위 {TOP}개 {found}")
    return per_kind, misses


def report(where: str, per_kind: dict, misses: list[str]) -> float:
    hits = sum(h for kind, (h, _) in per_kind.items() if not kind.startswith("("))
    total = sum(n for kind, (_, n) in per_kind.items() if not kind.startswith("("))
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


def search_worker(page):
    """Material's search worker of the open page, once it has built the index."""
    box = page.locator(".md-search__input")
    box.fill("dns")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(
        timeout=30_000
    )  # 첫 검색은 워커가 색인을 만드는 동안 기다립니다(바쁜 CI에서 수 초)
    workers = [w for w in page.workers if "search-ko." in w.url]
    assert workers, f"검색 워커가 hooks/search_ko_worker.js 가 아닙니다: {[w.url for w in page.workers]}"
    return workers[0]


def test_worker_strips_endings_like_the_index_builder(site_dir, base_url, desktop):
    """The index (hooks/search_ko.py, Python) and the query (the worker, JavaScript) strip
    particles and endings with one rule: compare them on every word of the built index."""
    import json
    import re

    import search_ko

    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    vocabulary = sorted(
        {
            w
            for doc in index["docs"]
            for w in search_ko.words(" ".join(doc.get(f, "") for f in ("title", "text", "k")), separator)
        }
    )
    vocabulary += ["ttl이란", "쿠키를", "정의", "경로", "멱등성이란", "서버에서는", "http/2와", "키를"]
    endings = search_ko.load_rules()["endings"]
    desktop.goto(base_url + "/", wait_until="load")
    worker = search_worker(desktop)
    in_js = worker.evaluate("words => words.map(w => self.__netnotesKo.strip(w))", vocabulary)
    differ = [
        (w, py, js)
        for w, py, js in zip(vocabulary, (search_ko.strip_ending(w, endings) for w in vocabulary), in_js, strict=True)
        if py != js
    ]
    assert not differ, f"파이썬과 워커의 조사 떼기가 다릅니다 (낱말, 파이썬, 워커): {differ[:10]}"
    assert len(vocabulary) > 3000
    # 규칙 자체: 조사·어미는 떼고, 낱말의 일부인 한 글자는 두고
    expected = {
        "ttl이란": "ttl",
        "쿠키를": "쿠키",
        "정의": "정의",
        "경로": "경로",
        "멱등성이란": "멱등",
        "서버에서는": "서버",
    }
    assert {w: search_ko.strip_ending(w, endings) for w in expected} == expected


def test_results_highlight_the_variant_and_work_with_the_keyboard(base_url, desktop, watch):
    """Searching "레디스" finds pages that write Redis, with Redis highlighted; ↓ and Enter open a result."""
    desktop.goto(base_url + "/", wait_until="load")
    box = desktop.locator(".md-search__input")
    box.fill("레디스")
    box.press("End")
    first = desktop.locator(".md-search-result__item").first
    first.wait_for(timeout=30_000)
    marks = desktop.eval_on_selector_all(".md-search-result mark", "marks => marks.map(m => m.textContent)")
    assert any(m.lower() == "redis" for m in marks), f"Redis 가 강조되어야 합니다: {marks[:10]}"
    meta = desktop.locator(".md-search-result__meta").text_content()
    assert "포함되지 않은" not in desktop.locator(".md-search-result").inner_text(), meta
    # 변형("ttl")과 원형("ttl을")이 같은 자리를 가리켜도 강조 표시가 깨지지 않습니다
    box.fill("TTL이란")
    box.press("End")
    desktop.wait_for_function("document.querySelector('.md-search-result mark')")
    shown = desktop.locator(".md-search-result").inner_text()
    assert "k>" not in shown and "<mark" not in shown, shown[:300]
    box.fill("레디스")
    box.press("End")
    desktop.wait_for_function(
        "[...document.querySelectorAll('.md-search-result mark')].some(m => m.textContent === 'Redis')"
    )
    href = first.locator("a").first.get_attribute("href")
    box.press("ArrowDown")
    box.press("Enter")
    desktop.wait_for_load_state("load")
    assert desktop.url.split("?")[0].split("#")[0].endswith(href.split("?")[0].split("#")[0].lstrip("./")), desktop.url
    watch.assert_clean("keyboard")
