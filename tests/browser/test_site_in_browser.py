"""What a reader sees: the built site in headless Chromium (see conftest.py for the setup).

Run only these: ``.venv/bin/python -m pytest -m browser -n 0``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

import diagrams
import mermaid_copy

from .conftest import OFFLINE_SITE, ROOT, open_context, pages_of, require

pytestmark = pytest.mark.browser

# 검색어 → 결과에 있어야 할 페이지 (어느 하나라도). nav 의 페이지 제목·주제에서 고른 기대값입니다.
SEARCHES = {
    "서버": {"/python-web/web-server-was/", "/http/api-server/", "/python-web/"},
    "쿠키": {"/auth/cookies-sessions/"},
    "핸드셰이크": {"/tls/https/", "/tls/key-exchange/", "/foundations/tcp-udp/"},
    "TTL": {"/dns/resolution/", "/dns/records/"},
    "세션": {"/auth/cookies-sessions/"},
}
# 첫 로딩 동안의 누적 레이아웃 이동(CLS, 사용자 입력 없이)
LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


def problems_on(page, watch, path: str) -> list[str]:
    """Collected errors of the page just opened, plus a horizontal scroll check."""
    found = [f"{path}: {error}" for error in watch.errors if "net::ERR_ABORTED" not in error]
    watch.errors.clear()
    scroll_width, view_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > view_width:
        found.append(f"{path}: 가로 스크롤 ({scroll_width}px > {view_width}px)")
    return found


def watch_http_errors(page, watch, allowed_404: str = "") -> None:
    def check(response):
        if response.status >= 400 and not response.url.endswith(allowed_404 or "\0"):
            watch.errors.append(f"HTTP {response.status}: {response.url}")

    page.on("response", check)


def search(page, query: str) -> set[str]:
    """Type into Material's search box; return the URL paths of the results (loading more if needed)."""
    page.locator(".md-search__input").fill(query)
    page.locator(".md-search-result__item").first.wait_for(
        timeout=30_000
    )  # 첫 검색은 워커가 색인을 만드는 동안 기다립니다(바쁜 CI에서 수 초)
    found: set[str] = set()
    for _ in range(6):  # 결과는 10개씩 그려지고, 목록을 스크롤하면 더 나옵니다
        links = page.eval_on_selector_all(
            ".md-search-result__link", "links => links.map(a => new URL(a.href).pathname)"
        )
        if set(links) <= found:
            break
        found |= set(links)
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(150)
    return found


def test_every_page_loads_cleanly_on_a_phone(site_dir, base_url, mobile, watch):
    """390 px wide: no console error, no failed or third-party request, no horizontal scroll."""
    watch_http_errors(mobile, watch)
    problems = []
    for path in pages_of(site_dir):
        response = mobile.goto(base_url + path, wait_until="load")
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
        problems += problems_on(mobile, watch, path)
    assert not problems, "\n".join(problems)


def test_pages_have_a_title_a_description_and_korean_lang(site_dir):
    """Each page: <html lang="ko">, its own <title> and a meta description (from front matter)."""
    problems, titles = [], {}
    for path in pages_of(site_dir):
        file = site_dir / (path.strip("/") or ".") / ("" if path.endswith(".html") else "index.html")
        text = file.read_text(encoding="utf-8")
        if '<html lang="ko"' not in text:
            problems.append(f"{path}: lang 이 ko 가 아님")
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        titles.setdefault(title.group(1).strip() if title else "", []).append(path)
        if not re.search(r'<meta name="description" content="[^"]{10,}"', text):
            problems.append(f"{path}: meta description 이 없음 (front matter 의 description:)")
    problems += [f"같은 <title> {title!r}: {paths}" for title, paths in titles.items() if len(paths) > 1]
    assert not problems, "\n".join(problems)


