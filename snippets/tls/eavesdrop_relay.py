"""도청자 자리에서 보기: 같은 로그인 요청을 HTTP와 HTTPS로 보내고, 중간 중계기가 본 바이트를 비교합니다.

중계기(relay)는 클라이언트와 서버 사이에서 바이트를 그대로 전달하면서 모두 기록합니다.
공유기, 같은 와이파이의 다른 사람, 통신사 장비가 서 있는 자리입니다.
대조 실험으로 같은 요청을 TLS 1.2로도 보내, 1.2에서는 서버 인증서가 평문으로 지나간다는 것을 봅니다.
"""

import socket
import ssl

from labkit.servers import wsgi_server
from labkit.tls_lab import (
    HOST_NAME,
    client_context,
    client_hello_sni,
    eavesdropping_relay,
    issue,
    make_ca,
    server_context,
    tls_records,
)

SECRET = b"password=hunter2"
REQUEST = (
    (
        f"POST /login HTTP/1.1\r\nHost: {HOST_NAME}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(b'user=kim&' + SECRET)}\r\nConnection: close\r\n\r\n"
    ).encode()
    + b"user=kim&"
    + SECRET
)


def app(environ, start_response):
    """로그인 폼을 받아 환영 인사를 돌려주는 앱."""
    form = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
    body = b"welcome kim" if SECRET in form else b"denied"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def summarize(records: list[tuple[str, int]]) -> str:
    """연속한 같은 종류의 레코드를 묶어 '종류 길이B, 길이B · …'로 적습니다."""
    groups: list[tuple[str, list[int]]] = []
    for kind, size in records:
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(size)
        else:
            groups.append((kind, [size]))
    return " · ".join(f"{kind} " + ", ".join(f"{size}B" for size in sizes) for kind, sizes in groups)


def encrypted_sizes(data: bytes) -> list[int]:
    return [size for kind, size in tls_records(data) if kind == "application_data"]


def exchange(address, context=None) -> tuple[bytes, str | None]:
    """중계기를 거쳐 REQUEST를 보내고 (응답 전체, 협상된 암호 스위트)를 받습니다. ``context``가 있으면 TLS로."""
    with socket.create_connection(address, timeout=3) as tcp:
        conn = context.wrap_socket(tcp, server_hostname=HOST_NAME) if context else tcp
        with conn:
            conn.sendall(REQUEST)
            response = b""
            while chunk := conn.recv(65536):
                response += chunk
            return response, conn.cipher()[0] if context else None


def over_tls(leaf, ca, version: ssl.TLSVersion, tickets: int = 2):
    """같은 앱, 같은 요청을 ``version``으로. 중계기가 본 (보낸 바이트, 받은 바이트, 기록, 응답, 암호 스위트)."""
    server_ctx = server_context(leaf)
    server_ctx.maximum_version = version
    server_ctx.num_tickets = tickets  # TLS 1.3 서버가 핸드셰이크 뒤에 보내는 세션 티켓 수(기본 2)
    with wsgi_server(app, ssl_context=server_ctx) as server, eavesdropping_relay(server) as (relay, seen):
        response, cipher = exchange(relay, client_context(ca))
    return bytes(seen.to_server), bytes(seen.to_client), seen, response, cipher, server


ca = make_ca()
leaf = issue(ca, HOST_NAME)
certificate_der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())  # 선로에 실리는 모양(DER)

# 1) 평문 HTTP: 같은 앱을 TLS 없이
with wsgi_server(app) as server, eavesdropping_relay(server) as (relay, seen):
    plain_response, _ = exchange(relay)
plain_wire = bytes(seen.to_server)

# 2) HTTPS(TLS 1.3): 같은 앱, 같은 요청, 이번에는 TLS 위에서
tls_up, tls_down, seen, tls_response, cipher, server = over_tls(leaf, ca, ssl.TLSVersion.TLSv1_3)
biggest = max(size for kind, size in tls_records(tls_up) if kind == "application_data")

