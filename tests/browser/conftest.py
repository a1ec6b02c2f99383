"""Browser tests: the built site/ in headless Chromium (Playwright, Debian's /usr/bin/chromium).

* Never downloads a browser: Playwright drives the system Chromium (``CHROMIUM`` overrides it).
  Without it the tests are skipped with a reason, and fail when ``REQUIRE_SERVICES=1`` (CI).
* site/ must be built first (``make test`` builds it); without it the tests are skipped, and fail
  when ``REQUIRE_SERVICES=1`` (``built()`` in tests/conftest.py).
* site/ is served on 127.0.0.1 by ``http.server`` in a thread, like GitHub Pages: a missing path
  gets 404.html with status 404. One browser per test session (per xdist worker).
* Every page a test opens is watched: console errors, uncaught exceptions, failed requests and
  any request to a host other than 127.0.0.1 are collected in ``Watch``; ``watch.assert_clean()``.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import diagrams
from conftest import OFFLINE_SITE, ROOT, SITE, built, require  # noqa: F401 (re-exported to the tests)

# --no-sandbox 는 root 일 때만 (diagrams.sandbox_args): 보통 사용자는 Chromium 샌드박스를 그대로 씁니다
HEADLESS = ["--headless", "--disable-gpu", "--disable-background-networking", "--lang=ko-KR"]
CHROMIUM_ARGS = [*diagrams.sandbox_args(), *HEADLESS]
LOCAL_SCHEMES = {"data", "blob", "about", "file", "chrome-extension"}
# Mermaid 는 닫힌(closed) shadow root 에 그려집니다: 테스트에서만 열어 SVG 를 확인합니다.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""


def pages_of(site: Path) -> list[str]:
    """URL paths of every built page: /, /dns/resolution/, …, and /404.html."""
    paths = ["/" + p.relative_to(site).parent.as_posix() + "/" for p in sorted(site.rglob("index.html"))]
    paths = ["/" if p == "/./" else p for p in paths]
    return paths + (["/404.html"] if (site / "404.html").exists() else [])


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that answers a missing path with 404.html, as GitHub Pages does."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """The browser cancels requests when it navigates away: that is not an error."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return built(SITE)


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    path = diagrams.chromium()  # $CHROMIUM, 없으면 PATH 의 chromium (빌드가 다이어그램을 그릴 때와 같은 것)
    require(path, "Chromium 이 없습니다: apt-get install -y chromium (다른 경로면 CHROMIUM=…)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watch:
    """What went wrong while a page was open."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", self.check_failure)
        page.on("request", self.check_host)

    def check_failure(self, request) -> None:
        # ERR_ABORTED: 다음 페이지로 넘어가며 브라우저가 취소한 요청 (실패가 아님)
        if "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"failed: {request.url} ({request.failure})")

    def check_host(self, request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in LOCAL_SCHEMES and url.hostname != "127.0.0.1":
            self.errors.append(f"third-party request: {request.url}")

    def assert_clean(self, where: str = "") -> None:
        errors, self.errors[:] = list(self.errors), []
        assert not errors, f"{where}: " + "\n".join(errors)


def open_context(browser, watch: Watch, **options):
    context = browser.new_context(locale="ko-KR", **options)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    return context


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def desktop(browser, watch):
    """A fresh 1280×900 page (own storage: palette choice etc. do not leak between tests)."""
    context = open_context(browser, watch, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch.attach(page)
    yield page
    context.close()


@pytest.fixture
def mobile(browser, watch):
    """A 390×844 touch page, like a current phone."""
    context = open_context(
        browser, watch, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    watch.attach(page)
    yield page
    context.close()
