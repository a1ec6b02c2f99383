"""존 파일 하나에 레코드 타입을 모두 적고, 진짜 DNS 서버에 올려 물어봅니다.

1. 존 파일(RFC 1035 §5)을 dnslib으로 읽어 타입별로 셉니다.
2. SOA 레코드의 다섯 숫자(SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM)를 풀어 봅니다.
3. 같은 이름·같은 타입의 레코드 묶음(RRset)은 한 응답에 함께 옵니다.
4. 역방향 조회(주소 → 이름)의 PTR은 in-addr.arpa 아래의 다른 영역에, 다른 서버에 있습니다.
"""

import ipaddress

from dnslib import QTYPE, ZoneParser

from labkit.dns_lab import AUTH_IP, ask, start_servers

REVERSE_IP = "127.0.53.4"  # 역방향 영역을 맡는 서버(보통 IP 대역을 받은 통신사·클라우드가 운영)

FORWARD_ZONE = """
$ORIGIN example.test.
$TTL 3600
@          IN SOA   ns1 hostmaster 2026112701 7200 900 1209600 300
@          IN NS    ns1
ns1        IN A     192.0.2.53
@      300 IN A     192.0.2.10
@      300 IN AAAA  2001:db8::10
www     60 IN A     192.0.2.11
www     60 IN A     192.0.2.12
www     60 IN A     192.0.2.13
shop       IN CNAME www
@          IN MX    10 mail
mail       IN A     192.0.2.25
@          IN TXT   "v=spf1 mx -all"
@          IN CAA   0 issue "ca.example.net"
_sip._tcp  IN SRV   10 60 5060 sip.example.test.
sip        IN A     192.0.2.40
@          IN HTTPS 1 . alpn=h2,h3
"""
REVERSE_ZONE = """
$ORIGIN 2.0.192.in-addr.arpa.
$TTL 3600
@          IN SOA   ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 300
@          IN NS    ns1.example.test.
10         IN PTR   example.test.
11         IN PTR   www.example.test.
"""
SOA_FIELDS = {
    "SERIAL": "판 번호. 바꿀 때마다 올립니다(흔히 YYYYMMDDnn)",
    "REFRESH": "보조 서버가 변경을 확인하는 주기(초)",
    "RETRY": "확인에 실패했을 때 다시 시도하기까지(초)",
    "EXPIRE": "주 서버와 끊겨도 보조 서버가 답을 계속 줄 최대 시간(초)",
    "MINIMUM": "부정 응답(NXDOMAIN 등)을 캐시할 시간(초, RFC 2308)",
}


def as_text(records) -> str:
    """상대 이름을 모두 FQDN으로 푼 존 파일 텍스트(서버에 올릴 형태)."""
    return "\n".join(rr.toZone() for rr in records)


forward = list(ZoneParser(FORWARD_ZONE))
reverse = list(ZoneParser(REVERSE_ZONE))
types = sorted({QTYPE[rr.rtype] for rr in forward})
print(f"1) 정방향 영역 example.test.: 레코드 {len(forward)}개, 타입 {len(types)}가지 {types}")

soa = next(rr for rr in forward if rr.rtype == QTYPE.SOA).rdata
print(f"2) SOA: 주 네임서버 {soa.mname}, 관리자 메일 {soa.rname} (첫 점이 @)")
for (field, meaning), value in zip(SOA_FIELDS.items(), soa.times, strict=True):
    print(f"   {field:<8} {value:>10}  {meaning}")

ptr_name = ipaddress.ip_address("192.0.2.11").reverse_pointer + "."
servers = start_servers(
    {AUTH_IP: ("example.test.", as_text(forward)), REVERSE_IP: ("2.0.192.in-addr.arpa.", as_text(reverse))}
)
try:
    print(f"3) 권한 서버 {AUTH_IP} 에 묻기")
    replies = {}
    for name, qtype in [("www", "A"), ("shop", "A"), ("", "MX"), ("", "CAA"), ("_sip._tcp", "SRV"), ("", "HTTPS")]:
        fqdn = f"{name}.example.test." if name else "example.test."
        replies[name, qtype] = reply = ask(AUTH_IP, servers.port, fqdn, qtype)
        print(f"   {fqdn:<23} {qtype:<5} → " + " | ".join(f"{QTYPE[rr.rtype]} {rr.rdata}" for rr in reply.rr))
    print(f"4) 역방향: 192.0.2.11 → {ptr_name} 를 {REVERSE_IP} 에 묻기")
    ptr = ask(REVERSE_IP, servers.port, ptr_name, "PTR")
    print(f"   PTR {ptr.rr[0].rdata}")
    print(f"   (IPv6 2001:db8::10 의 역방향 이름: {ipaddress.ip_address('2001:db8::10').reverse_pointer}.)")
    wrong_server = ask(AUTH_IP, servers.port, ptr_name, "PTR")
finally:
    servers.close()

# 이 실습이 보여 준 사실을 확인합니다.
assert types == ["A", "AAAA", "CAA", "CNAME", "HTTPS", "MX", "NS", "SOA", "SRV", "TXT"]
assert (soa.times, str(soa.rname)) == ((2026112701, 7200, 900, 1209600, 300), "hostmaster.example.test.")
www = replies["www", "A"]
assert sorted(str(rr.rdata) for rr in www.rr) == ["192.0.2.11", "192.0.2.12", "192.0.2.13"], "RRset: 한 응답에 3개"
assert {rr.ttl for rr in www.rr} == {60}, "한 RRset의 TTL은 모두 같습니다(RFC 2181 §5.2)"
assert [QTYPE[rr.rtype] for rr in replies["shop", "A"].rr] == ["CNAME"], "A를 물어도 별칭이면 CNAME(만) 옵니다"
assert str(replies["", "MX"].rr[0].rdata) == "10 mail.example.test."
assert str(replies["_sip._tcp", "SRV"].rr[0].rdata.port) == "5060"
assert ptr_name == "11.2.0.192.in-addr.arpa." and str(ptr.rr[0].rdata) == "www.example.test."
assert not wrong_server.rr, "정방향 영역의 서버는 역방향 이름을 모릅니다: 두 영역은 따로입니다"
print("확인: 타입 10가지, SOA 필드, 3개짜리 RRset, CNAME, MX·SRV, 별도 영역의 PTR이 모두 맞습니다.")
