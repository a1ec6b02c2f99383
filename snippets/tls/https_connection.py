"""HTTPS 연결 하나: 실습 CA가 서명한 인증서로 TLS 서버를 띄우고, 검증하며 접속합니다.

TLS는 TCP 연결 위에 얹는 층입니다. 그래서 순서가
① TCP 연결 → ② TLS 핸드셰이크(인증서 검증, 키 합의) → ③ 그 위에서 평범한 HTTP 입니다.
"""

import socket

from labkit.servers import wsgi_server
from labkit.tls_lab import HOST_NAME, client_context, issue, make_ca, server_context


def app(environ, start_response):
    """아주 작은 WSGI 앱: 인사말 한 줄."""
    body = "안녕하세요, TLS 너머의 서버입니다.\n".encode()
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


ca = make_ca()
leaf = issue(ca, HOST_NAME)  # SAN = www.example.test

# ① TCP 연결 → ② TLS 핸드셰이크. 실습이라 IP로 직접 연결합니다(보통은 DNS로 이 주소를 찾습니다).
# server_hostname 은 SNI로 서버에 전해지고, 인증서의 이름을 확인하는 데에도 쓰입니다.
with (
    wsgi_server(app, ssl_context=server_context(leaf)) as (host, port),
    socket.create_connection((host, port), timeout=3) as tcp,
    client_context(ca).wrap_socket(tcp, server_hostname=HOST_NAME) as tls,
):
    version = tls.version()
    cipher_name, _, secret_bits = tls.cipher()
    peer = tls.getpeercert()
    # ③ 암호화된 통로 위의 HTTP/1.1 요청
    tls.sendall(f"GET / HTTP/1.1\r\nHost: {HOST_NAME}\r\nConnection: close\r\n\r\n".encode())
    response = b""
    while chunk := tls.recv(65536):
        response += chunk

san = [value for kind, value in peer["subjectAltName"]]
status_line, _, rest = response.partition(b"\r\n")
body = rest.split(b"\r\n\r\n", 1)[1].decode()

print(f"서버 주소          : {host}:{port}  (443이 아니어도 HTTPS입니다)")
print(f"TLS 버전           : {version}")
print(f"암호 스위트        : {cipher_name} ({secret_bits}비트 대칭키)")
print(f"인증서 SAN         : {san}")
print(f"인증서 발급자      : {dict(pair[0] for pair in peer['issuer'])['organizationalUnitName']}")
print(f"응답               : {status_line.decode()}")
print(f"본문               : {body.strip()}")

# 이 실습이 보여 준 사실을 확인합니다.
assert version == "TLSv1.3", version
assert cipher_name in {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"}, cipher_name
assert HOST_NAME in san, "검증을 통과한 인증서는 접속한 이름을 SAN에 담고 있습니다"
assert status_line == b"HTTP/1.0 200 OK" and "TLS 너머" in body, "wsgiref 서버는 HTTP/1.0으로 답합니다"
assert port != 443, "443이 아니어도 HTTPS입니다"
print("→ 인증서 검증과 호스트 이름 확인을 켠 채로 접속했고, HTTP는 그 위에서 평소처럼 오갔습니다.")
