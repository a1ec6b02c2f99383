"""주소창에 URL을 입력하면: URL 해석 → HSTS → DNS → TCP → TLS → HTTP → 렌더링, 단계마다 시간과 바이트를 잽니다.

모두 이 컴퓨터 안에서 돕니다. www.example.test 는 루프백 DNS 계층(루트 → test. → example.test.)에서
127.0.0.1 로 풀리고, 그 주소에서 실습 CA가 서명한 인증서를 가진 HTTPS 서버가 기다립니다.
시간은 curl -w 의 변수처럼 '시작부터 그 단계가 끝날 때까지' 누적으로 적습니다.
"""

import socket
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

from dnslib import QTYPE, DNSRecord

from labkit.dns_lab import AUTH_IP, ROOT_IP, TLD_IP, dns_hierarchy
from labkit.servers import wsgi_server
from labkit.tls_lab import HOST_NAME, CountingTLS, client_context, issue, make_ca, server_context

# example.test 영역: www 를 루프백 주소로 (문서용 192.0.2.10 대신 이 컴퓨터의 서버로 가도록)
ZONE = f"""
example.test.      3600  IN SOA  ns1.example.test. admin.example.test. 1 7200 900 1209600 60
example.test.     86400  IN NS   ns1.example.test.
ns1.example.test. 86400  IN A    {AUTH_IP}
www.example.test.   300  IN A    127.0.0.1
"""
PAGE = b"""<!doctype html><html><head><title>example.test</title><link rel="stylesheet" href="/site.css">
</head><body><h1>hello</h1><img src="/logo.png"><script src="/app.js"></script></body></html>"""
HSTS_STORE = {HOST_NAME: "max-age=31536000"}  # 전에 방문했을 때 받은 Strict-Transport-Security
server_saw = {"sni": [], "host": []}


def app(environ, start_response):
    server_saw["host"].append(environ["HTTP_HOST"])
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]
    start_response("200 OK", [*headers, ("Strict-Transport-Security", "max-age=31536000")])
    return [PAGE]


def resolve(name: str, dns_port: int) -> tuple[str, list[tuple[str, int, int]]]:
    """재귀 리졸버가 하는 일: 루트부터 위임을 따라갑니다. (주소, [(서버, 보낸 B, 받은 B)])."""
    server, hops = ROOT_IP, []
    while True:
        query = DNSRecord.question(name, "A")
        query.header.rd = 0
        raw = query.send(server, dns_port, timeout=2)
        reply = DNSRecord.parse(raw)
        hops.append((server, len(query.pack()), len(raw)))
        answers = [str(rr.rdata) for rr in reply.rr if rr.rtype == QTYPE.A]
        if answers:
            return answers[0], hops
        server = str(next(rr.rdata for rr in reply.ar if rr.rtype == QTYPE.A))  # 글루 주소로 다음 서버


def waiting_bytes(sock: socket.socket) -> int:
    """상대가 보내 와서 아직 읽지 않은 바이트 수(기다리지 않고 들여다보기만 합니다)."""
    timeout = sock.gettimeout()
    sock.settimeout(0)
    try:
        return len(sock.recv(65536, socket.MSG_PEEK))
    except BlockingIOError:
        return 0
    finally:
        sock.settimeout(timeout)


