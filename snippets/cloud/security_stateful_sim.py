"""상태 저장(stateful) 보안 그룹과 상태 비저장(stateless) 네트워크 ACL을 파이썬으로 흉내 냅니다.

인터넷의 브라우저(198.51.100.25:50123)가 EC2 인스턴스(10.0.1.10:443)에 HTTPS 요청을 보냅니다.
들어오는 패킷은 NACL(인바운드) → 보안 그룹(인바운드)을, 나가는 패킷은 보안 그룹(아웃바운드) →
NACL(아웃바운드)을 지납니다. 규칙은 AWS API(EC2)가 돌려주는 모양 그대로 적었습니다.

- 보안 그룹은 연결 추적(conntrack) 표를 둡니다. 허용한 요청의 응답은 아웃바운드 규칙이 없어도 나갑니다.
- NACL은 패킷마다 규칙을 번호 순으로 보고 처음 맞는 규칙을 따릅니다. 응답의 목적지는 클라이언트의
  임시(ephemeral) 포트이므로, 아웃바운드에 1024–65535를 열지 않으면 응답이 버려집니다.
"""

import ipaddress
from dataclasses import dataclass, field

TCP = "6"  # NACL 규칙의 프로토콜 번호(TCP=6, -1=모두)


@dataclass(frozen=True)
class Packet:
    src: str
    sport: int
    dst: str
    dport: int

    def reply_key(self) -> tuple:  # 이 패킷에 대한 응답이 가질 (출발지, 목적지)
        return (self.dst, self.dport, self.src, self.sport)

    def __str__(self) -> str:
        return f"{self.src}:{self.sport} → {self.dst}:{self.dport}"


def in_cidr(ip: str, cidr: str) -> bool:
    return ipaddress.ip_address(ip) in ipaddress.ip_network(cidr)


@dataclass
class SecurityGroup:
    """허용 규칙만 있고, 연결을 기억합니다(stateful)."""

    inbound: list[dict]
    outbound: list[dict]
    conntrack: set = field(default_factory=set)

    def check(self, packet: Packet, egress: bool) -> tuple[bool, str]:
        key = (packet.src, packet.sport, packet.dst, packet.dport)
        if key in self.conntrack:
            return True, "추적 중인 연결의 응답"
        peer = packet.dst if egress else packet.src
        for rule in self.outbound if egress else self.inbound:
            ports_ok = rule["IpProtocol"] == "-1" or rule["FromPort"] <= packet.dport <= rule["ToPort"]
            if ports_ok and any(in_cidr(peer, r["CidrIp"]) for r in rule["IpRanges"]):
                self.conntrack.add(packet.reply_key())  # 응답은 반대 방향으로 자동 허용
                return True, f"허용 규칙 {rule.get('FromPort', '모든 포트')}"
        return False, "맞는 허용 규칙 없음"


@dataclass
class NetworkAcl:
    """번호 순으로 평가하는 허용·거부 규칙. 연결을 기억하지 않습니다(stateless)."""

    entries: list[dict]

    def check(self, packet: Packet, egress: bool) -> tuple[bool, str]:
        peer = packet.dst if egress else packet.src
        for e in sorted((e for e in self.entries if e["Egress"] == egress), key=lambda e: e["RuleNumber"]):
            ports = e.get("PortRange", {"From": 0, "To": 65535})
            if (
                e["Protocol"] in ("-1", TCP)
                and ports["From"] <= packet.dport <= ports["To"]
                and in_cidr(peer, e["CidrBlock"])
            ):
                number = "*" if e["RuleNumber"] == 32767 else e["RuleNumber"]
                return e["RuleAction"] == "allow", f"#{number} {e['RuleAction']}"
        raise AssertionError("NACL에는 언제나 * 규칙이 있습니다")


def nacl_rule(number: int, action: str, egress: bool, cidr: str, ports=None, protocol=TCP) -> dict:
    entry = {"RuleNumber": number, "RuleAction": action, "Egress": egress, "CidrBlock": cidr, "Protocol": protocol}
    return entry | ({"PortRange": {"From": ports[0], "To": ports[1]}} if ports else {})


