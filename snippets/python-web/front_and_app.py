"""웹 서버(앞단)와 애플리케이션 서버(뒷단)의 역할 분담을 파이썬만으로 재현합니다.

* 앞단: /static/ 아래 요청은 디스크의 파일을 그대로 보냅니다(정적). 나머지는 요청을 끝까지 받아
  둔 뒤(버퍼링) 뒷단으로 넘기고, 원래 클라이언트 주소를 X-Forwarded-For에 적어 줍니다.
* 뒷단: WSGI 앱이 요청마다 사용자별로 다른 HTML을 만듭니다(동적).
클라이언트는 127.0.0.2에서 접속하므로, 앱이 보는 직접 연결 주소와 원래 주소가 구분됩니다.
"""

import http.client
import mimetypes
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs

from labkit.procs import lab_dir
from labkit.servers import wsgi_server
from labkit.services import require_loopback

app_calls = Counter()  # 뒷단 앱이 받은 요청 수(경로별)
visits = Counter()  # 사용자별 방문 횟수: 이 상태 때문에 응답이 매번 달라집니다


def application(environ, start_response):
    """뒷단(앱 서버)의 WSGI 앱: 동적 페이지를 만듭니다."""
    app_calls[environ["PATH_INFO"]] += 1
    user = parse_qs(environ["QUERY_STRING"]).get("user", ["손님"])[0]
    visits[user] += 1
    html = f"<p>{user}님, {visits[user]}번째 방문</p>".encode()
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("X-Seen-Remote-Addr", environ["REMOTE_ADDR"]),  # 앱에 직접 연결한 쪽(= 앞단)
            ("X-Seen-Forwarded-For", environ.get("HTTP_X_FORWARDED_FOR", "")),  # 원래 클라이언트
        ],
    )
    return [html]


def serve_static(root: Path, path: str, start_response) -> list[bytes]:
    file = (root / path.removeprefix("/static/")).resolve()
    if not file.is_relative_to(root) or not file.is_file():  # ../ 로 폴더 밖을 읽지 못하게
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body = file.read_bytes()
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def proxy(upstream: tuple[str, int], environ, start_response) -> list[bytes]:
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))  # 요청 전체를 먼저 받음
    headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")}
    headers["X-Forwarded-For"] = ", ".join(filter(None, [headers.get("X-Forwarded-For"), environ["REMOTE_ADDR"]]))
    target = environ["PATH_INFO"] + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
    conn = http.client.HTTPConnection(*upstream, timeout=5)
    try:
        conn.request(environ["REQUEST_METHOD"], target, body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read()  # 응답도 전부 받아 둡니다: 앱 서버는 곧바로 다음 요청으로
    finally:
        conn.close()
    passed = [(k, v) for k, v in response.getheaders() if k.lower() not in ("connection", "date", "server")]
    start_response(f"{response.status} {response.reason}", passed)
    return [payload]


def make_front(static_root: Path, upstream: tuple[str, int]):
    def front(environ, start_response):
        """앞단(웹 서버): 경로를 보고 직접 처리할지, 앱 서버로 넘길지 정합니다."""
        if environ["PATH_INFO"].startswith("/static/"):
            return serve_static(static_root, environ["PATH_INFO"], start_response)
        return proxy(upstream, environ, start_response)

    return front


def get(port: int, path: str) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=("127.0.0.2", 0))
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


CSS = "body { color: navy; }\n"
REQUESTS = ["/static/style.css", "/static/style.css", "/static/../secret.txt"]
REQUESTS += ["/hello?user=kim", "/hello?user=kim", "/hello?user=lee"]

require_loopback("127.0.0.2")  # 클라이언트가 접속할 두 번째 루프백 주소
with lab_dir() as root, wsgi_server(application) as app_address:
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text(CSS)
    (root / "secret.txt").write_text("비밀 설정\n")
    with wsgi_server(make_front(root / "static", app_address)) as (_, front_port):
        results = [(path, *get(front_port, path)) for path in REQUESTS]

for path, status, headers, body in results:
    by = "앱 서버" if "X-Seen-Remote-Addr" in headers else "웹 서버"
    print(f"GET {path:<23} → {status} {by}: {body.strip()}")
_, _, app_headers, _ = results[3]
print(
    f"앱이 본 직접 연결 주소 {app_headers['X-Seen-Remote-Addr']}, X-Forwarded-For {app_headers['X-Seen-Forwarded-For']}"
)
print(f"앱이 받은 요청: {dict(app_calls)}")

static1, static2, escape, kim1, kim2, lee = (r[1:] for r in results)
# 상태와 본문을 비교합니다 (헤더의 Date 는 두 요청 사이에 초가 바뀌면 달라집니다)
assert (static1[0], static1[2]) == (static2[0], static2[2]) == (200, CSS), "정적: 늘 같은 바이트"
assert static1[1]["Content-Type"] == "text/css"
assert escape[0] == 404, "정적 폴더 밖의 파일은 내주지 않음"
assert [kim1[2], kim2[2], lee[2]] == [
    "<p>kim님, 1번째 방문</p>",
    "<p>kim님, 2번째 방문</p>",
    "<p>lee님, 1번째 방문</p>",
]
assert app_calls == {"/hello": 3}, "정적 요청은 앱까지 오지 않음"
assert app_headers["X-Seen-Remote-Addr"] == "127.0.0.1" and app_headers["X-Seen-Forwarded-For"] == "127.0.0.2"
