"""nginx 뒤의 gunicorn: 진짜 프로세스로 역할 분담을 확인합니다.

* nginx는 /static/ 파일을 디스크에서 직접 보내고, /api/ 요청만 gunicorn에 HTTP로 넘깁니다.
* gunicorn(WSGI 서버)은 워커 프로세스 2개를 fork하고, 워커가 아래 ``app``(WSGI 앱)을 부릅니다.
* 앱은 nginx가 붙인 X-Forwarded-For로 원래 클라이언트 주소를 봅니다.
* 느린 클라이언트 2개가 gunicorn의 sync 워커 2개를 모두 붙잡지만, nginx 앞에서는 그렇지 않습니다.
"""

import contextlib
import http.client
import json
import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from labkit.procs import fetch, free_port, lab_dir, listening_socket
from labkit.services import require_loopback
from labkit.web_stack import gunicorn, nginx


def app(environ, start_response):
    """gunicorn 워커 안에서 실행되는 WSGI 앱: 누가(PID) 무엇을 받았는지 JSON으로 답합니다."""
    if environ["PATH_INFO"] == "/api/slow":
        time.sleep(0.3)  # 무거운 처리 흉내: 이 동안 이 워커는 다른 요청을 못 받습니다
    body = json.dumps(
        {
            "pid": os.getpid(),
            "ppid": os.getppid(),
            "remote_addr": environ["REMOTE_ADDR"],
            "x_forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
        }
    ).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def slow_clients(port: int, count: int, stack: contextlib.ExitStack) -> None:
    """요청 헤더를 끝까지 보내지 않는 연결(느린 모바일 회선 흉내)을 ``count``개 엽니다."""
    for _ in range(count):
        conn = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=3))
        conn.sendall(b"GET /api/hello HTTP/1.1\r\nHost: example.test\r\n")  # 빈 줄(헤더 끝)을 안 보냄


def get_or_timeout(url: str) -> str:
    """GET 하나를 보내 상태 코드를, 1초 안에 응답이 없으면 "시간 초과"를 돌려줍니다(다른 오류는 그대로)."""
    try:
        return str(fetch(url, timeout=1.0)[0])
    except TimeoutError:
        return "시간 초과"


def get_from(source: str, port: int, path: str, headers: dict) -> dict:
    """``source`` 주소에서 접속해 GET을 보내고 JSON 본문을 돌려줍니다(앱이 본 주소와 구분하려고)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def main() -> None:
    require_loopback("127.0.0.2")  # 클라이언트가 접속할 두 번째 루프백 주소
    here = Path(__file__).resolve().parent
    with lab_dir() as root, listening_socket() as app_sock:
        (root / "www/static").mkdir(parents=True)
        (root / "www/static/hello.txt").write_text("정적 파일입니다\n")
        app_port, web_port = app_sock.getsockname()[1], free_port()
        conf = (here / "nginx.conf").read_text()
        conf = conf.replace("@APP_PORT@", str(app_port)).replace("@NGINX_PORT@", str(web_port))
        api, web = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{web_port}"
        with (
            gunicorn("nginx_gunicorn:app", app_sock, root, here=here, workers=2, ready_path="/api/") as master,
            nginx(root, conf, ready_url=web + "/") as server,
        ):
            print("$ nginx -t →", server.test_result)  # 띄우기 전에 설정 문법부터 검사했습니다
            status, headers, body = fetch(web + "/static/hello.txt")
            print(f"GET /static/hello.txt → {status}, Server: {headers['Server']}, 본문: {body.decode().strip()}")
            assert status == 200 and headers["Server"].startswith("nginx") and body == "정적 파일입니다\n".encode()

            seen = get_from("127.0.0.2", web_port, "/api/whoami", {"X-Forwarded-For": "203.0.113.7"})
            print(f"127.0.0.2에서 GET /api/whoami → 앱이 본 REMOTE_ADDR={seen['remote_addr']}, ", end="")
            print(f"X-Forwarded-For={seen['x_forwarded_for']!r}")
            assert seen["x_forwarded_for"] == "203.0.113.7, 127.0.0.2", "클라이언트가 보낸 값 뒤에 nginx가 덧붙임"
            assert seen["remote_addr"] == "127.0.0.1", "앱에 직접 연결한 쪽은 nginx(클라이언트 127.0.0.2가 아님)"

            with ThreadPoolExecutor(2) as pool:  # 동시에 두 요청: sync 워커 하나는 한 번에 하나만 처리
                replies = list(pool.map(lambda _: json.loads(fetch(web + "/api/slow")[2]), range(2)))
            workers = {reply["pid"] for reply in replies}
            print(f"동시 요청 2개 → 워커 PID {sorted(workers)}, 둘의 부모 = gunicorn 마스터 {master.pid}")
            assert len(workers) == 2 and {reply["ppid"] for reply in replies} == {master.pid}

            with contextlib.ExitStack() as stack:  # 느린 클라이언트 2개가 nginx에 붙어 있을 때
                slow_clients(web_port, 2, stack)
                via_nginx = get_or_timeout(web + "/api/hello")
            with contextlib.ExitStack() as stack:  # 같은 2개가 gunicorn에 직접 붙어 있을 때
                slow_clients(app_port, 2, stack)
                started = time.perf_counter()
                direct = get_or_timeout(api + "/api/hello")
                waited = time.perf_counter() - started
            print(f"느린 클라이언트 2개 + 새 요청: nginx 경유 → {via_nginx}, gunicorn 직접 → {direct}")
            assert via_nginx == "200" and direct == "시간 초과", "sync 워커 2개가 모두 느린 연결에 묶임"
            assert waited >= 0.95, "연결 실패가 아니라 1초를 다 기다린 시간 초과입니다"

        access_log = (root / "app.log").read_text()
        assert "/static/" not in access_log and "/api/whoami" in access_log, "정적 파일은 gunicorn까지 가지 않음"
        print("gunicorn 접근 로그에 /static/ 요청은 없습니다: 정적 파일은 nginx가 직접 보냈습니다.")


if __name__ == "__main__":  # gunicorn 워커가 이 파일을 import할 때는 app만 쓰고 main()은 돌지 않습니다
    main()
