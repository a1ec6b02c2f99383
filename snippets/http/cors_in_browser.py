"""CORS는 브라우저가 지킵니다: 진짜 Chromium의 fetch()가 다른 출처의 API를 부릅니다.

페이지 출처 http://127.0.0.1:A 와 API 출처 http://127.0.0.1:B 는 포트만 달라도 다른 출처입니다.
API 서버는 받은 요청을 모두 기록하므로, 브라우저가 막은 요청이 서버에 도착했는지 확인할 수 있습니다.
"""

from urllib.parse import parse_qs

from labkit.browser import JSTypeError, chromium, console_log, run_js, wait_until
from labkit.expect import expect_error
from labkit.servers import wsgi_server

SESSION = "sid=s3cret"
ARRIVED: list[str] = []  # API 서버에 도착한 요청의 요약(메서드, 경로, CORS에 쓰이는 요청 헤더)
LAST = {"arrived": [], "cors": []}  # 직전 fetch 하나로 서버에 도착한 요청과 콘솔의 CORS 오류
FETCH = "async ([url, init]) => { const r = await fetch(url, init); return `${r.status} ${await r.text()}`; }"


def page_app(environ, start_response):
    """페이지 출처: HTML 한 장과 세션 쿠키. 쿠키는 포트를 가리지 않으므로 API 포트로도 갈 수 있습니다."""
    start_response("200 OK", [("Content-Type", "text/html"), ("Set-Cookie", f"{SESSION}; Path=/; SameSite=Lax")])
    return [b"<!doctype html><title>app</title><p>page origin"]


def cors_headers(policy: str, origin: str) -> list[tuple[str, str]]:
    """?policy= 로 고르는 응답 헤더. 실제 서비스라면 요청의 Origin을 허용 목록과 비교합니다."""
    if policy == "star":
        return [("Access-Control-Allow-Origin", "*")]
    if policy == "origin":
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    if policy == "credentials":
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
        ]
    return []  # CORS 헤더 없음


def api_app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    request_headers = {
        "Origin": environ.get("HTTP_ORIGIN"),
        "Access-Control-Request-Method": environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"),
        "Access-Control-Request-Headers": environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
        "Cookie": environ.get("HTTP_COOKIE"),
    }
    ARRIVED.append(" ".join([method, path] + [f"{k}: {v}" for k, v in request_headers.items() if v]))
    policy = parse_qs(environ["QUERY_STRING"]).get("policy", ["none"])[0]
    headers = cors_headers(policy, request_headers["Origin"])
    if method == "OPTIONS":  # 사전 요청(preflight)에 답합니다. /items만 메서드와 헤더까지 허용합니다
        if path == "/items":
            headers += [
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "Content-Type, X-Request-Id"),
                ("Access-Control-Max-Age", "600"),
            ]
        start_response("204 No Content", headers)
        return [b""]
    start_response("200 OK", [("Content-Type", "text/plain"), *headers])
    return [f"{method} {path} 처리함, 받은 쿠키: {request_headers['Cookie'] or '없음'}".encode()]


def attempt(title: str, url: str, **init) -> str:
    """페이지의 스크립트가 fetch(url, init)을 부르고 본문을 읽습니다. 막히면 JSTypeError가 납니다."""
    mark, seen = len(ARRIVED), len(console)
    print(title)
    try:
        text = run_js(page, FETCH, [url, init])
        print(f"   JS가 읽은 응답: {text}")
        return text
    except JSTypeError as error:
        print(f"   JS가 받은 예외: {error}")
        wait_until(page, lambda: any("CORS policy" in m for m in console[seen:]), what="콘솔의 CORS 오류")
        raise
    finally:
        LAST["arrived"] = ARRIVED[mark:]
        LAST["cors"] = [m for m in console[seen:] if "CORS policy" in m]
        for line in LAST["arrived"]:
            print(f"   서버에 도착: {line}")
        for message in LAST["cors"]:
            print(f"   콘솔: …{message[message.index('has been blocked') :]}")