def test_missing_page_shows_the_404_page(base_url, desktop, watch):
    watch_http_errors(desktop, watch, allowed_404="/no-such-page/")
    response = desktop.goto(base_url + "/dns/no-such-page/", wait_until="load")
    assert response.status == 404
    assert "페이지를 찾을 수 없습니다" in desktop.title()
    assert desktop.locator("article a").count() >= 5, "404 페이지에서 갈 곳(목차 링크)이 보여야 합니다"
    # 문서 자체의 404 는 기대한 것; 그 밖의 (스타일·스크립트 등) 오류는 없어야 합니다
    watch.errors[:] = [e for e in watch.errors if "status of 404" not in e]
    watch.assert_clean("404")


@pytest.mark.parametrize("query", SEARCHES)
def test_korean_search_finds_the_page(base_url, desktop, watch, query):
    desktop.goto(base_url + "/", wait_until="load")
    found = search(desktop, query)
    expected = SEARCHES[query]
    assert found & expected, f"{query!r} 검색 결과에 {sorted(expected)} 중 하나가 없습니다: {sorted(found)[:15]}"
    watch.assert_clean(f"search {query}")


def test_dark_mode_toggle_switches_and_persists(base_url, desktop, watch):
    desktop.goto(base_url + "/", wait_until="load")
    body = desktop.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    light_bg = desktop.evaluate("getComputedStyle(document.body).backgroundColor")
    desktop.locator('label[title="어두운 모드로 전환"]').click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert desktop.evaluate("getComputedStyle(document.body).backgroundColor") != light_bg
    desktop.reload(wait_until="load")
    assert body.get_attribute("data-md-color-scheme") == "slate", "선택이 새로고침 뒤에도 남아야 합니다"
    desktop.locator('label[title="밝은 모드로 전환"]').click()
    assert body.get_attribute("data-md-color-scheme") == "default"
    watch.assert_clean("palette")


def test_dark_scheme_follows_the_system_setting(browser, base_url):
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(base_url + "/", wait_until="load")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    finally:
        context.close()


def test_diagrams_are_svgs_drawn_at_build_time_and_follow_dark_mode(base_url, mobile, watch):
    """The model page on a phone: diagrams are already SVG (no Mermaid download, no layout shift)
    and their colours come from the theme, so they change with the dark-mode toggle."""
    watch_http_errors(mobile, watch)
    mermaid_requests = []
    mobile.on("request", lambda request: "/vendor/mermaid/" in request.url and mermaid_requests.append(request.url))
    mobile.add_init_script(LAYOUT_SHIFTS)
    mobile.goto(base_url + "/dns/resolution/", wait_until="load")
    hosts = mobile.locator('div.mermaid[data-drawn="build"]')
    count = hosts.count()
    assert count >= 1, "모델 페이지에 다이어그램이 있어야 합니다"
    svgs = mobile.locator('div.mermaid[data-drawn="build"] svg[aria-roledescription]')  # (열린) shadow root 안
    assert svgs.count() == count
    assert all(box and box["width"] > 50 and box["height"] > 50 for box in map(lambda s: s.bounding_box(), svgs.all()))
    # 글자색: SVG 글자는 fill, 흐름도의 HTML 라벨은 color
    fill = """svg => { const label = svg.querySelector('.messageText, text.actor > tspan, .nodeLabel');
                      return label instanceof SVGElement ? getComputedStyle(label).fill : getComputedStyle(label).color; }"""
    light = svgs.first.evaluate(fill)
    mobile.locator('label[title="어두운 모드로 전환"]').click()
    mobile.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    dark = svgs.first.evaluate(fill)
    assert light != dark, f"어두운 모드에서 다이어그램 색이 바뀌어야 합니다 ({light})"
    assert not mermaid_requests, f"빌드 때 그렸으므로 Mermaid 를 받지 않아야 합니다: {mermaid_requests}"
    assert mobile.evaluate("window.__layoutShift") < 0.01, "다이어그램이 자리를 미리 잡아 본문이 밀리지 않아야 합니다"
    assert not problems_on(mobile, watch, "/dns/resolution/")


