"""쿠키-세션 로그인: 쿠키에는 무작위 세션 ID만, 사용자 정보는 서버 쪽 저장소에 둡니다.

루프백 HTTPS 서버(trustme로 만든 테스트용 인증서) 하나와 두 클라이언트가 등장합니다.
  * 피해자의 브라우저: 쿠키 저장소(http.cookiejar)가 Set-Cookie를 보관했다가 자동으로 돌려보냅니다.
  * 공격자: 어떤 식으로든 알아낸 세션 ID를 Cookie 헤더에 직접 넣어 보냅니다.
확인하는 것: 로그인하면 ID가 바뀜(세션 고정 방어) / 훔친 ID는 그대로 통함(HttpOnly·TLS가 중요한 이유)
/ 로그아웃하면 서버가 세션을 지우므로 훔친 ID도 죽음.
"""

import hashlib
import hmac
import http.cookiejar
import secrets
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from labkit.expect import expect_status
from labkit.servers import wsgi_server
from labkit.tls_lab import client_context, issue, make_ca, server_context

COOKIE = "__Host-sid"  # __Host- 접두사: Secure, Path=/, Domain 없음이어야 브라우저가 받아 줍니다
SESSIONS: dict[str, dict] = {}  # 서버 쪽 세션 저장소(실서비스라면 DB나 Redis)
SALT = b"lab-salt"
USERS = {"alice": hashlib.pbkdf2_hmac("sha256", b"correct horse", SALT, 100_000)}  # 비밀번호는 해시만


def session_cookie(value: str, max_age: int | None = None) -> str:
    cookie = SimpleCookie()
    cookie[COOKIE] = value
    morsel = cookie[COOKIE]
    morsel.update({"path": "/", "secure": True, "httponly": True, "samesite": "Lax"})
    if max_age is not None:
        morsel["max-age"] = max_age
    return morsel.OutputString()


def app(environ, start_response):
    """GET / · POST /login · GET /me · POST /logout 네 가지만 압니다."""
    route = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    jar = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    sid = jar[COOKIE].value if COOKIE in jar else None
    session = SESSIONS.get(sid)
    headers, status, body = [], "200 OK", ""
    if route == ("GET", "/") and session is None:  # 로그인 전에도 세션을 줍니다(장바구니 등)
        sid = secrets.token_urlsafe(32)
        SESSIONS[sid] = {"cart": []}
        headers.append(("Set-Cookie", session_cookie(sid)))
        body = "익명 세션을 만들었습니다"
    elif route == ("POST", "/login"):
        form = parse_qs(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])).decode())
        user, password = form["user"][0], form["password"][0].encode()
        typed = hashlib.pbkdf2_hmac("sha256", password, SALT, 100_000)
        if user in USERS and hmac.compare_digest(typed, USERS[user]):
            data = SESSIONS.pop(sid, {})  # 옛 ID는 버리고(회전) 자료만 옮깁니다
            sid = secrets.token_urlsafe(32)
            SESSIONS[sid] = {**data, "user": user}
            headers.append(("Set-Cookie", session_cookie(sid)))
            body = f"{user} 로그인"
        else:
            status, body = "401 Unauthorized", "아이디 또는 비밀번호가 틀립니다"
    elif route == ("GET", "/me"):
        user = session and session.get("user")
        status, body = ("200 OK", f"안녕하세요 {user}") if user else ("401 Unauthorized", "로그인이 필요합니다")
    elif route == ("POST", "/logout"):
        SESSIONS.pop(sid, None)  # 서버에서 지우는 순간 그 ID는 어디서 와도 무효
        headers.append(("Set-Cookie", session_cookie("", max_age=0)))  # 브라우저에게도 지우라고
        body = "로그아웃"
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), *headers])
    return [body.encode()]


def send(opener, url: str, data: str | None = None, cookie: str | None = None):
    """(상태 코드, Set-Cookie, 본문)을 돌려줍니다. 4xx도 예외 대신 값으로."""
    request = urllib.request.Request(url, data=None if data is None else data.encode())
    if cookie:
        request.add_header("Cookie", f"{COOKIE}={cookie}")
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, response.headers.get("Set-Cookie"), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, None, error.read().decode()


ca = make_ca()  # 실습용 CA와 127.0.0.1용 서버 인증서(labkit.tls_lab)
server_tls = server_context(issue(ca, "127.0.0.1"))
client_tls = client_context(ca)

jar = http.cookiejar.CookieJar()
no_proxy = urllib.request.ProxyHandler({})
https = urllib.request.HTTPSHandler(context=client_tls)
browser = urllib.request.build_opener(no_proxy, https, urllib.request.HTTPCookieProcessor(jar))
attacker = urllib.request.build_opener(no_proxy, https)  # 쿠키 저장소 없음: 헤더를 손으로 넣습니다


def sid_in_jar() -> str | None:
    return next((c.value for c in jar if c.name == COOKIE), None)


with wsgi_server(app, ssl_context=server_tls) as (host, port):
    base = f"https://{host}:{port}"
    status, _, body = send(browser, f"{base}/")
    before = sid_in_jar()
    print(f"1. GET /          → {status} {body} (ID-1)")
    status, set_cookie, body = send(browser, f"{base}/login", "user=alice&password=correct+horse")
    after = sid_in_jar()
    print(f"2. POST /login    → {status} {body}. 새 ID-2 발급:\n   Set-Cookie: {set_cookie.replace(after, 'ID-2')}")
    print(
        f"   서버 저장소: {{'ID-2': {SESSIONS[after]}}}  ID-1은 {'지워졌습니다' if before not in SESSIONS else '남아 있습니다'}"
    )
    me = send(browser, f"{base}/me")
    print(f"3. GET /me        → {me[0]} {me[2]}  (브라우저가 쿠키를 자동으로 붙였습니다)")
    fixation = send(attacker, f"{base}/me", cookie=before)
    print(f"4. 공격자, ID-1   → {fixation[0]} {fixation[2]}  (로그인 전 ID는 이미 버려짐)")
    hijack = send(attacker, f"{base}/me", cookie=after)
    print(f"5. 공격자, ID-2   → {hijack[0]} {hijack[2]}  (훔친 세션 ID는 그대로 통합니다)")
    logout = send(browser, f"{base}/logout", "")
    print(
        f"6. POST /logout   → {logout[0]} {logout[2]}. 서버 저장소: {SESSIONS}, 브라우저의 세션 쿠키: {sid_in_jar() or '없음'}"
    )
    replay = send(attacker, f"{base}/me", cookie=after)
    print(f"7. 공격자, ID-2   → {replay[0]} {replay[2]}  (서버가 세션을 지웠습니다)")

assert before and after and before != after, "로그인하면 세션 ID가 바뀌어야 합니다"
assert all(flag in set_cookie for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"))
assert set_cookie.startswith("__Host-sid=") and "Domain" not in set_cookie, "__Host- 접두사의 조건"
assert "alice" not in set_cookie and "horse" not in set_cookie, "쿠키에는 무작위 ID만"
assert me[0] == 200 and hijack[0] == 200, "브라우저도, ID-2를 훔친 공격자도 alice로 통과합니다"
expect_status(fixation[0], 401)  # 로그인 전 ID-1은 버려졌습니다
assert logout[0] == 200 and SESSIONS == {} and sid_in_jar() is None
expect_status(replay[0], 401)  # 로그아웃 뒤에는 훔친 ID-2도 무효
print("확인: ID 회전, 탈취된 ID의 재사용, 로그아웃 후 무효화까지 모두 예상대로입니다.")
