"""쿠키 저장소의 규칙: 어떤 쿠키가 어느 요청에 자동으로 붙는가.

같은 WSGI 앱을 127.0.0.1의 두 포트에 띄웁니다. 하나는 HTTPS(trustme 테스트 인증서), 하나는 평문 HTTP.
클라이언트는 파이썬 표준 쿠키 저장소(http.cookiejar)입니다. 앱은 /set 에서 쿠키 넷을 주고,
/logout 에서 하나를 지우고, 나머지 경로에서는 받은 Cookie 헤더를 그대로 돌려줍니다.
"""

import http.cookiejar
import time
import urllib.request

from labkit.servers import wsgi_server
from labkit.tls_lab import client_context, issue, make_ca, server_context

SET_COOKIES = [
    "sid=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Lax",  # 만료 없음 → 세션 쿠키
    "theme=dark; Path=/; Max-Age=3600",  # 1시간 동안 남는 영속 쿠키
    "cart=3; Path=/shop",  # /shop 아래 경로에만
    "promo=spring; Path=/; Max-Age=600",
]


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/set":
        headers = [("Set-Cookie", value) for value in SET_COOKIES]
    elif path == "/logout":
        headers = [("Set-Cookie", "promo=; Path=/; Max-Age=0")]  # Max-Age=0: 지금 지우라는 뜻
    else:
        headers = []
    start_response("200 OK", [("Content-Type", "text/plain"), *headers])
    return [environ.get("HTTP_COOKIE", "(Cookie 헤더 없음)").encode()]


ca = make_ca()  # 실습용 CA와 127.0.0.1용 서버 인증서(labkit.tls_lab)
server_tls = server_context(issue(ca, "127.0.0.1"))
client_tls = client_context(ca)

jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(
    urllib.request.ProxyHandler({}),
    urllib.request.HTTPSHandler(context=client_tls),
    urllib.request.HTTPCookieProcessor(jar),
)


def get(url: str) -> str:
    with browser.open(url, timeout=5) as response:
        return response.read().decode()


def describe_jar() -> None:
    for cookie in sorted(jar, key=lambda c: c.name):
        lifetime = (
            "세션 쿠키(만료 없음)"
            if cookie.expires is None
            else f"약 {round((cookie.expires - time.time()) / 60)}분 뒤 만료"
        )
        print(f"   {cookie.name:<6} path={cookie.path:<6} secure={cookie.secure!s:<5} {lifetime}")


with wsgi_server(app, ssl_context=server_tls) as (host, tls_port), wsgi_server(app) as (_, plain_port):
    https, plain = f"https://{host}:{tls_port}", f"http://{host}:{plain_port}"
    get(f"{https}/set")
    print("1) HTTPS 응답의 Set-Cookie 4개를 저장했습니다:")
    describe_jar()
    at_root = get(f"{https}/")
    at_shop = get(f"{https}/shop/items")
    over_http = get(f"{plain}/")
    print(f"2) GET https://…/ → Cookie: {at_root}")
    print(f"3) GET https://…/shop/items → Cookie: {at_shop}")
    print(f"4) GET http://…/ (평문 HTTP, 다른 포트) → Cookie: {over_http}")
    get(f"{https}/logout")
    after_logout = get(f"{https}/")
    print(f"5) promo=; Max-Age=0 을 받은 뒤 GET https://…/ → Cookie: {after_logout}")
    jar.clear_session_cookies()  # 브라우저를 완전히 닫을 때 일어나는 일
    after_restart = get(f"{https}/")
    left_in_jar = sorted(cookie.name for cookie in jar)
    print(f"6) 브라우저를 껐다 켠 뒤 GET https://…/ → Cookie: {after_restart}")

theme = next(c for c in jar if c.name == "theme")
assert at_root == "sid=s3cr3t; theme=dark; promo=spring", "Path=/shop 쿠키는 루트 경로에 붙지 않습니다"
assert at_shop.startswith("cart=3") and "sid=s3cr3t" in at_shop, "경로가 더 긴 쿠키가 먼저 옵니다"
assert over_http == "theme=dark; promo=spring", "Secure 쿠키는 http:// 로 보내지 않습니다(포트는 따지지 않음)"
assert "promo" not in after_logout
assert after_restart == "theme=dark" and left_in_jar == ["theme"], "세션 쿠키(sid, cart)는 브라우저를 끄면 사라집니다"
assert not theme.is_expired() and theme.is_expired(time.time() + 3601), "Max-Age=3600 → 1시간 뒤 만료"
print("확인: Path, Secure, Max-Age, 세션 쿠키와 영속 쿠키의 규칙이 모두 예상대로입니다.")
