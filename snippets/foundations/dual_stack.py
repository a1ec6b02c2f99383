"""한 서버에 IPv4 루프백(127.0.0.1)과 IPv6 루프백(::1)으로 각각 접속해 봅니다.

같은 웹 앱이 두 주소의 같은 포트 번호에서 듣습니다(듀얼 스택). 앱은 요청을 보낸 쪽의
주소(REMOTE_ADDR)를 돌려주므로, 어느 프로토콜로 도착했는지 확인할 수 있습니다.
"""

import ipaddress

from labkit.expect import expect_error
from labkit.net_lab import both_loopbacks, http11_server, http_request, ipv6_loopback_available
from labkit.services import skip_part


def app(environ, start_response):
    body = environ["REMOTE_ADDR"].encode()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]


def show(host: str, port: int) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    url_host = f"[{host}]" if ":" in host else host  # URL 안의 IPv6 주소는 대괄호로 감쌉니다.
    reply = http_request(host, port, "GET", "/")
    assert reply.status == 200
    seen = ipaddress.ip_address(reply.body.decode())
    print(f"http://{url_host}:{port}/  → 서버가 본 상대 주소 {seen} (IPv{seen.version})")
    return seen


if ipv6_loopback_available():
    with both_loopbacks(app) as port:
        via_v4 = show("127.0.0.1", port)
        via_v6 = show("::1", port)
    assert via_v4.version == 4 and via_v4.is_loopback
    assert via_v6.version == 6 and via_v6.is_loopback
    # 대조 실험: 127.0.0.1에서만 듣는 서버에 ::1로 접속하면, 같은 포트 번호라도 거절됩니다.
    with http11_server(app) as (_, v4_only_port), expect_error(ConnectionRefusedError):
        http_request("::1", v4_only_port, "GET", "/")
    print(f"대조: 127.0.0.1에서만 듣는 서버에 http://[::1]:{v4_only_port}/ 로 접속 → 연결 거절")
    print("확인: 같은 포트 번호라도 IPv4와 IPv6는 서로 다른 소켓이고, 한 서버가 둘 다에서 들을 수 있습니다.")
else:
    skip_part("IPv6 부분: 이 컴퓨터에서는 ::1에 바인드할 수 없습니다(IPv6가 꺼진 환경)")
    with http11_server(app) as (host, port):
        via_v4 = show(host, port)
    assert via_v4.version == 4 and via_v4.is_loopback
