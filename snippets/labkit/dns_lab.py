"""루프백 위의 작은 DNS 계층: 루트 → TLD → 권한 서버.

각 서버는 자기만의 루프백 주소에서 도는 진짜 UDP DNS 서버(dnslib)입니다. 실제 네임서버가
모두 53번 포트를 쓰듯, 세 서버도 같은 포트 하나를 씁니다.

    127.0.53.1  root server            (zone ".")
    127.0.53.2  TLD server             (zone "test.")
    127.0.53.3  authoritative server   (zone "example.test.")

서버는 자기 영역(zone)의 이름에는 권한 있는 답(AA=1)을 하고, 하위 영역의 이름이면
그 영역의 네임서버(NS 레코드)와 주소(글루 A 레코드)를 알려 주는 위임(referral)으로 답합니다.
서버마다 받은 질의를 세므로, 실습은 답이 네트워크가 아니라 캐시에서 왔음을 증명할 수 있습니다.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

from dnslib import QTYPE, RCODE, RR, DNSRecord
from dnslib.server import BaseResolver, DNSLogger, DNSServer

from labkit.services import require_loopback

ROOT_IP, TLD_IP, AUTH_IP = "127.0.53.1", "127.0.53.2", "127.0.53.3"

# 존 파일 문법의 영역 데이터. 이름과 주소는 문서용으로 예약된 것만 씁니다
# (RFC 2606 ".test", RFC 5737 192.0.2.0/24, RFC 3849 2001:db8::/32).
ROOT_ZONE = f"""
.                      86400  IN SOA   a.root.test. admin.root.test. 1 1800 900 604800 86400
.                      86400  IN NS    a.root.test.
test.                 172800  IN NS    a.nic.test.
a.nic.test.           172800  IN A     {TLD_IP}
"""
TLD_ZONE = f"""
test.                  86400  IN SOA   a.nic.test. admin.nic.test. 1 1800 900 604800 3600
test.                 172800  IN NS    a.nic.test.
a.nic.test.           172800  IN A     {TLD_IP}
example.test.          86400  IN NS    ns1.example.test.
ns1.example.test.      86400  IN A     {AUTH_IP}
"""
EXAMPLE_ZONE = f"""
example.test.           3600  IN SOA   ns1.example.test. admin.example.test. 2026112701 7200 900 1209600 60
example.test.          86400  IN NS    ns1.example.test.
ns1.example.test.      86400  IN A     {AUTH_IP}
example.test.            300  IN A     192.0.2.10
www.example.test.        300  IN A     192.0.2.10
www.example.test.        300  IN AAAA  2001:db8::10
api.example.test.         60  IN A     192.0.2.20
shop.example.test.       300  IN CNAME www.example.test.
"""


def parse_zone(text: str) -> list[RR]:
    return [rr for line in text.strip().splitlines() for rr in RR.fromZone(line)]


@dataclass
class ZoneResolver(BaseResolver):
    """한 영역에 대해 답하고, 하위 영역은 NS + 글루로 위임합니다."""

    origin: str
    records: list[RR]
    queries: Counter = field(default_factory=Counter)

    def in_zone(self, name: str) -> bool:
        return name == self.origin or name.endswith("." + self.origin) or self.origin == "."

    def delegation_for(self, name: str) -> list[RR]:
        """``name``을 포함하는 가장 가까운 하위 영역의 NS 레코드(위임)."""
        for rr in self.records:
            cut = str(rr.rname)
            if rr.rtype == QTYPE.NS and cut != self.origin and (name == cut or name.endswith("." + cut)):
                return [r for r in self.records if r.rtype == QTYPE.NS and str(r.rname) == cut]
        return []

    def resolve(self, request, handler):
        name, qtype = str(request.q.qname), request.q.qtype
        self.queries[(name, QTYPE[qtype])] += 1
        reply = request.reply()  # 질문을 복사합니다. dnslib은 AA=1, RA=1로 만듭니다
        reply.header.ra = 0  # 재귀 서버가 아닙니다
        delegation = self.delegation_for(name)
        if delegation:  # 위임: 권한 없음, AUTHORITY에 NS, ADDITIONAL에 글루
            reply.header.aa = 0
            for ns in delegation:
                reply.add_auth(ns)
                glue = [r for r in self.records if r.rtype == QTYPE.A and r.rname == ns.rdata.label]
                for record in glue:
                    reply.add_ar(record)
            return reply
        answers = [r for r in self.records if str(r.rname) == name and r.rtype in (qtype, QTYPE.CNAME)]
        for record in answers:
            reply.add_answer(record)
        if not answers:
            owner_exists = any(str(r.rname) == name for r in self.records)
            reply.header.rcode = RCODE.NOERROR if owner_exists else RCODE.NXDOMAIN
            reply.add_auth(next(r for r in self.records if r.rtype == QTYPE.SOA))
        return reply


class ServerSet:
    """시작된 DNS 서버들. ``queries``는 서버별로 받은 질의 수입니다."""

    def __init__(self, port: int, resolvers: dict[str, ZoneResolver]):
        self.port = port
        self.resolvers = resolvers
        self._servers: list[tuple[DNSServer, threading.Thread]] = []

    def serve(self, server: DNSServer) -> None:
        """``server`` 를 스레드에서 돌립니다. dnslib 의 start_thread() 는 0.5초마다 종료를 확인하므로,
        socketserver 의 공개 API(serve_forever 의 poll_interval)로 짧은 간격을 줍니다."""
        thread = threading.Thread(target=server.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._servers.append((server, thread))
        thread.start()

    def queries(self, ip: str) -> int:
        return sum(self.resolvers[ip].queries.values())

    def total_queries(self) -> int:
        return sum(self.queries(ip) for ip in self.resolvers)

    def reset_counts(self) -> None:
        for resolver in self.resolvers.values():
            resolver.queries.clear()

    def close(self) -> None:
        for server, thread in self._servers:
            server.stop()  # 서비스 루프를 멈추지만 ...
            server.server.server_close()  # ... dnslib은 소켓을 닫지 않으므로 직접 닫습니다
            thread.join(timeout=2)


QUIET = DNSLogger(logf=lambda *_: None)


def free_udp_port(address: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def start_servers(zones: dict[str, tuple[str, str]], attempts: int = 20) -> ServerSet:
    """``{ip: (origin, zone_text)}``마다 서버 하나를, 모두 같은 빈 포트에서 시작합니다."""
    require_loopback(*zones)
    for _ in range(attempts):
        port = free_udp_port(next(iter(zones)))
        started = ServerSet(port, {})
        try:
            for ip, (origin, text) in zones.items():
                started.resolvers[ip] = ZoneResolver(origin, parse_zone(text))
                started.serve(DNSServer(started.resolvers[ip], port=port, address=ip, logger=QUIET))
            return started
        except OSError:  # 한 주소에선 비었지만 다른 주소에선 쓰이는 포트: 다시 시도
            started.close()
    raise RuntimeError("no common free UDP port found on the loopback addresses")


def tld_zone_for(origin: str, nameservers: list[str] | None = None) -> str:
    """``origin``(``….test.``)을 ``nameservers``에게 위임하는 TLD 영역. 글루 주소는 모두 AUTH_IP입니다.

    네임서버 이름의 기본값은 ``ns1.<origin>``입니다. Route 53의 ``ns-….awsdns-….com``처럼
    다른 TLD의 이름을 주면, 이 작은 실습 세계에는 ``com.``이 없으므로 TLD가 그 주소까지
    함께 알려 줍니다(실습을 위한 단순화: 실제 리졸버는 그 주소를 ``com.``에서 따로 찾습니다).
    """
    names = nameservers or [f"ns1.{origin}"]
    lines = TLD_ZONE.strip().splitlines()[:3]  # test. 자신의 SOA, NS, 글루
    lines += [f"{origin:<22} 86400  IN NS    {ns}" for ns in names]
    lines += [f"{ns:<22} 86400  IN A     {AUTH_IP}" for ns in names]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def dns_hierarchy(
    example_zone: str = EXAMPLE_ZONE, origin: str = "example.test.", nameservers: list[str] | None = None
):
    """루트, TLD, 권한 서버 하나. 블록을 나가면 멈추고 닫습니다.

    ``origin``이 ``example.test.``가 아니거나 ``nameservers``를 주면, TLD가 그 영역을 위임합니다.
    """
    default = origin == "example.test." and nameservers is None
    tld_zone = TLD_ZONE if default else tld_zone_for(origin, nameservers)
    servers = start_servers({ROOT_IP: (".", ROOT_ZONE), TLD_IP: ("test.", tld_zone), AUTH_IP: (origin, example_zone)})
    try:
        yield servers
    finally:
        servers.close()


def ask(server_ip: str, port: int, name: str, qtype: str = "A", timeout: float = 2.0) -> DNSRecord:
    """재귀 리졸버가 묻듯, UDP로 비재귀 질의(RD=0)를 하나 보냅니다."""
    query = DNSRecord.question(name, qtype)
    query.header.rd = 0
    return DNSRecord.parse(query.send(server_ip, port, timeout=timeout))
