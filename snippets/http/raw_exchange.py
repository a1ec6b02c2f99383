"""HTTP/1.1 메시지를 바이트 그대로 소켓에 쓰고, 서버가 돌려준 바이트를 그대로 봅니다.

HTTP/1.1 메시지 = 시작 줄 + 헤더 줄들 + 빈 줄 + (선택) 본문. 줄 끝은 CRLF(␍␊)입니다.
서버는 Bearer 토큰을 확인하고, Accept-Language를 보고 응답 언어를 고릅니다.
"""

import json

from labkit.expect import expect_status
from labkit.net_lab import http11_server, raw_exchange, show_bytes

TOKEN = "demo-token-not-a-secret"  # 실습용 가짜 토큰
TEXT = "TCP 복습"


def app(environ, start_response):
    if environ.get("HTTP_AUTHORIZATION") != f"Bearer {TOKEN}":  # 표준 헤더: Authorization: Bearer <토큰>
        start_response(
            "401 Unauthorized", [("WWW-Authenticate", 'Bearer realm="notes"'), ("Content-Type", "text/plain")]
        )
        return [b"token required"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    note = json.loads(environ["wsgi.input"].read(length))  # 본문은 Content-Length 바이트만큼
    korean = environ.get("HTTP_ACCEPT_LANGUAGE", "").startswith("ko")  # 간단히 첫 언어만 봅니다.
    reply = {"id": 1, "text": note["text"], "message": "저장했습니다" if korean else "saved"}
    start_response(
        "201 Created",
        [
            ("Location", "/api/notes/1"),
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Language", "ko" if korean else "en"),
            ("Vary", "Accept-Language"),
        ],
    )
    return [json.dumps(reply, ensure_ascii=False).encode()]


def build_request(host: str, port: int, token: str | None, language: str = "ko-KR,ko;q=0.9,en;q=0.5") -> bytes:
    body = json.dumps({"text": TEXT}, ensure_ascii=False).encode()
    lines = [
        "POST /api/notes HTTP/1.1",  # 시작 줄: 메서드, 요청 대상, 버전
        f"Host: {host}:{port}",  # HTTP/1.1에서 꼭 필요한 헤더
        "User-Agent: net-notes-lab/1.0",
        "Accept: application/json",
        f"Accept-Language: {language}",
        *([f"Authorization: Bearer {token}"] if token else []),
        "Content-Type: application/json; charset=utf-8",
        f"Content-Length: {len(body)}",  # 본문이 어디서 끝나는지
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


with http11_server(app) as (host, port):
    request = build_request(host, port, TOKEN)
    response = raw_exchange(host, port, request)
    anonymous = raw_exchange(host, port, build_request(host, port, token=None))
    english = raw_exchange(host, port, build_request(host, port, TOKEN, language="en-US,en;q=0.9"))


def split(message: bytes) -> tuple[str, dict[str, str], bytes]:
    """응답 바이트를 상태 줄, 헤더, 본문으로 나눕니다."""
    head, _, body = message.partition(b"\r\n\r\n")
    status_line, *lines = head.decode().split("\r\n")
    return status_line, dict(line.split(": ", 1) for line in lines), body


show_bytes("클라이언트가 보낸 요청", request)
show_bytes("서버가 보낸 응답", response)
status_line, headers, body = split(response)
sent_body = request.partition(b"\r\n\r\n")[2]
print(f"--- 요청 본문은 {len(sent_body.decode())}글자, {len(sent_body)}바이트(UTF-8에서 한글은 글자당 3바이트)")
denied_line, denied_headers, _ = split(anonymous)
print(f"--- 토큰 없이 보내면: {denied_line}, WWW-Authenticate: {denied_headers['WWW-Authenticate']}")
_, english_headers, english_body = split(english)
print(
    f"--- Accept-Language: en-US로 보내면: Content-Language: {english_headers['Content-Language']}, {english_body.decode()}"
)

assert status_line == "HTTP/1.1 201 Created", "상태 줄: 버전, 상태 코드, 사유 구절"
assert headers["Location"] == "/api/notes/1" and headers["Content-Language"] == "ko"
assert int(headers["Content-Length"]) == len(body), "본문 길이를 헤더가 알려 줍니다"
sent_length = int(request.split(b"Content-Length: ")[1].split(b"\r\n")[0])
assert sent_length == len(sent_body) != len(sent_body.decode()), "Content-Length는 글자 수가 아니라 바이트 수"
assert all(len(char.encode()) == 3 for char in "복습"), "UTF-8에서 한글은 글자당 3바이트"
assert json.loads(body)["text"] == TEXT
assert headers["Vary"] == "Accept-Language" and english_headers["Content-Language"] == "en", "언어는 헤더가 고릅니다"
expect_status(int(denied_line.split()[1]), 401)
assert denied_headers["WWW-Authenticate"].startswith("Bearer ")
print("확인: 요청과 응답 모두 '시작 줄 + 헤더 + 빈 줄 + 본문' 구조이고, 토큰은 Authorization 헤더로 갑니다.")
