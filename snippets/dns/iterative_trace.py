"""반복 질의(iterative query): 루트에서 권한 서버까지 위임(referral)을 따라갑니다.

아무것도 캐시하지 않은 재귀 리졸버는 루트 서버부터 차례로 묻습니다(RD=0).
루트와 TLD 서버는 답을 모르므로 다음 영역의 네임서버(NS)와 그 주소(글루 레코드)를
알려 주고, 권한(authoritative) 서버만 AA 플래그를 켜고 답합니다.
"""

from dnslib import QTYPE

from labkit.dns_lab import AUTH_IP, ROOT_IP, TLD_IP, ask, dns_hierarchy

NAME = "www.example.test."


def resolve_iteratively(name: str, port: int) -> list[dict]:
    """루트 → TLD → 권한 서버 순으로 NS와 글루를 따라가며, 단계마다 dict 하나를 돌려줍니다."""
    steps = []
    server_ip = ROOT_IP
    for _ in range(10):  # 위임이 빙빙 도는 경우를 막는 상한
        reply = ask(server_ip, port, name)
        steps.append(
            {
                "server": server_ip,
                "aa": bool(reply.header.aa),
                "answer": [(str(rr.rdata), rr.ttl) for rr in reply.rr if rr.rtype == QTYPE.A],
                "referral": [str(rr.rdata) for rr in reply.auth if rr.rtype == QTYPE.NS],
                "glue": {str(rr.rname): str(rr.rdata) for rr in reply.ar if rr.rtype == QTYPE.A},
            }
        )
        if steps[-1]["answer"]:
            return steps
        next_ns = steps[-1]["referral"][0]
        server_ip = steps[-1]["glue"][next_ns]  # 글루가 없다면 next_ns의 주소부터 따로 찾아야 합니다
    raise RuntimeError("위임이 너무 많습니다")


def describe(step: dict) -> str:
    flags = "AA" if step["aa"] else "--"
    if step["answer"]:
        address, ttl = step["answer"][0]
        return f"[{flags}] {step['server']:<11} 답: {NAME} A {address} (TTL {ttl})"
    ns = step["referral"][0]
    return f"[{flags}] {step['server']:<11} 위임: {ns} 에게 물어보세요 (글루 {ns} A {step['glue'][ns]})"


with dns_hierarchy() as servers:
    print(f"질의: {NAME} A   (세 서버 모두 UDP 포트 {servers.port}, RD=0)")
    steps = resolve_iteratively(NAME, servers.port)
    for number, step in enumerate(steps, start=1):
        print(f"{number}. {describe(step)}")
    per_server = {ip: servers.queries(ip) for ip in (ROOT_IP, TLD_IP, AUTH_IP)}

# 이 실습이 보여 준 사실을 확인합니다.
assert [step["server"] for step in steps] == [ROOT_IP, TLD_IP, AUTH_IP], "루트 → TLD → 권한 서버"
assert not steps[0]["aa"] and not steps[1]["aa"], "위임 응답에는 AA가 없습니다"
assert steps[0]["referral"] == ["a.nic.test."] and steps[0]["glue"]["a.nic.test."] == TLD_IP
assert steps[1]["referral"] == ["ns1.example.test."] and steps[1]["glue"]["ns1.example.test."] == AUTH_IP
assert steps[2]["aa"] and steps[2]["answer"] == [("192.0.2.10", 300)], "권한 서버의 답"
assert per_server == {ROOT_IP: 1, TLD_IP: 1, AUTH_IP: 1}, per_server
print(f"서버별 질의 수: {per_server} → 질의 3번으로 답을 찾았습니다.")