# 3) 대조 실험: TLS 1.2로 같은 요청, 그리고 세션 티켓을 보내지 않는 TLS 1.3 서버
old_up, old_down, _, old_response, _, _ = over_tls(leaf, ca, ssl.TLSVersion.TLSv1_2)
no_ticket_down = over_tls(leaf, ca, ssl.TLSVersion.TLSv1_3, tickets=0)[1]
certificate_record = len(certificate_der) + 13 + 17  # Certificate 메시지 머리 13 + 내용 종류 1 + 태그 16
ticket_records = len(encrypted_sizes(tls_down)) - len(encrypted_sizes(no_ticket_down))

print("[HTTP] 도청자가 본 클라이언트→서버 바이트의 끝부분:")
print("   ", plain_wire[-40:])
print("[HTTPS] 같은 자리에서 본 바이트의 끝부분:")
print("   ", tls_up[-40:])
print()
print("HTTPS(TLS 1.3)에서도 도청자가 알 수 있는 것:")
print(f"  - 연결한 주소와 포트       : {seen.peers[0][0]}:{seen.peers[0][1]} → {server[0]}:{server[1]}")
print(f"  - SNI(ClientHello의 이름)  : {client_hello_sni(tls_up)}")
print(f"  - 클라이언트→서버 레코드   : {summarize(tls_records(tls_up))}")
print(f"  - 서버→클라이언트 레코드   : {summarize(tls_records(tls_down))}")
print(f"  - 요청 크기 짐작           : 가장 큰 레코드 {biggest}B − 17B(내용 종류 1 + 인증 태그 16) = {biggest - 17}B")
print(f"                               (실제 요청은 {len(REQUEST)}B, 암호 스위트 {cipher}, 패딩 없음)")
print(f"  - 인증서 크기 짐작         : {certificate_record}B 레코드 = 인증서 DER {len(certificate_der)}B + 13B + 17B")
print(f"  - 세션 티켓                : 티켓을 끈 서버와 비교하면 암호화된 레코드가 {ticket_records}개 더 많습니다")
print()
print("서버 인증서(DER)가 선로에 그대로 보이는가:")
print(f"  - TLS 1.3: {certificate_der in tls_down}")
print(f"  - TLS 1.2: {certificate_der in old_down}  (대조 실험: 1.2는 Certificate 메시지를 암호화하지 않습니다)")

# 이 실습이 보여 준 사실을 확인합니다.
assert b"welcome kim" in plain_response and b"welcome kim" in tls_response and b"welcome kim" in old_response
assert SECRET in plain_wire, "HTTP에서는 비밀번호가 그대로 보입니다"
assert SECRET not in tls_up and b"POST /login" not in tls_up, "HTTPS에서는 요청 줄도 본문도 보이지 않습니다"
assert b"welcome kim" not in tls_down, "응답도 암호화됩니다"
assert client_hello_sni(tls_up) == HOST_NAME, "SNI의 호스트 이름은 평문입니다"
assert certificate_der not in tls_down, "TLS 1.3에서는 서버 인증서도 암호화되어 갑니다"
assert certificate_der in old_down, "대조: TLS 1.2에서는 같은 인증서가 평문으로 보입니다(검사가 제 역할을 함)"
# 17바이트 = 내용 종류 1 + 태그 16: TLS 1.3의 AEAD(AES-GCM, ChaCha20-Poly1305)는 모두 16바이트 태그를 씁니다
assert cipher in {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}, cipher
assert biggest - 17 == len(REQUEST), "패딩이 없으면 TLS 1.3 레코드는 평문 길이 + 17바이트입니다"
assert {kind for kind, _ in tls_records(tls_up)} >= {"handshake", "application_data"}
assert ("change_cipher_spec", 1) in tls_records(tls_up), "호환용 1바이트 change_cipher_spec"
down_kinds = [kind for kind, _ in tls_records(tls_down)]
assert down_kinds[:2] == ["handshake", "change_cipher_spec"] and set(down_kinds[2:]) == {"application_data"}
assert certificate_record in encrypted_sizes(tls_down), "암호화된 Certificate도 길이는 드러납니다"
assert ticket_records == 2, "세션 티켓 2개가 암호화된 레코드로 숨어 있습니다"
print(
    "→ 내용(요청 줄, 헤더, 본문, 비밀번호, 1.3에서는 인증서까지)은 숨겨졌지만, 누구에게 언제 얼마나 보냈는지는 숨겨지지 않습니다."
)
