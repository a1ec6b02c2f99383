"""What a reader sees: the built site in headless Chromium (see conftest.py for the setup).

Run only these: ``.venv/bin/python -m pytest -m browser -n 0``.
"""

from __future__ import annotations

import html
import re

import pytest

from .conftest import OFFLINE_SITE, open_context, pages_of, require

pytestmark = pytest.mark.browser

# 검색어 → 결과에 있어야 할 페이지 (어느 하나라도). nav 의 페이지 제목·주제에서 고른 기대값입니다.
SEARCHES = {
    "서버": {"/python-web/web-server-was/", "/http/api-server/", "/python-web/"},
    "쿠키": {"/auth/cookies-sessions/"},
    "핸드셰이크": {"/tls/https/", "/tls/key-exchange/", "/foundations/tcp-udp/"},
    "TTL": {"/dns/resolution/", "/dns/records/"},
    "세션": {"/auth/cookies-sessions/"},
}
MERMAID_BLOCK = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
MERMAID_MODULE = "/assets/javascripts/vendor/mermaid/mermaid.esm.min.mjs"


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
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
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


def test_mermaid_diagrams_render_as_svg_on_a_phone(base_url, mobile, watch):
    """The model page's diagrams: local Mermaid, drawn when scrolled to, as SVG; still no side scroll."""
    watch_http_errors(mobile, watch)
    mobile.goto(base_url + "/dns/resolution/", wait_until="load")
    count = mobile.locator("pre.mermaid").count()
    assert count >= 1, "모델 페이지에 Mermaid 다이어그램이 있어야 합니다"
    mobile.locator("pre.mermaid").first.scroll_into_view_if_needed()
    mobile.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=20_000)
    svgs = mobile.locator("div.mermaid svg")  # Playwright 는 (테스트에서 연) shadow root 안도 찾습니다
    assert svgs.count() == count
    assert all(box and box["width"] > 50 and box["height"] > 50 for box in map(lambda s: s.bounding_box(), svgs.all()))
    assert not problems_on(mobile, watch, "/dns/resolution/")


def test_every_mermaid_diagram_on_the_site_renders(site_dir, base_url, desktop, watch):
    """Mermaid syntax errors do not fail the build: render every diagram of every page here."""
    diagrams = []
    for path in pages_of(site_dir):
        file = site_dir / (path.strip("/") or ".") / ("" if path.endswith(".html") else "index.html")
        diagrams += [(path, html.unescape(block)) for block in MERMAID_BLOCK.findall(file.read_text(encoding="utf-8"))]
    if not diagrams:
        pytest.skip("사이트에 Mermaid 다이어그램이 없습니다")
    desktop.goto(base_url + "/404.html", wait_until="load")
    failures = desktop.evaluate(
        """async ([module, diagrams]) => {
            const {default: mermaid} = await import(module);
            mermaid.initialize({startOnLoad: false});
            const failures = [];
            for (const [i, [path, text]] of diagrams.entries()) {
                try {
                    const {svg} = await mermaid.render(`check${i}`, text);
                    if (!svg.includes("<svg")) failures.push(`${path}: SVG 가 아님`);
                } catch (error) {
                    failures.push(`${path}: ${String(error.message || error).split("\\n")[0]}\\n${text}`);
                }
            }
            return failures;
        }""",
        [MERMAID_MODULE, diagrams],
    )
    assert not failures, f"{len(failures)}/{len(diagrams)} 다이어그램이 그려지지 않습니다:\n" + "\n".join(failures)
    watch.errors[:] = [e for e in watch.errors if "HTTP 404" not in e]  # /404.html 자체
    watch.assert_clean("mermaid")


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
        # 다이어그램: file:// 에서는 한 파일 빌드(mermaid.min.js)로 그립니다
        page.goto((OFFLINE_SITE / "dns" / "resolution.html").as_uri(), wait_until="load")
        page.locator("pre.mermaid").first.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=20_000)
        watch.assert_clean("offline")
    finally:
        context.close()