def test_a_diagram_left_for_the_browser_is_drawn_with_the_local_mermaid(base_url, mobile, watch):
    """Built without Chromium, a fence stays <pre class="mermaid">: mermaid-loader.js draws it
    with the vendored Mermaid when it scrolls into view (never from unpkg)."""
    source = diagrams.sources_in(ROOT / "docs")[0][1]
    fallback = diagrams.fallback_html(source)

    def serve_with_fallback(route):
        page = route.fetch().text()
        page = re.sub(
            r'<div class="mermaid" data-drawn="build">.*?</template></div>',
            lambda _: fallback,
            page,
            count=1,
            flags=re.S,
        )
        route.fulfill(body=page, content_type="text/html; charset=utf-8")

    def serve_vendored(route):
        # 그런 빌드라면 hooks/mermaid_copy.py 가 저장소의 Mermaid 를 site/ 에 넣습니다
        path = urlsplit(route.request.url).path.split(mermaid_copy.VENDOR, 1)[1]
        file = ROOT / "docs" / mermaid_copy.VENDOR / path
        route.fulfill(path=file, content_type="text/javascript") if file.is_file() else route.fulfill(status=404)

    watch_http_errors(mobile, watch)
    mobile.route("**/dns/resolution/", serve_with_fallback)
    mobile.route(f"**/{mermaid_copy.VENDOR}**", serve_vendored)
    mobile.goto(base_url + "/dns/resolution/", wait_until="load")
    assert mobile.locator("pre.mermaid").count() == 1
    mobile.locator("pre.mermaid").scroll_into_view_if_needed()
    mobile.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=20_000)
    drawn = mobile.locator("div.mermaid:not([data-drawn]) svg")  # Material 이 그린 것 (테스트에서 연 shadow root)
    assert drawn.count() == 1 and drawn.first.bounding_box()["height"] > 50
    assert not problems_on(mobile, watch, "/dns/resolution/ (fallback)")


def test_code_blocks_have_a_working_copy_button(base_url, desktop, watch):
    desktop.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    desktop.goto(base_url + "/dns/resolution/", wait_until="load")
    blocks = desktop.locator("article pre:not(.mermaid) > code")
    assert blocks.count() >= 2
    buttons = desktop.locator('article pre:not(.mermaid) button[data-md-type="copy"]')
    assert buttons.count() == blocks.count(), "코드 블록마다 복사 버튼이 있어야 합니다"
    first = desktop.locator("article pre:not(.mermaid)").first
    first.hover()
    buttons.first.click()
    copied = desktop.evaluate("navigator.clipboard.readText()")

    def lines(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.strip()]

    assert lines(copied) and lines(copied) == lines(blocks.first.inner_text()), "복사된 내용이 코드와 다릅니다"
    watch.assert_clean("copy")


def test_offline_copy_searches_from_file_url(browser, watch):
    """`make offline` builds site-offline/: it must work from file:// with no server, search included."""
    require((OFFLINE_SITE / "index.html").exists(), f"{OFFLINE_SITE}/index.html 이 없습니다: make offline")
    context = open_context(browser, watch, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        watch.attach(page)
        page.goto((OFFLINE_SITE / "index.html").as_uri(), wait_until="load")
        found = search(page, "쿠키")
        assert any(link.endswith("/auth/cookies-sessions.html") for link in found), sorted(found)[:10]
        page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and page.url.split("?")[0].split("#")[0].endswith(".html")
        # 다이어그램: 빌드 때 그린 SVG 가 file:// 에서도 보입니다
        page.goto((OFFLINE_SITE / "dns" / "resolution.html").as_uri(), wait_until="load")
        svg = page.locator('div.mermaid[data-drawn="build"] svg').first
        assert svg.bounding_box()["height"] > 50
        watch.assert_clean("offline")
    finally:
        context.close()
