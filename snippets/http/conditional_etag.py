"""조건부 요청: ETag로 '바뀌었을 때만' 받고(304), '안 바뀌었을 때만' 고칩니다(412).

* ETag는 자원의 현재 표현에 붙이는 버전 표시입니다(RFC 9110 §8.8.3).
* If-None-Match: 가진 버전과 같으면 서버는 본문 없이 304 Not Modified로 답합니다(§13.1.2).
* If-Match: 가진 버전이 최신일 때만 수정합니다. 아니면 412 Precondition Failed(§13.1.1).
"""

import hashlib

from labkit.expect import expect_status
from labkit.net_lab import http11_server, http_request

note = {"text": "TCP는 바이트 스트림입니다. " * 20}  # 서버의 자원 하나


def etag_of(text: str) -> str:
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:16] + '"'  # 큰따옴표까지가 ETag 값


def app(environ, start_response):
    current = etag_of(note["text"])
    headers = [("ETag", current), ("Cache-Control", "no-cache")]  # no-cache: 쓰기 전에 재검증하라
    if environ["REQUEST_METHOD"] == "PUT":
        if environ.get("HTTP_IF_MATCH") != current:  # 남이 먼저 고쳤다면 덮어쓰지 않습니다.
            start_response("412 Precondition Failed", [("ETag", current)])
            return [b""]
        note["text"] = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])).decode()
        start_response("204 No Content", [("ETag", etag_of(note["text"]))])
        return [b""]
    if environ.get("HTTP_IF_NONE_MATCH") == current:  # 클라이언트 사본이 최신: 본문을 보내지 않습니다.
        start_response("304 Not Modified", headers)
        return [b""]
    start_response("200 OK", headers + [("Content-Type", "text/plain; charset=utf-8")])
    return [note["text"].encode()]


with http11_server(app) as (host, port):
    log = []

    def send(label: str, method: str, headers: dict, body: bytes | None = None):
        reply = http_request(host, port, method, "/note", headers=headers, body=body)
        log.append(reply)
        sent = ", ".join(f"{k}: {v}" for k, v in headers.items()) or "-"
        print(f"{method:<4} {sent:<34} → {reply.status} {reply.reason:<19} 본문 {len(reply.body):>3}B  # {label}")
        return reply

    first = send("처음 받기", "GET", {})
    v1 = first.headers["ETag"]
    send("다시 확인: 그대로인가?", "GET", {"If-None-Match": v1})
    send("A가 수정", "PUT", {"If-Match": v1}, "A가 고친 내용".encode())
    send("B가 옛 버전을 보고 수정", "PUT", {"If-Match": v1}, "B가 고친 내용".encode())
    fresh = send("옛 사본으로 다시 확인", "GET", {"If-None-Match": v1})

print(f"\n처음 ETag {v1} → 지금 ETag {fresh.headers['ETag']}, 서버에 남은 내용: {note['text']!r}")
assert [r.status for r in log[:3]] == [200, 304, 204] and log[4].status == 200
expect_status(log[3].status, 412)  # B의 옛 ETag는 거절됩니다.
assert log[1].body == b"" and len(log[0].body) > 500, "304는 본문 없이 '가진 것을 쓰라'는 뜻"
assert log[1].headers["ETag"] == v1 and fresh.headers["ETag"] != v1, "내용이 바뀌면 ETag도 바뀝니다"
assert note["text"] == "A가 고친 내용", "B의 수정은 412로 거절되어 A의 수정을 덮어쓰지 않았습니다"
print("확인: 안 바뀌었으면 304(전송 절약), 남이 먼저 바꿨으면 412(갱신 손실 방지).")
