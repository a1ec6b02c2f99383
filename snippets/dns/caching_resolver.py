"""TTL을 지키는 캐싱 재귀 리졸버 (가짜 시계를 써서 매번 같은 결과가 나옵니다).

확인하는 것:
1. 처음 조회는 루트 → TLD → 권한 서버에 3번 묻습니다.
2. TTL 안에 다시 조회하면 캐시에서 답하고, 어느 서버에도 묻지 않습니다.
3. TTL이 지나면 다시 묻되, 캐시된 NS 위임 덕분에 권한 서버에만 묻습니다.
4. 형제 이름(api.example.test)도 캐시된 위임을 재사용해 권한 서버에만 묻습니다.
5. 없는 이름(NXDOMAIN)도 SOA의 MINIMUM 동안 캐시됩니다(부정 캐시, RFC 2308).
"""

from dataclasses import dataclass, field

from dnslib import QTYPE, RCODE

from labkit.dns_lab import AUTH_IP, ROOT_IP, TLD_IP, ask, dns_hierarchy


class FakeClock:
    """time.monotonic() 대신 쓰는 시계. advance()로만 흐릅니다."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class CachingResolver:
    port: int
    clock: FakeClock
    answers: dict = field(default_factory=dict)  # 이름 → (만료 시각, 주소 목록 또는 None=NXDOMAIN)
    delegations: dict = field(default_factory=dict)  # 영역 → (만료 시각, 네임서버 IP)
    upstream: list = field(default_factory=list)  # 이번 조회에서 보낸 질의의 대상 서버들

    def lookup(self, name: str) -> tuple[list[str] | None, int, str]:
        """(주소 목록 또는 None, 남은 TTL, 출처)를 돌려줍니다."""
        self.upstream = []
        cached = self.answers.get(name)
        if cached and cached[0] > self.clock():
            return cached[1], int(cached[0] - self.clock()), "캐시"
        server_ip = self.closest_delegation(name)
        while True:
            self.upstream.append(server_ip)
            reply = ask(server_ip, self.port, name)
            if reply.header.aa:
                return self.store_answer(name, reply)
            server_ip = self.store_referral(reply)

    def closest_delegation(self, name: str) -> str:
        """캐시에 살아 있는 가장 가까운 위임 지점의 서버. 없으면 루트부터 시작합니다."""
        labels = name.rstrip(".").split(".")
        for start in range(len(labels)):
            zone = ".".join(labels[start:]) + "."
            entry = self.delegations.get(zone)
            if entry and entry[0] > self.clock():
                return entry[1]
        return ROOT_IP

    def store_referral(self, reply) -> str:
        ns = next(rr for rr in reply.auth if rr.rtype == QTYPE.NS)
        glue = next(rr for rr in reply.ar if rr.rtype == QTYPE.A and rr.rname == ns.rdata.label)
        self.delegations[str(ns.rname)] = (self.clock() + ns.ttl, str(glue.rdata))
        return str(glue.rdata)

    def store_answer(self, name: str, reply) -> tuple[list[str] | None, int, str]:
        if reply.header.rcode == RCODE.NXDOMAIN:
            soa = next(rr for rr in reply.auth if rr.rtype == QTYPE.SOA)
            ttl = min(soa.ttl, soa.rdata.times[-1])  # RFC 2308 §5: SOA의 TTL과 MINIMUM 중 작은 값
            self.answers[name] = (self.clock() + ttl, None)
            return None, ttl, "서버"
        records = [rr for rr in reply.rr if rr.rtype == QTYPE.A]
        ttl = min(rr.ttl for rr in records)
        self.answers[name] = (self.clock() + ttl, [str(rr.rdata) for rr in records])
        return self.answers[name][1], ttl, "서버"


NAMES = {ROOT_IP: "루트", TLD_IP: "TLD", AUTH_IP: "권한"}

with dns_hierarchy() as servers:
    clock = FakeClock()
    resolver = CachingResolver(servers.port, clock)
    log = []

    def look(name: str, note: str) -> tuple:
        before = servers.total_queries()
        addresses, ttl, source = resolver.lookup(name)
        sent = servers.total_queries() - before
        path = " → ".join(NAMES[ip] for ip in resolver.upstream) or "없음"
        shown = ", ".join(addresses) if addresses else "NXDOMAIN"
        print(
            f"t={clock():>5.0f}s  {name:<19} {shown:<11} TTL {ttl:>3}  출처 {source}  질의 {sent}번 ({path})  # {note}"
        )
        log.append((name, addresses, ttl, source, sent, list(resolver.upstream)))
        return log[-1]

    first = look("www.example.test.", "첫 조회")
    clock.advance(100)
    again = look("www.example.test.", "TTL 안의 재조회")
    clock.advance(201)  # 이제 t=301: TTL 300초가 지났습니다
    expired = look("www.example.test.", "TTL 만료 뒤")
    sibling = look("api.example.test.", "형제 이름")
    missing = look("nope.example.test.", "없는 이름")
    clock.advance(30)
    missing_again = look("nope.example.test.", "부정 캐시")
    clock.advance(31)
    missing_expired = look("nope.example.test.", "부정 캐시 만료 뒤")

# 이 실습이 보여 준 사실을 확인합니다.
assert first[1] == ["192.0.2.10"] and first[4] == 3 and first[5] == [ROOT_IP, TLD_IP, AUTH_IP]
assert again[3] == "캐시" and again[4] == 0 and again[2] == 200, "캐시에서, 남은 TTL 200초"
assert expired[3] == "서버" and expired[5] == [AUTH_IP], "만료 뒤엔 위임 캐시로 권한 서버에만"
assert resolver.delegations["example.test."][0] == 0 + 86400, "t=0에 캐시한 NS 위임의 TTL은 86400초"
assert sibling[1] == ["192.0.2.20"] and sibling[2] == 60 and sibling[5] == [AUTH_IP]
assert missing[1] is None and missing[2] == 60, "NXDOMAIN은 SOA MINIMUM(60초) 동안 캐시"
assert missing_again[3] == "캐시" and missing_again[4] == 0
assert missing_expired[4] == 1 and missing_expired[5] == [AUTH_IP]
print("확인: 캐시 적중은 질의 0번, 만료 후 재질의, 위임 캐시 재사용, 부정 캐시까지 모두 맞습니다.")
