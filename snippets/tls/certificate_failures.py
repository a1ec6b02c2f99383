"""검증이 실패하는 네 가지: 모르는 CA, 이름 불일치, 만료, 중간 인증서 누락.

클라이언트는 매번 인증서 검증과 호스트 이름 확인을 켠 같은 방식으로 접속합니다.
바뀌는 것은 서버가 내미는 인증서, 클라이언트가 믿는 CA, 접속하려는 이름뿐입니다.
"""

import socket
import ssl
from datetime import UTC, datetime, timedelta

from labkit.expect import expect_error
from labkit.servers import wsgi_server
from labkit.tls_lab import HOST_NAME, client_context, issue, make_ca, server_context

requests_seen = []  # 서버 앱까지 올라온 HTTP 요청


def app(environ, start_response):
    requests_seen.append(environ["PATH_INFO"])
    start_response("200 OK", [("Content-Length", "2")])
    return [b"ok"]


def get(server_ctx: ssl.SSLContext, client_ctx: ssl.SSLContext, name: str = HOST_NAME) -> tuple[str, bytes]:
    """TLS로 접속해(핸드셰이크) HTTP 요청을 보내고 (TLS 버전, 응답 본문)을 돌려줍니다."""
    with (
        wsgi_server(app, ssl_context=server_ctx) as address,
        socket.create_connection(address, timeout=3) as tcp,
        client_ctx.wrap_socket(tcp, server_hostname=name) as tls,  # 검증(핸드셰이크)은 여기서, 요청 전에
    ):
        tls.sendall(f"GET / HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n".encode())
        return tls.version(), tls.makefile("rb").read().rpartition(b"\r\n\r\n")[2]


root = make_ca("Lab Root CA")
intermediate = make_ca("Lab Intermediate CA", parent=root)
other_root = make_ca("Someone Else's CA")  # 클라이언트가 모르는 CA
now = datetime.now(UTC)

good = issue(intermediate, HOST_NAME)
expired = issue(intermediate, HOST_NAME, not_before=now - timedelta(days=120), not_after=now - timedelta(days=30))

version, body = get(server_context(good), client_context(root))
print(f"- 정상: 성공 ({version}), 응답 본문 {body!r}")

failures = [
    # (설명, 서버 컨텍스트, 클라이언트가 믿는 CA, 접속 이름, 기대하는 OpenSSL verify_code와 메시지)
    ("모르는 CA", server_context(good), other_root, HOST_NAME, 20, "unable to get local issuer certificate"),
    ("이름 불일치", server_context(good), root, "api.example.test", 62, "Hostname mismatch"),
    ("만료된 인증서", server_context(expired), root, HOST_NAME, 10, "certificate has expired"),
    ("중간 인증서 누락", server_context(good, send_chain=False), root, HOST_NAME, 20, "unable to get local issuer"),
]
for title, server_ctx, trusted, name, code, message in failures:
    with expect_error(ssl.SSLCertVerificationError) as failure:
        get(server_ctx, client_context(trusted), name)
    error = failure.error
    print(f"- {title}: {type(error).__name__}: verify_code={error.verify_code} ({error.verify_message})")
    assert error.reason == "CERTIFICATE_VERIFY_FAILED", error.reason
    assert (error.verify_code, error.verify_message.startswith(message)) == (code, True), (title, error)

# 이 실습이 보여 준 사실을 확인합니다.
assert version == "TLSv1.3" and body == b"ok"
assert requests_seen == ["/"], "실패한 네 경우의 요청은 서버 앱까지 가지 못했습니다(정상 접속의 요청 하나뿐)"
print("→ 네 경우 모두 HTTP 요청을 보내기 전, 핸드셰이크 단계에서 연결이 끊겼습니다.")
