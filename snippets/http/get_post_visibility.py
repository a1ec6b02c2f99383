""" "POST는 데이터가 숨겨져서 안전하다"? 누가 무엇을 보는지 GET·POST × HTTP·HTTPS로 확인합니다.

같은 로그인 정보(``password=hunter2``)를 쿼리 문자열(GET)과 본문(POST)에 담아 nginx에 보냅니다.
클라이언트와 nginx 사이에는 바이트를 그대로 기록하는 중계기(네트워크 중간의 도청자 자리)가 있습니다.

* 도청자에게는 메서드와 상관없이 HTTP면 보이고 HTTPS면 보이지 않습니다: 숨기는 것은 TLS입니다.
* 서버의 접근 로그에는 HTTPS여도 URL(쿼리 문자열 포함)이 남고, POST 본문은 남지 않습니다.
"""

import re
import socket

from labkit.nginx_lab import access_log, nginx_running
from labkit.procs import free_port, lab_dir
from labkit.tls_lab import HOST_NAME, client_context, eavesdropping_relay, issue, make_ca

SECRET = "password=hunter2"
FORM = f"user=kim&{SECRET}"
REQUESTS = {
    "GET": f"GET /login?{FORM} HTTP/1.1\r\nHost: {HOST_NAME}\r\nConnection: close\r\n\r\n",
    "POST": (
        f"POST /login HTTP/1.1\r\nHost: {HOST_NAME}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(FORM)}\r\nConnection: close\r\n\r\n{FORM}"
    ),
}
HTTP_CONF = """
    server {
        listen 127.0.0.1:@HTTP@;
        listen 127.0.0.1:@HTTPS@ ssl;
        ssl_certificate server.pem;            # 실습 CA가 서명한 www.example.test 인증서
        ssl_certificate_key server.pem;
        location / { return 200 "welcome\\n"; }
    }
"""


def send(address: tuple[str, int], request: str, tls=None) -> bytes:
    """중계기를 거쳐 요청을 보내고 응답 전체를 받습니다. ``tls``가 있으면 TLS로 감쌉니다."""
    with socket.create_connection(address, timeout=3) as tcp:
        conn = tls.wrap_socket(tcp, server_hostname=HOST_NAME) if tls else tcp
        with conn:
            conn.sendall(request.encode())
            reply = b""
            while chunk := conn.recv(65536):
                reply += chunk
            return reply


ca = make_ca()
wire = {}  # (방식, 메서드) → 도청자가 본 클라이언트→서버 바이트
with lab_dir() as root:
    issue(ca, HOST_NAME).private_key_and_cert_chain_pem.write_to_path(str(root / "server.pem"))
    ports = {"http": free_port(), "https": free_port()}
    conf = HTTP_CONF.replace("@HTTP@", str(ports["http"])).replace("@HTTPS@", str(ports["https"]))
    with nginx_running(root, conf, ready=f"http://127.0.0.1:{ports['http']}/ready"):
        for scheme, tls in (("http", None), ("https", client_context(ca))):
            for method, request in REQUESTS.items():
                with eavesdropping_relay(("127.0.0.1", ports[scheme])) as (relay, seen):
                    reply = send(relay, request, tls)
                assert reply.startswith(b"HTTP/1.1 200") and reply.endswith(b"welcome\n")
                wire[scheme, method] = bytes(seen.to_server)
    logged = re.findall(r'"([A-Z]+ /login[^"]*)"', access_log(root))  # 로그 줄의 요청 줄 부분 (nginx가 멈춘 뒤)

print("nginx 접근 로그에 남은 요청 줄:")
for line in logged:
    print("   ", line)
assert len(logged) == len(wire) == 4, "요청 4개, 로그 4줄"
in_log = {key: SECRET in line for key, line in zip(wire, logged, strict=True)}  # 로그 줄은 보낸 순서대로
print()
for (scheme, method), data in wire.items():
    relay_view = "보임" if SECRET.encode() in data else "안 보임"
    log_view = "남음" if in_log[scheme, method] else "안 남음"
    print(f"{scheme.upper()} {method}: 도청자에게 비밀번호가 {relay_view}, 접근 로그에 비밀번호가 {log_view}")

assert [line.split()[0] for line in logged] == ["GET", "POST", "GET", "POST"]
assert SECRET.encode() in wire["http", "GET"] and SECRET.encode() in wire["http", "POST"], "HTTP: 둘 다 보임"
assert SECRET.encode() not in wire["https", "GET"] + wire["https", "POST"], "HTTPS: 둘 다 안 보임"
assert b"/login" not in wire["https", "GET"], "HTTPS에서는 URL 경로도 도청자에게 안 보임"
assert in_log["http", "GET"] and in_log["https", "GET"], "GET의 쿼리 문자열은 HTTPS여도 로그에 남음"
assert not in_log["http", "POST"] and not in_log["https", "POST"], "POST 본문은 기본 로그 형식에 없음"
print("확인: 도청을 막는 것은 메서드가 아니라 TLS이고, URL은 HTTPS여도 서버 로그에 남습니다.")
