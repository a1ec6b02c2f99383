"""The built site asks no other host for anything (make test builds site/ before pytest).

A reader's browser must not contact a third party: no fonts, CDNs, analytics or hot-linked
images. Plain ``<a href="https://…">`` links (RFCs, MDN) are fine: nothing loads until a click.
The browser tests (tests/browser/) check the same thing at run time, request by request.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser

import pytest

from conftest import OFFLINE_SITE, ROOT, SITE, built

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
# <link rel=…> values that make the browser fetch something
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                 "preconnect", "dns-prefetch", "manifest", "mask-icon"}  # fmt: skip
LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "track": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
ANALYTICS = re.compile(r"googletagmanager|google-analytics|gtag\(|plausible\.io|matomo|clarity\.ms", re.I)


class ExternalLoads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        names = LOADING_ATTRIBUTES.get(tag, [])
        if tag == "link" and set((attributes.get("rel") or "").lower().split()) & FETCHING_RELS:
            names = ["href"]
        for name in names:
            value = attributes.get(name) or ""
            if any(EXTERNAL.match(part.strip()) for part in value.split(",")):
                self.found.append(f"<{tag} {name}={value!r}>")
        style = attributes.get("style") or ""
        self.found += [f"<{tag} style=url({url})>" for url in external_css_urls(style)]


def external_css_urls(css: str) -> list[str]:
    urls = re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css) + re.findall(r"""@import\s+['"]([^'"]+)""", css)
    return [url for url in urls if EXTERNAL.match(url)]


@pytest.mark.parametrize("site", [SITE, OFFLINE_SITE], ids=["site", "site-offline"])
def test_built_html_loads_nothing_from_other_hosts(site):
    problems = []
    for page in sorted(built(site).rglob("*.html")):
        parser = ExternalLoads()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        problems += [f"{page.relative_to(site)}: {item}" for item in parser.found]
        if ANALYTICS.search(text):
            problems.append(f"{page.relative_to(site)}: 분석(analytics) 스크립트")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("site", [SITE, OFFLINE_SITE], ids=["site", "site-offline"])
def test_built_css_loads_nothing_from_other_hosts(site):
    problems = []
    for sheet in sorted(built(site).rglob("*.css")):
        problems += [
            f"{sheet.relative_to(site)}: {url}" for url in external_css_urls(sheet.read_text(encoding="utf-8"))
        ]
    assert not problems, "\n".join(problems[:20])


def test_theme_scripts_find_their_local_replacements():
    """Material fetches Mermaid from unpkg unless window.mermaid exists: our loader must define it."""
    site = built(SITE)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/mermaid-loader.js" in html
    loader = (site / "assets" / "javascripts" / "mermaid-loader.js").read_text(encoding="utf-8")
    assert "window.mermaid = {" in loader
    assert (site / "assets" / "javascripts" / "vendor" / "iframe-worker" / "shim.js").exists()
    # Mermaid 는 저장소에 있고, 브라우저가 그릴 다이어그램이 있는 빌드에만 실립니다
    # (hooks/mermaid_copy.py, tests/test_lighter_pages.py)
    vendor = ROOT / "docs" / "assets" / "javascripts" / "vendor" / "mermaid"
    assert (vendor / "mermaid.esm.min.mjs").exists() and (vendor / "mermaid.min.js").exists()


def test_vendored_javascript_matches_the_recorded_hashes():
    """scripts/vendor-js.sh records each vendored package's version and sha256."""
    result = subprocess.run(
        ["bash", "scripts/vendor-js.sh", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
