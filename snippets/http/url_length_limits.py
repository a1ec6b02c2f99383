""" "GET은 길이 제한이 있다"의 정체: 제한은 프로토콜이 아니라 서버마다의 설정입니다.

HTTP는 URI 길이의 상한을 정하지 않고, 8000옥텟 이상을 받으라고 권장할 뿐입니다(RFC 9110 §4.1).
세 서버(gunicorn, nginx, 파이썬 http.server)가 기본 설정으로 받아 주는 요청 줄의 최대 길이를 이분 탐색으로
찾고, 넘으면 무엇으로 답하는지(414), 헤더가 크면(431 또는 400), 본문이 크면(413) 어떻게 되는지 봅니다.
"""

import http.server
import socket
import sys
from pathlib import Path

from labkit.expect import expect_status
from labkit.nginx_lab import nginx_running
from labkit.procs import free_port, http_ready, lab_dir, listening_socket, running
from labkit.servers import serving


def app(environ, start_response):
    """gunicorn이 부르는 WSGI 앱: 무엇이든 200."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


class Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def status(port: int, target: str, headers: str = "", method: str = "GET", whole: bool = True) -> int | None:
    """요청을 바이트로 보내고 상태 코드를 읽습니다(``whole``이면 응답 끝까지). 서버가 끊어 버리면 None."""
    request = f"{method} {target} HTTP/1.1\r\nHost: example.test\r\n{headers}Connection: close\r\n\r\n".encode()
    reply = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(request)
            while (whole or b"\r\n" not in reply) and (chunk := sock.recv(65536)):  # 서버가 닫을 때까지
                reply += chunk
    except ConnectionError:  # 너무 긴 요청을 보내는 도중에 서버가 끊어 버린 경우
        pass
    return int(reply.split()[1]) if reply.startswith(b"HTTP/") else None


def longest_request_line(port: int) -> int:
    """받아 주는(4xx가 아닌) 가장 긴 요청 줄의 길이(CRLF 제외)를 이분 탐색으로 찾습니다."""
    overhead = len("GET / HTTP/1.1")
    low, high = 1, 1 << 17  # 경로 길이 1 ~ 131072

    def accepted(n: int) -> bool:
        code = status(port, "/" + "a" * (n - 1))
        return code is not None and code < 400

    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if accepted(middle) else (low, middle - 1)
    return low + overhead - 1


def measure(name: str, port: int) -> dict:
    line = longest_request_line(port)
    over = status(port, "/" + "a" * (line - len("GET / HTTP/1.1") + 1))  # 한 바이트 더 길게
    rfc = status(port, "/" + "a" * 7999)  # RFC 9110 §4.1이 권장하는 8000옥텟
    cookie = status(port, "/", headers=f"Cookie: session={'x' * 16000}\r\n")  # 16KB 헤더 줄 하나
    expect_status(over, 414)
    print(f"{name}: 요청 줄 최대 {line}바이트 · 넘으면 {over} · 8000옥텟 경로 {rfc} · 16KB 쿠키 헤더 {cookie}")
    return {"line": line, "rfc": rfc, "cookie": cookie}


def main() -> None:
    here = Path(__file__).resolve().parent
    results = {}
    with lab_dir() as root, listening_socket() as sock:
        port = sock.getsockname()[1]
        command = [sys.executable, "-m", "gunicorn", "--bind", f"fd://{sock.fileno()}", "--workers", "1"]
        command += ["--no-control-socket", "--pythonpath", str(here), "url_length_limits:app"]
        ready = http_ready(f"http://127.0.0.1:{port}/")
        with running(command, log=root / "gunicorn.out", ready=ready, pass_fds=(sock.fileno(),)):
            results["gunicorn"] = measure("gunicorn", port)

    with lab_dir() as root:
        port = free_port()
        conf = f"server {{ listen 127.0.0.1:{port}; location / {{ return 200 'ok'; }} }}"
        with nginx_running(root, conf, ready=f"http://127.0.0.1:{port}/"):
            results["nginx"] = measure("nginx", port)
            big_body = status(port, "/upload", headers="Content-Length: 2000000\r\n", method="POST", whole=False)
            expect_status(big_body, 413)
            print(f"nginx: 2MB 본문의 POST → {big_body} (client_max_body_size 기본값 1m)")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    with serving(server):
        results["http.server"] = measure("http.server", server.server_address[1])

    gunicorn, nginx, stdlib = results["gunicorn"], results["nginx"], results["http.server"]
    assert gunicorn["line"] == 4094, "gunicorn --limit-request-line 기본값 4094"
    assert nginx["line"] + 2 == 8192, "nginx large_client_header_buffers 기본값 8k (CRLF 포함)"
    assert stdlib["line"] + 2 == 65536, "http.server는 CRLF 포함 65536바이트까지"
    assert gunicorn["rfc"] == 414 and nginx["rfc"] == 200 == stdlib["rfc"], "8000옥텟 URI를 gunicorn 기본값만 거절"
    expect_status(gunicorn["cookie"], 431)
    assert stdlib["cookie"] == 200, "http.server는 헤더 한 줄을 64KB까지 받습니다"
    expect_status(nginx["cookie"], 400)  # nginx는 431 대신 400 "Request Header Or Cookie Too Large"
    print("확인: 세 서버의 한도가 모두 다르고, 그 값은 각 서버의 설정 기본값입니다. HTTP 자체에는 한도가 없습니다.")


if __name__ == "__main__":  # gunicorn 워커가 이 파일을 import할 때는 app만 씁니다
    main()
