"""sync 워커 1개인 gunicorn에 본문을 천천히 올리는 클라이언트: 직접 붙을 때와 nginx 뒤에 둘 때.

느린 업로드는 본문의 절반을 보낸 뒤 멈춥니다. 그 사이에 다른 클라이언트가 짧은 GET을 보냅니다.
앱은 자기가 요청을 처리한 순서를 응답에 적어 주므로, 워커가 누구를 먼저 맡았는지 알 수 있습니다.
nginx 설정은 "Nginx와 Gunicorn" 페이지의 nginx.conf를 그대로 씁니다(proxy_request_buffering on).
"""

import itertools
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import psutil

from labkit.procs import fetch, free_port, lab_dir, listening_socket
from labkit.web_stack import gunicorn, nginx

BODY = b"x" * 2000
handled = itertools.count(1)  # 워커가 1개뿐이므로 이 숫자가 곧 처리 순서입니다


def app(environ, start_response):
    """gunicorn 워커 안의 WSGI 앱: 본문을 읽고, 몇 번째로 처리한 요청인지 답합니다."""
    started = time.perf_counter()
    body = environ["wsgi.input"].read()  # 본문이 다 올 때까지 여기서 멈춤: 그동안 워커 전체가 멈춤
    reply = {"order": next(handled), "bytes": len(body), "read": time.perf_counter() - started}
    data = json.dumps(reply).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def connections_to(port: int) -> int:
    """지금 ``port``(gunicorn)로 맺어져 있는 TCP 연결 수. 운영체제의 연결 표에서 셉니다."""
    established = psutil.net_connections("tcp")
    return sum(c.status == psutil.CONN_ESTABLISHED and c.raddr and c.raddr.port == port for c in established)


def reached(app_port: int, seconds: float) -> bool:
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        if connections_to(app_port):
            return True
        time.sleep(0.02)
    return False


def race(port: int, app_port: int, label: str) -> tuple[dict, dict]:
    """느린 업로드가 멈춘 사이 빠른 GET을 보내고, 두 응답을 돌려줍니다."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as upload, ThreadPoolExecutor(1) as pool:
        head = b"POST /api/upload HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n"
        upload.sendall(head + b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY[:1000])  # 절반만 보내고 멈춤
        at_app = reached(app_port, 0.5)  # 멈춘 업로드가 gunicorn까지 연결되었나?
        quick = pool.submit(fetch, f"http://127.0.0.1:{port}/api/hello", timeout=5)
        quick_first = bool(wait([quick], timeout=0.8).done)  # 업로드가 멈춘 동안 GET이 끝났나?
        upload.sendall(BODY[1000:])  # 나머지 절반
        with upload.makefile("rb") as response:  # Connection: close이므로 끝까지 읽으면 응답 전체
            upload_reply = json.loads(response.read().split(b"\r\n\r\n", 1)[1])
        upload.close()  # 바로 닫음: gunicorn은 응답 뒤 클라이언트가 닫기를 잠깐 기다립니다
        quick_reply = json.loads(quick.result()[2])
    first = "GET → 업로드" if quick_reply["order"] < upload_reply["order"] else "업로드 → GET"
    print(f"{label}: 멈춘 업로드가 gunicorn에 {'닿음' if at_app else '안 닿음'}, ", end="")
    print(f"업로드가 멈춘 동안 GET {'끝남' if quick_first else '못 끝남'}, 워커의 처리 순서 {first}, ", end="")
    print(f"앱이 본문을 읽은 시간 {upload_reply['read']:.2f}초")
    assert upload_reply["bytes"] == len(BODY)
    assert at_app != quick_first, "업로드가 워커에 닿으면 GET은 기다리고, 닿지 않으면 GET이 먼저 끝납니다"
    return upload_reply, quick_reply


def main() -> None:
    here = Path(__file__).resolve().parent
    template = (here / "nginx.conf").read_text()
    with lab_dir() as root, listening_socket() as app_sock:
        app_port = app_sock.getsockname()[1]
        with gunicorn("gunicorn_slow_upload:app", app_sock, root, here=here, workers=1):
            upload, quick = race(app_port, app_port, "gunicorn에 직접")
            assert upload["order"] < quick["order"], "sync 워커 하나가 느린 업로드에 묶여 GET이 기다렸습니다"

            for buffering in ("on", "off"):
                web_port = free_port()
                conf = template.replace("@APP_PORT@", str(app_port)).replace("@NGINX_PORT@", str(web_port))
                switched = conf.replace("proxy_request_buffering on;", f"proxy_request_buffering {buffering};")
                assert f"proxy_request_buffering {buffering};" in switched
                with nginx(root, switched, ready_url=f"http://127.0.0.1:{web_port}/"):
                    upload, quick = race(web_port, app_port, f"nginx 경유(proxy_request_buffering {buffering})")
                if buffering == "on":  # nginx가 본문을 다 받은 뒤에야 gunicorn에 넘김
                    assert quick["order"] < upload["order"], "워커는 완성된 업로드만 받았습니다"
                else:  # 버퍼링을 끄면 nginx 뒤에서도 워커가 느린 업로드에 묶임
                    assert upload["order"] < quick["order"], "버퍼링을 끄면 nginx가 있어도 워커가 묶입니다"


if __name__ == "__main__":  # gunicorn 워커가 이 파일을 import할 때는 app만 쓰고 main()은 돌지 않습니다
    main()