def build_request(url) -> bytes:
    """브라우저가 보내는 것과 비슷한 HTTP/1.1 요청. 기기 고유번호 같은 것은 없습니다."""
    lines = [f"GET {url.path}?{url.query} HTTP/1.1", f"Host: {url.netloc}", "User-Agent: lab-browser/1.0"]
    lines += ["Accept: text/html", "Accept-Language: ko-KR,ko;q=0.9", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class Subresources(HTMLParser):
    """렌더링 준비: HTML을 읽으며 추가로 받아야 할 자원(CSS, 이미지, 스크립트)을 모읍니다."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if url := attrs.get("src") or (attrs.get("href") if tag == "link" else None):
            self.found.append(url)


ca = make_ca()
tls_server_ctx = server_context(issue(ca, HOST_NAME))
tls_server_ctx.sni_callback = lambda sslobj, name, ctx: server_saw["sni"].append(name)

with dns_hierarchy(example_zone=ZONE) as dns, wsgi_server(app, ssl_context=tls_server_ctx) as (_, port):
    typed = f"http://{HOST_NAME}:{port}/hello?lang=ko"  # 사용자가 입력한 주소 (http!)
    start = time.perf_counter()
    # 1) URL 해석과 2) HSTS: 네트워크에 나가기 전에 브라우저 안에서 끝납니다
    url = urlsplit(typed)
    if url.scheme == "http" and url.hostname in HSTS_STORE:
        url = url._replace(scheme="https")  # 80이 아닌 포트는 그대로 둡니다(RFC 6797 §8.3)
    # 3) DNS
    address, dns_hops = resolve(url.hostname + ".", dns.port)
    t_dns = time.perf_counter()
    # 4) TCP 연결 (3-way 핸드셰이크)
    with socket.create_connection((address, url.port), timeout=3) as tcp:
        t_tcp = time.perf_counter()
        tcp_data = waiting_bytes(tcp)  # 핸드셰이크만 끝난 연결: 서버가 보낸 데이터가 있는가?
        # 5) TLS 핸드셰이크 (SNI = 호스트 이름, 인증서 검증)
        tls = CountingTLS(tcp, client_context(ca), server_hostname=url.hostname)
        tls.handshake()
        t_tls = time.perf_counter()
        handshake_bytes = (tls.sent, tls.received)
        # 6) HTTP 요청과 응답
        request = build_request(url)
        tls.sendall(request)
        response = tls.recv()  # 첫 바이트가 올 때까지 기다립니다
        t_first = time.perf_counter()
        while chunk := tls.recv():
            response += chunk
        t_total = time.perf_counter()
        wire_bytes = (tls.sent - handshake_bytes[0], tls.received - handshake_bytes[1])
    dns_queries = dns.total_queries()

# 7) 렌더링 준비: 헤더와 본문을 나누고 HTML을 읽습니다
head, _, body = response.partition(b"\r\n\r\n")
status_line, *header_lines = head.decode().split("\r\n")
headers = dict(line.split(": ", 1) for line in header_lines)
parser = Subresources()
parser.feed(body.decode())

print(f"입력: {typed}\n  → HSTS 적용: {url.geturl()}")
print(f"DNS : {' → '.join(f'{ip}(보냄 {out}B/받음 {back}B)' for ip, out, back in dns_hops)} ⇒ {address}")
print(f"TCP : SYN, SYN-ACK, ACK (앱 데이터 {tcp_data}B)")
print(f"TLS : 보냄 {handshake_bytes[0]}B / 받음 {handshake_bytes[1]}B, SNI={server_saw['sni'][0]}, {tls.version()}")
print(
    f"HTTP: 요청 평문 {len(request)}B → 선에는 {wire_bytes[0]}B, 응답 평문 {len(response)}B → 선에는 {wire_bytes[1]}B"
)
print(f"      {status_line}, Strict-Transport-Security: {headers['Strict-Transport-Security']}")
print(f"렌더링: <title>{body.split(b'<title>')[1].split(b'<')[0].decode()}</title>, 다음에 받을 자원 {parser.found}")
print()
marks = {"time_namelookup": t_dns, "time_connect": t_tcp, "time_appconnect": t_tls}
marks |= {"time_starttransfer": t_first, "time_total": t_total}
for name, moment in marks.items():
    print(f"{name + ':':<20}{moment - start:.6f}s")

# 이 실습이 보여 준 사실을 확인합니다.
assert url.scheme == "https" and url.port == port, "HSTS가 http를 https로 바꾸고 포트는 그대로 둡니다"
assert address == "127.0.0.1" and [ip for ip, _, _ in dns_hops] == [ROOT_IP, TLD_IP, AUTH_IP] and dns_queries == 3
assert server_saw["sni"] == [HOST_NAME] and server_saw["host"] == [f"{HOST_NAME}:{port}"], (
    "SNI와 Host로 사이트를 고릅니다"
)
assert status_line.endswith("200 OK") and body == PAGE and parser.found == ["/site.css", "/logo.png", "/app.js"]
assert list(marks.values()) == sorted(marks.values()), "DNS → TCP → TLS → 첫 바이트 → 끝 순서"
assert handshake_bytes[0] > 0 and handshake_bytes[1] > 0 and wire_bytes[0] > len(request), "TLS가 바이트를 더합니다"
assert tcp_data == 0 and all(10 < sent < 100 for _, sent, _ in dns_hops), (
    "TCP 핸드셰이크는 빈 패킷, DNS 질의는 수십 바이트"
)
# 응답 쪽 덧붙은 바이트가 요청 쪽보다 훨씬 많은 것은 TLS 1.3 서버가 보내는 세션 티켓(기본 2개) 때문입니다.
extra = (wire_bytes[1] - len(response)) - (wire_bytes[0] - len(request))
assert tls.version() == "TLSv1.3" and tls_server_ctx.num_tickets == 2 and extra > 2 * 150, extra