with wsgi_server(page_app) as (host, page_port), wsgi_server(api_app) as (_, api_port):
    page_origin, api = f"http://{host}:{page_port}", f"http://{host}:{api_port}"
    with chromium() as context:
        page = context.new_page()
        console = console_log(page)
        page.goto(page_origin + "/")
        origins = run_js(page, "(api) => [location.origin, new URL(api).origin]", api)
        print(f"페이지 출처 {origins[0]}, API 출처 {origins[1]}\n")
        assert origins == [page_origin, api] and page_origin != api, "포트만 달라도 다른 출처"

        with expect_error(JSTypeError, "Failed to fetch"):
            attempt("① 단순 GET, API가 CORS 헤더를 보내지 않음", f"{api}/data")
        assert LAST["arrived"] == [f"GET /data Origin: {page_origin}"], "막혔어도 요청은 서버에 도착했습니다"
        assert "No 'Access-Control-Allow-Origin' header" in LAST["cors"][0]

        allowed = attempt("② 같은 GET, API가 Access-Control-Allow-Origin: * 를 보냄", f"{api}/data?policy=star")
        assert allowed.startswith("200 GET /data") and LAST["cors"] == []

        put = {"method": "PUT", "headers": {"Content-Type": "application/json", "X-Request-Id": "7"}, "body": "{}"}
        with expect_error(JSTypeError, "Failed to fetch"):
            attempt(
                "③ JSON PUT + 사용자 지정 헤더, 사전 요청에 허용 메서드가 없음", f"{api}/strict?policy=origin", **put
            )
        preflight = (
            f"OPTIONS /strict Origin: {page_origin} Access-Control-Request-Method: PUT "
            "Access-Control-Request-Headers: content-type,x-request-id"
        )
        assert LAST["arrived"] == [preflight], "사전 요청만 오고 PUT 자체는 보내지지 않았습니다"
        assert "Access-Control-Allow-Methods" in LAST["cors"][0]

        stored = attempt("④ 같은 PUT, 사전 요청에 메서드·헤더를 허용함", f"{api}/items?policy=origin", **put)
        assert stored.startswith("200 PUT /items")
        assert [line.split()[0] for line in LAST["arrived"]] == ["OPTIONS", "PUT"]
        attempt(
            "⑤ 한 번 더 (Access-Control-Max-Age: 600 동안 사전 요청 결과를 재사용)", f"{api}/items?policy=origin", **put
        )
        assert [line.split()[0] for line in LAST["arrived"]] == ["PUT"], "두 번째는 사전 요청 없이"

        anonymous = attempt("⑥ 기본 fetch(credentials: same-origin)", f"{api}/me?policy=credentials")
        assert anonymous.endswith("받은 쿠키: 없음") and "Cookie" not in LAST["arrived"][0]
        with expect_error(JSTypeError, "Failed to fetch"):
            attempt("⑦ credentials: include, API는 Allow-Origin: *", f"{api}/me?policy=star", credentials="include")
        assert LAST["arrived"][0].endswith(f"Cookie: {SESSION}"), "쿠키는 서버까지 갔고, 응답만 막혔습니다"
        assert "must not be the wildcard '*'" in LAST["cors"][0]
        with expect_error(JSTypeError, "Failed to fetch"):
            attempt(
                "⑧ credentials: include, 출처는 맞지만 Allow-Credentials 없음",
                f"{api}/me?policy=origin",
                credentials="include",
            )
        assert "'Access-Control-Allow-Credentials'" in LAST["cors"][0]
        mine = attempt(
            "⑨ credentials: include, 출처 + Allow-Credentials: true",
            f"{api}/me?policy=credentials",
            credentials="include",
        )
        assert mine.endswith(f"받은 쿠키: {SESSION}") and LAST["cors"] == []

print("\n확인: 브라우저는 요청을 보내고 응답을 막았으며, 사전 요청이 실패한 PUT은 보내지 않았습니다.")
