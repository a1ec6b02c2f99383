"""진짜 브라우저로 하는 실습: 데비안의 Chromium(/usr/bin/chromium)을 Playwright로 띄웁니다.

* ``chromium()``: 헤드리스 Chromium의 브라우저 문맥(BrowserContext)을 엽니다. 프로필은
  TMPDIR 안의 새 디렉터리에 두고, 블록을 나가면(실패해도) 브라우저를 닫고 그 디렉터리를 지웁니다.
  브라우저를 내려받지 않습니다. Chromium이 없으면 실습을 건너뜁니다(CI에서는 실패).
* ``console_log(page)``: 페이지의 콘솔 메시지(브라우저가 직접 남기는 CORS·CSP 오류 포함)를 모읍니다.
* ``wait_until(page, 조건)``: 조건이 참이 될 때까지 브라우저 이벤트를 처리하며 기다립니다(제한 시간 있음).
* ``run_js(page, 코드, 인자)``: 페이지 안에서 JavaScript 함수를 실행합니다. 그 함수가 던진
  예외는 ``JSTypeError``처럼 이름이 같은 파이썬 예외로 바꿔 올립니다(``labkit.expect``로 확인).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator

from labkit.services import require_program, skip_lab

# 실습에 필요 없는 백그라운드 통신(업데이트 확인, 컴포넌트 내려받기)과 첫 실행 화면을 끕니다.
FLAGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]


class JSError(Exception):
    """페이지의 JavaScript가 던진 예외. ``name``은 JS 쪽 이름(TypeError, ReferenceError …)입니다."""

    name = "Error"


class JSTypeError(JSError):
    name = "TypeError"


JS_ERRORS = {kind.name: kind for kind in (JSTypeError,)}

# 함수를 try/catch로 감싸 실행합니다: 예외가 나면 이름과 메시지만 돌려받습니다.
# page.evaluate()에는 시간 제한이 없으므로, 끝나지 않는 Promise(응답 없는 fetch 등)는 MS 밀리초에 끊습니다.
_WRAPPER = """async (arg) => {
  const limit = new Promise((_, reject) => setTimeout(() => reject({name: "LabTimeout"}), MS));
  try { return {ok: true, value: await Promise.race([(SOURCE)(arg), limit])}; }
  catch (e) { return {ok: false, name: e.name, message: e.message}; }
}"""


def chromium_path() -> str:
    """$CHROMIUM(경로나 이름, 빈 값이면 "없음")이 있으면 그것, 없으면 PATH의 chromium."""
    name = os.environ.get("CHROMIUM", "chromium")
    if not name:
        skip_lab("CHROMIUM 이 빈 값입니다: 브라우저 실습을 건너뜁니다")
    return require_program(name, "chromium")


@contextlib.contextmanager
def chromium(*, wait_seconds: float = 5.0, launch_seconds: float = 15.0) -> Iterator:
    """헤드리스 Chromium 문맥. 모든 기다림(이동, 선택자, 함수)에 ``wait_seconds`` 제한을 겁니다."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    as_root = os.geteuid() == 0
    # Chromium은 root로는 샌드박스를 켠 채 시작하지 않습니다("Running as root without --no-sandbox
    # is not supported"). 그래서 root일 때만 샌드박스를 끄고, 보통 사용자로는 켠 채로 띄웁니다.
    # (Playwright는 chromium_sandbox=True가 아니면 스스로 --no-sandbox를 붙이므로 둘 다 정합니다.)
    args = FLAGS + (["--no-sandbox"] if as_root else [])
    profile = tempfile.mkdtemp(prefix="chromium-profile-")  # TMPDIR 안, 실습마다 새 프로필
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=executable,
                headless=True,
                args=args,
                chromium_sandbox=not as_root,
                timeout=launch_seconds * 1000,
            )
            try:
                context.set_default_timeout(wait_seconds * 1000)
                context.set_default_navigation_timeout(wait_seconds * 1000)
                yield context
            finally:
                context.close()  # 브라우저 프로세스가 끝날 때까지 기다립니다
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def console_log(page) -> list[str]:
    """이 페이지의 콘솔 메시지가 쌓이는 목록("error: …", "log: …")."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    return messages


def wait_until(page, check, seconds: float = 5.0, what: str = "조건") -> None:
    """``check()``가 참이 될 때까지 기다립니다. 그동안 Playwright가 콘솔 같은 이벤트를 받아 둡니다."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: {seconds:g}초 안에 참이 되지 않았습니다")
        page.wait_for_timeout(20)


def run_js(page, source: str, arg=None, seconds: float = 5.0):
    """``source``(JS 함수 식, async 가능)를 ``arg``로 불러 결과를 돌려줍니다. JS 예외는 JSError로."""
    result = page.evaluate(_WRAPPER.replace("MS", str(int(seconds * 1000))).replace("SOURCE", source), arg)
    if result["ok"]:
        return result["value"]
    if result["name"] == "LabTimeout":
        raise TimeoutError(f"페이지의 JavaScript가 {seconds:g}초 안에 끝나지 않았습니다")
    kind = JS_ERRORS.get(result["name"], JSError)
    raise kind(f"{result['name']}: {result['message']}")
