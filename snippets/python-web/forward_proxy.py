"""작은 포워드 프록시: 클라이언트가 알고, 직접 설정해서 쓰는 프록시입니다.

* http:// 주소는 요청 줄에 URL 전체를 적어 보냅니다(절대 형식, RFC 9112 §3.2.2).
  프록시는 그 URL을 보고 원 서버에 접속해 경로만 남긴 요청(원 형식)으로 바꿔 보냅니다.
* https:// 주소는 CONNECT로 터널을 부탁합니다(RFC 9110 §9.3.6). 프록시는 호스트와 포트만 알고,
  그 뒤로 오가는 TLS 바이트를 그대로 옮길 뿐이라 경로를 보지 못합니다.
"""

import contextlib
import http.client
import json
import socket
import urllib.request
from urllib.parse import urlsplit

from labkit.servers import tcp_server, wsgi_server
from labkit.services import require_loopback
from labkit.tls_lab import HOST_NAME, Recording, client_context, client_hello_sni, issue, make_ca, pump, server_context
from labkit.web_stack import read_head

NAMES = {HOST_NAME: "127.0.0.1"}  # 프록시의 이름 풀이: 진짜 DNS 대신 실습용 표
PROXY_SOURCE = "127.0.0.3"  # 프록시가 원 서버에 접속할 때 쓰는 주소
HOP_BY_HOP = ("connection", "proxy-connection", "keep-alive")  # 다음 구간으로 넘기지 않는 헤더


def origin(environ, start_response):
    """원 서버: 자기가 받은 것을 JSON으로 답합니다."""
    seen = {
        "path": environ["PATH_INFO"],
        "peer": environ["REMOTE_ADDR"],
        "via": environ.get("HTTP_VIA"),
        "forwarded": environ.get("HTTP_FORWARDED"),
    }
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(seen).encode()]


def forward_proxy(request_lines: list[str], tunnel: Recording):
    def handle(client: socket.socket, peer: tuple) -> None:
        client.settimeout(5)
        request_line, *headers = read_head(client).decode("latin-1").split("\r\n")[:-2]
        request_lines.append(request_line)
        method, target, _ = request_line.split(" ")
        if method == "CONNECT":  # 터널: "호스트:포트"만 알고 나머지는 그대로 옮김
            host, port = target.rsplit(":", 1)
            with socket.create_connection((NAMES[host], int(port)), 5, (PROXY_SOURCE, 0)) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                with contextlib.suppress(ConnectionResetError):  # 한쪽이 reset으로 끊어도 터널의 끝
                    pump(client, upstream, tunnel)
            return
        url = urlsplit(target)  # 절대 형식에서 원 서버와 경로를 꺼냄
        kept = [line for line in headers if line.split(":")[0].lower() not in HOP_BY_HOP]
        kept += ["Via: 1.1 lab-proxy", f"Forwarded: for={peer[0]}", "Connection: close"]
        with socket.create_connection((NAMES[url.hostname], url.port), 5, (PROXY_SOURCE, 0)) as upstream:
            upstream.sendall(("\r\n".join([f"{method} {url.path} HTTP/1.1", *kept]) + "\r\n\r\n").encode())
            pump(client, upstream, Recording())

    return handle


def main() -> None:
    require_loopback(PROXY_SOURCE)
    ca = make_ca()
    request_lines: list[str] = []
    tunnel = Recording()
    with (
        wsgi_server(origin) as (_, http_port),
        wsgi_server(origin, ssl_context=server_context(issue(ca))) as (_, https_port),
        tcp_server(forward_proxy(request_lines, tunnel)) as (_, proxy_port),
    ):
        # 1) http://: 클라이언트에 프록시를 설정하면 요청 줄에 URL 전체가 들어갑니다
        proxies = urllib.request.ProxyHandler({"http": f"http://127.0.0.1:{proxy_port}"})
        url = f"http://{HOST_NAME}:{http_port}/hello"
        with urllib.request.build_opener(proxies).open(url, timeout=5) as response:
            seen = json.loads(response.read())
        print(f"클라이언트 → 프록시: {request_lines[0]}")
        print(f"프록시 → 원 서버: GET {seen['path']}, 원 서버가 본 상대 주소 {seen['peer']}, ", end="")
        print(f"Via: {seen['via']}, Forwarded: {seen['forwarded']}")
        assert request_lines[0] == f"GET {url} HTTP/1.1", "포워드 프록시에는 절대 형식"
        assert seen["path"] == "/hello" and seen["peer"] == PROXY_SOURCE, "원 형식으로 바꿔 프록시가 접속"
        assert seen["via"] == "1.1 lab-proxy" and seen["forwarded"] == "for=127.0.0.1", "RFC 9110 §7.6.3, RFC 7239"

        # 2) https://: CONNECT로 터널을 만들고 그 안에서 TLS
        conn = http.client.HTTPSConnection("127.0.0.1", proxy_port, timeout=5, context=client_context(ca))
        conn.set_tunnel(HOST_NAME, https_port)
        try:
            conn.request("GET", "/account/secret-report")
            seen = json.loads(conn.getresponse().read())
        finally:
            conn.close()
        method, target = request_lines[1].split()[:2]  # 끝의 HTTP 버전은 파이썬 버전마다 다릅니다
        print(f"클라이언트 → 프록시: {method} {target}")
        print(f"터널 안에서 원 서버가 받은 경로: {seen['path']}, 원 서버가 본 상대 주소 {seen['peer']}")
        sni = client_hello_sni(bytes(tunnel.to_server))
        hidden = b"secret-report" not in tunnel.to_server
        print(f"프록시가 옮긴 바이트에서 보이는 것: SNI={sni}, 경로 {'안 보임' if hidden else '보임'}")
        assert (method, target) == ("CONNECT", f"{HOST_NAME}:{https_port}"), "터널에는 호스트와 포트만"
        assert seen["path"] == "/account/secret-report" and sni == HOST_NAME and hidden


if __name__ == "__main__":
    main()