def send(packet: Packet, inbound: bool, nacl: NetworkAcl, sg: SecurityGroup) -> tuple[bool, str]:
    """인바운드: NACL → SG → 인스턴스. 아웃바운드: SG → NACL → 인터넷. 처음 막힌 곳에서 멈춥니다."""
    steps = [("NACL", nacl), ("SG", sg)] if inbound else [("SG", sg), ("NACL", nacl)]
    trace = []
    for name, layer in steps:
        ok, why = layer.check(packet, egress=not inbound)
        trace.append(f"{name} {why}")
        if not ok:
            return False, " → ".join(trace) + " → 버림"
    return True, " → ".join(trace) + (" → 인스턴스 도착" if inbound else " → 인터넷으로")


def show(label: str, result: tuple[bool, str]) -> tuple[bool, str]:
    print(f"   {'✓' if result[0] else '✗'} {label:<40} {result[1]}")
    return result


ADMIN, ATTACKER, BROWSER, SERVER = "203.0.113.7", "203.0.113.66", "198.51.100.25", "10.0.1.10"
anywhere = [{"CidrIp": "0.0.0.0/0"}]
sg = SecurityGroup(
    inbound=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": anywhere},
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": f"{ADMIN}/32"}]},
    ],
    outbound=[],  # 기본값 '모두 허용'을 일부러 지웠습니다
)
nacl = NetworkAcl(
    [
        nacl_rule(90, "deny", False, f"{ATTACKER}/32", protocol="-1"),
        nacl_rule(100, "allow", False, "0.0.0.0/0", (443, 443)),
        nacl_rule(110, "allow", False, "0.0.0.0/0", (22, 22)),
        nacl_rule(32767, "deny", False, "0.0.0.0/0", protocol="-1"),
        nacl_rule(32767, "deny", True, "0.0.0.0/0", protocol="-1"),
    ]
)
request = Packet(BROWSER, 50123, SERVER, 443)
reply = Packet(SERVER, 443, BROWSER, 50123)

print("1) NACL 아웃바운드에 * (모두 거부)만 있을 때. 보안 그룹의 아웃바운드 규칙은 0개")
first = [show(f"요청 {request}", send(request, True, nacl, sg)), show(f"응답 {reply}", send(reply, False, nacl, sg))]
print("2) NACL 아웃바운드 #100: TCP 1024–65535 허용을 추가")
nacl.entries.append(nacl_rule(100, "allow", True, "0.0.0.0/0", (1024, 65535)))
second = show(f"응답 {reply}", send(reply, False, nacl, sg))
print("3) 다른 패킷들")
attacker = show(f"공격자 {ATTACKER}:40000 → :443", send(Packet(ATTACKER, 40000, SERVER, 443), True, nacl, sg))
stranger_ssh = show(f"SSH {BROWSER}:50200 → :22", send(Packet(BROWSER, 50200, SERVER, 22), True, nacl, sg))
admin_ssh = show(f"SSH {ADMIN}:50300 → :22", send(Packet(ADMIN, 50300, SERVER, 22), True, nacl, sg))
outgoing = show(
    f"인스턴스가 먼저 {SERVER}:40001 → 192.0.2.80:80", send(Packet(SERVER, 40001, "192.0.2.80", 80), False, nacl, sg)
)

# 이 실습이 보여 준 사실을 확인합니다.
assert [ok for ok, _ in first] == [True, False], "요청은 들어오지만, 상태 비저장 NACL이 응답을 버립니다"
assert first[1][1] == "SG 추적 중인 연결의 응답 → NACL #* deny → 버림", "SG는 통과, NACL에서 버려짐"
assert second[0] and "NACL #100 allow" in second[1], "임시 포트 범위를 열면 응답이 나갑니다"
assert not attacker[0] and attacker[1] == "NACL #90 deny → 버림", "거부 규칙은 NACL에만 있습니다"
assert not stranger_ssh[0] and "SG 맞는 허용 규칙 없음" in stranger_ssh[1] and admin_ssh[0], "22번은 관리자 /32에서만"
assert not outgoing[0] and outgoing[1].startswith("SG 맞는"), "추적 중이 아닌 새 연결은 아웃바운드 규칙이 필요합니다"
print("확인: 보안 그룹은 응답을 기억하고(stateful), NACL은 응답용 임시 포트를 따로 열어야 합니다(stateless).")
