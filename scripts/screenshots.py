"""make screenshots: PNGs of the built site for the README (assets/screenshots/).

Home page and the model page (DNS 이름 해석), light and dark, desktop (1280×800) and phone
(390×844, 2×). Uses Debian's Chromium through Playwright (never downloads a browser) and serves
site/ on 127.0.0.1. Korean text needs a CJK font: ``apt-get install -y fonts-noto-cjk``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
OUT = ROOT / "assets" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# 보통 사용자는 Chromium 샌드박스를 그대로 씁니다. root 로는 샌드박스를 켠 채 시작하지 못하므로
# ("Running as root without --no-sandbox is not supported") root 일 때만 끕니다.
SANDBOX = ["--no-sandbox"] if os.geteuid() == 0 else []
PAGES = {"home": "/", "dns-resolution": "/dns/resolution/"}
SCHEMES = {"light": "light", "dark": "dark"}
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
    "mobile": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True},
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def has_korean_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    return bool(subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE, help="빌드된 사이트 폴더 (기본 site/)")
    site = parser.parse_args().site.resolve()
    if not (site / "index.html").exists():
        print(f"{site}/index.html 이 없습니다: 먼저 make build", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} 가 없습니다: apt-get install -y chromium", file=sys.stderr)
        return 2
    if not has_korean_font():
        print("경고: 한글 글꼴이 없어 글자가 네모로 보입니다 (apt-get install -y fonts-noto-cjk)", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", *SANDBOX, "--disable-background-networking"]
            )
            for device, options in DEVICES.items():
                for scheme in SCHEMES.values():
                    context = browser.new_context(color_scheme=scheme, locale="ko-KR", **options)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(base + path, wait_until="networkidle")
                        page.wait_for_timeout(300)  # 글꼴·아이콘이 자리 잡을 때까지
                        target = OUT / f"{name}-{scheme}-{device}.png"
                        page.screenshot(path=str(target))
                        print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KiB")
                    context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
