"""검증이 실패하는 네 가지: 모르는 CA, 이름 불일치, 만료, 중간 인증서 누락.

클라이언트는 매번 인증서 검증과 호스트 이름 확인을 켠 같은 방식으로 접속합니다.
바뀌는 것은 서버가 내미는 인증서, 클라이언트가 믿는 CA, 접속하려는 이름뿐입니다.
"""

import socket
import ssl
from datetime import UTC, datetime, timedelta

from labkit.servers import wsgi_server
from labkit.tls_lab import HOST_NAME, client_context, issue, make_ca, server_context


def app(environ, start_response):
    start_response("200 OK", [("Content-Length", "2")])
    return [b"ok"]


def try_connect(server_ctx: ssl.SSLContext, client_ctx: ssl.SSLContext, name: str = HOST_NAME):
    """핸드셰이크를 시도하고 (성공 여부, 예외)를 돌려줍니다."""
    with wsgi_server(app, ssl_context=server_ctx) as address, socket.create_connection(address, timeout=3) as tcp:
        try:
            with client_ctx.wrap_socket(tcp, server_hostname=name) as tls:
                return tls.version(), None
        except ssl.SSLCertVerificationError as error:
            return None, error


root = make_ca("Lab Root CA")
intermediate = make_ca("Lab Intermediate CA", parent=root)
other_root = make_ca("Someone Else's CA")  # 클라이언트가 모르는 CA
now = datetime.now(UTC)

good = issue(intermediate, HOST_NAME)
expired = issue(intermediate, HOST_NAME, not_before=now - timedelta(days=120), not_after=now - timedelta(days=30))

cases = [
    # (설명, 서버 컨텍스트, 클라이언트가 믿는 CA, 접속 이름)
    ("정상", server_context(good), root, HOST_NAME),
    ("모르는 CA", server_context(good), other_root, HOST_NAME),
    ("이름 불일치", server_context(good), root, "api.example.test"),
    ("만료된 인증서", server_context(expired), root, HOST_NAME),
    ("중간 인증서 누락", server_context(good, send_chain=False), root, HOST_NAME),
]

results = {}
for title, server_ctx, trusted, name in cases:
    version, error = try_connect(server_ctx, client_context(trusted), name)
    results[title] = error
    if error is None:
        print(f"- {title}: 성공 ({version})")
    else:
        print(f"- {title}: {type(error).__name__}: verify_code={error.verify_code} ({error.verify_message})")

# 이 실습이 보여 준 사실을 확인합니다.
assert results["정상"] is None
failures = {title: error for title, error in results.items() if title != "정상"}
assert all(isinstance(error, ssl.SSLCertVerificationError) for error in failures.values()), failures
assert all(error.reason == "CERTIFICATE_VERIFY_FAILED" for error in failures.values())
assert results["모르는 CA"].verify_code == 20  # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
assert results["이름 불일치"].verify_code == 62  # X509_V_ERR_HOSTNAME_MISMATCH
assert results["만료된 인증서"].verify_code == 10  # X509_V_ERR_CERT_HAS_EXPIRED
assert results["중간 인증서 누락"].verify_code == 20  # 체인을 루트까지 잇지 못함
print("→ 네 경우 모두 HTTP 요청을 보내기 전, 핸드셰이크 단계에서 연결이 끊겼습니다.")
