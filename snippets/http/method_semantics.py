"""메서드의 의미: 안전(safe)과 멱등(idempotent)을 서버 상태로 확인합니다(RFC 9110 §9.2).

* GET은 안전합니다: 몇 번을 보내도 서버 상태가 바뀌지 않습니다.
* PUT과 DELETE는 멱등입니다: 한 번 보내든 두 번 보내든 서버 상태가 같습니다.
* POST는 멱등이 아닙니다: 두 번 보내면 자원이 두 개 생깁니다.
"""

import json
import re

from labkit.expect import expect_status
from labkit.net_lab import http11_server, http_request

notes: dict[int, str] = {}  # 서버 상태: id → 내용


def app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
    item = re.fullmatch(r"/notes/(\d+)", path)
    if path == "/notes" and method == "POST":  # 새 자원의 id는 서버가 정합니다.
        new_id = max(notes, default=0) + 1
        notes[new_id] = body
        return respond(start_response, "201 Created", [("Location", f"/notes/{new_id}")])
    if path == "/notes" and method == "GET":
        return respond(start_response, "200 OK", [], json.dumps(notes, ensure_ascii=False))
    if item and method == "PUT":  # 클라이언트가 정한 id에 '이 내용으로 통째로' 둡니다.
        created = int(item[1]) not in notes
        notes[int(item[1])] = body
        return respond(start_response, "201 Created" if created else "200 OK", [])
    if item and method == "DELETE":
        removed = notes.pop(int(item[1]), None)
        return respond(start_response, "204 No Content" if removed is not None else "404 Not Found", [])
    return respond(start_response, "405 Method Not Allowed", [("Allow", "GET, POST, PUT, DELETE")])


def respond(start_response, status: str, headers: list, text: str = ""):
    start_response(status, headers + [("Content-Type", "application/json; charset=utf-8")])
    return [text.encode()]


with http11_server(app) as (host, port):

    def send(method: str, path: str, text: str | None = None) -> int:
        reply = http_request(host, port, method, path, body=text.encode() if text is not None else None)
        where = reply.headers["Location"] or ""
        print(f"{method:<6} {path:<9} → {reply.status} {reply.reason:<11} {where:<9} 서버 상태: {notes}")
        return reply.status

    before = dict(notes)
    first_put, second_put = send("PUT", "/notes/7", "IP 복습"), send("PUT", "/notes/7", "IP 복습")
    after_puts = dict(notes)
    send("POST", "/notes", "TCP 복습")
    send("POST", "/notes", "TCP 복습")
    snapshot = dict(notes)
    for _ in range(3):
        assert send("GET", "/notes") == 200
    after_gets = dict(notes)
    first_delete, second_delete = send("DELETE", "/notes/7"), send("DELETE", "/notes/7")

assert before == {} and (first_put, second_put) == (201, 200)
assert after_puts == {7: "IP 복습"}, "PUT 두 번 = 자원 하나, 같은 내용(멱등)"
assert list(snapshot.values()).count("TCP 복습") == 2, "POST 두 번 = 자원 두 개(멱등 아님)"
assert sorted(snapshot) == [7, 8, 9], "새 id(8, 9)는 서버가 정했습니다"
assert after_gets == snapshot, "GET 세 번 뒤에도 상태가 그대로(안전)"
assert first_delete == 204 and 7 not in notes
expect_status(second_delete, 404)  # 응답 코드는 달라도 상태는 같습니다(멱등)
assert notes == {k: v for k, v in after_gets.items() if k != 7}, "두 번째 DELETE는 상태를 바꾸지 않았습니다"
print("확인: GET은 상태를 바꾸지 않고, PUT·DELETE는 반복해도 같은 상태, POST는 반복하면 자원이 늘어납니다.")
