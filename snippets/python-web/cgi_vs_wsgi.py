"""CGI(요청마다 새 프로세스)와 WSGI(한 번 띄운 프로세스가 계속 처리)를 같은 앱으로 비교합니다.

CGI 쪽 웹 서버(게이트웨이)는 RFC 3875대로 요청 정보를 환경 변수(메타 변수)에, 본문을 stdin에
넣고 이 파일을 ``--cgi``로 새로 실행합니다. 자식은 stdout에 헤더, 빈 줄, 본문을 씁니다.
(파이썬 3.13에서 ``cgi`` 모듈이 빠졌으므로 게이트웨이는 직접 만들고, 자식 쪽은 표준 라이브러리의
``wsgiref.handlers.CGIHandler``로 같은 WSGI 앱을 CGI 프로그램처럼 돌립니다.)
"""

import json
import os
import subprocess
import sys
import time
from wsgiref.handlers import CGIHandler


def app(environ, start_response):
    """두 방식이 똑같이 부르는 WSGI 앱: 어느 프로세스가 무엇을 받았는지 답합니다."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    reply = {
        "pid": os.getpid(),
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "body": environ["wsgi.input"].read(length).decode(),
        "run_once": environ["wsgi.run_once"],
    }
    body = json.dumps(reply, ensure_ascii=False).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


if sys.argv[1:] == ["--cgi"]:  # CGI 자식 프로세스로 실행된 경우: 요청 하나를 처리하고 끝납니다
    CGIHandler().run(app)
    sys.exit(0)

from labkit.procs import fetch  # noqa: E402  (CGI 자식은 여기까지 오지 않습니다)
from labkit.servers import wsgi_server  # noqa: E402


def cgi_gateway(environ, start_response):
    """웹 서버 쪽: 요청마다 CGI 프로그램(이 파일 --cgi)을 새 프로세스로 실행합니다."""
    meta = {  # RFC 3875 §4.1 메타 변수
        "GATEWAY_INTERFACE": "CGI/1.1",
        "REQUEST_METHOD": environ["REQUEST_METHOD"],
        "SCRIPT_NAME": "/cgi-bin/app",
        "PATH_INFO": environ["PATH_INFO"].removeprefix("/cgi-bin/app"),
        "QUERY_STRING": environ.get("QUERY_STRING", ""),
        "CONTENT_LENGTH": environ.get("CONTENT_LENGTH") or "",
        "CONTENT_TYPE": environ.get("CONTENT_TYPE") or "",
        "SERVER_NAME": environ["SERVER_NAME"],
        "SERVER_PORT": environ["SERVER_PORT"],
        "SERVER_PROTOCOL": environ["SERVER_PROTOCOL"],
        "SERVER_SOFTWARE": "lab-cgi-gateway/1.0",
        "REMOTE_ADDR": environ["REMOTE_ADDR"],
        **{key: value for key, value in environ.items() if key.startswith("HTTP_")},  # 요청 헤더
    }
    inherited = {key: os.environ[key] for key in ("PATH", "PYTHONPATH") if key in os.environ}  # 파이썬 실행용
    body = environ["wsgi.input"].read(int(meta["CONTENT_LENGTH"] or 0))
    child = subprocess.run(
        [sys.executable, __file__, "--cgi"], input=body, env={**inherited, **meta}, capture_output=True, timeout=10
    )
    head, _, payload = child.stdout.partition(b"\r\n\r\n")  # stdout = 헤더 + 빈 줄 + 본문
    headers = [tuple(line.split(": ", 1)) for line in head.decode("latin-1").split("\r\n")]
    status = dict(headers).pop("Status", "200 OK")  # CGI는 상태를 Status 헤더로 알립니다
    start_response(status, [(name, value) for name, value in headers if name != "Status"])
    return [payload]


def measure(base_url: str, count: int) -> tuple[list[dict], float]:
    """GET ``count``번과 POST 한 번을 보내고, (응답들, 요청당 평균 초)를 돌려줍니다."""
    started = time.perf_counter()
    replies = [json.loads(fetch(f"{base_url}/hello?n={n}")[2]) for n in range(count - 1)]
    replies.append(json.loads(fetch(f"{base_url}/echo", data="안녕".encode())[2]))
    return replies, (time.perf_counter() - started) / count


N = 10
with wsgi_server(cgi_gateway) as (host, port):
    cgi_replies, cgi_seconds = measure(f"http://{host}:{port}/cgi-bin/app", N)
with wsgi_server(app) as (host, port):
    wsgi_replies, wsgi_seconds = measure(f"http://{host}:{port}", N)

for name, replies, seconds in (("CGI ", cgi_replies, cgi_seconds), ("WSGI", wsgi_replies, wsgi_seconds)):
    pids = {reply["pid"] for reply in replies}
    print(f"{name}: 요청 {N}개 → 앱을 실행한 프로세스 {len(pids)}개, 요청당 {seconds * 1000:6.1f} ms")
print(f"CGI가 요청당 약 {cgi_seconds / wsgi_seconds:.0f}배 느렸습니다 (이 컴퓨터에서 이번 실행 기준).")
print("CGI 자식이 받은 POST:", {key: cgi_replies[-1][key] for key in ("method", "path", "query", "body")})

# 실습이 보여 준 사실을 확인합니다 (시간은 컴퓨터마다 다르므로 어느 쪽이 느린지만 확인합니다).
assert len({reply["pid"] for reply in cgi_replies}) == N, "CGI: 요청마다 새 프로세스"
assert os.getpid() not in {reply["pid"] for reply in cgi_replies}
assert {reply["pid"] for reply in wsgi_replies} == {os.getpid()}, "WSGI: 상주 프로세스 하나가 모두 처리"
assert all(reply["run_once"] for reply in cgi_replies) and not any(reply["run_once"] for reply in wsgi_replies)
assert cgi_replies[0]["path"] == "/hello" and cgi_replies[0]["query"] == "n=0", "PATH_INFO, QUERY_STRING"
assert cgi_replies[-1]["method"] == "POST" and cgi_replies[-1]["body"] == "안녕", "본문은 stdin으로"
assert cgi_replies[-1] | {"pid": 0, "run_once": 0} == wsgi_replies[-1] | {"pid": 0, "run_once": 0}, "같은 앱, 같은 답"
assert cgi_seconds > wsgi_seconds, "출력한 'N배 느렸습니다'의 방향(프로세스를 띄우는 쪽이 느림)"
