"""작은 존 파일 린터: CNAME 규칙을 어긴 레코드를 찾아냅니다.

- CNAME이 있는 이름에는 다른 데이터가 없어야 합니다(RFC 1034 §3.6.2, RFC 2181 §10.1).
  그래서 영역 꼭대기(apex)에는 CNAME을 둘 수 없습니다. apex에는 SOA와 NS가 반드시 있기 때문입니다.
- 한 이름에 CNAME은 하나뿐입니다(RFC 2181 §10.1).
- MX와 NS의 값은 별칭(CNAME)이 아닌 이름이어야 합니다(RFC 2181 §10.3).
"""

from collections import defaultdict

from dnslib import QTYPE, ZoneParser

BROKEN_ZONE = """
$ORIGIN shop.test.
$TTL 300
@     IN SOA   ns1 hostmaster 1 7200 900 1209600 300
@     IN NS    ns1
ns1   IN A     192.0.2.53
@     IN CNAME lb.example.net.
@     IN MX    10 mail
mail  IN CNAME web1
www   IN CNAME web1
www   IN TXT   "owner=team-a"
api   IN CNAME web1
api   IN CNAME web2
web1  IN A     192.0.2.21
web2  IN A     192.0.2.22
"""
FIXED_ZONE = """
$ORIGIN shop.test.
$TTL 300
@     IN SOA   ns1 hostmaster 2 7200 900 1209600 300
@     IN NS    ns1
ns1   IN A     192.0.2.53
@     IN A     192.0.2.21
@     IN MX    10 web1
www   IN CNAME web1
_owner.www IN TXT "owner=team-a"
api   IN CNAME web1
web1  IN A     192.0.2.21
"""


def lint(zone_text: str) -> list[tuple[str, str]]:
    """(이름, 문제) 목록. 문제가 없으면 빈 목록입니다."""
    records = list(ZoneParser(zone_text))
    apex = str(next(rr.rname for rr in records if rr.rtype == QTYPE.SOA))
    types_at = defaultdict(list)  # 이름 → 그 이름에 있는 타입들
    for rr in records:
        types_at[str(rr.rname)].append(QTYPE[rr.rtype])
    aliases = {name for name, types in types_at.items() if "CNAME" in types}
    findings = []
    for name in sorted(aliases):
        others = sorted(set(types_at[name]) - {"CNAME"})
        if name == apex:
            findings.append((name, f"apex에 CNAME (같은 이름에 {others})"))
        elif others:
            findings.append((name, f"CNAME과 다른 데이터가 함께 있음 {others}"))
        if types_at[name].count("CNAME") > 1:
            findings.append((name, f"CNAME이 {types_at[name].count('CNAME')}개"))
    for rr in records:
        if rr.rtype in (QTYPE.MX, QTYPE.NS) and str(rr.rdata.label) in aliases:
            findings.append((str(rr.rname), f"{QTYPE[rr.rtype]} 값이 별칭(CNAME) {rr.rdata.label}"))
    return findings


broken = lint(BROKEN_ZONE)
print(f"고장 난 영역: 문제 {len(broken)}개")
for name, problem in broken:
    print(f"  ✗ {name:<16} {problem}")
fixed = lint(FIXED_ZONE)
print(f"고친 영역: 문제 {len(fixed)}개  (apex는 A로, TXT는 _owner.www로, api의 CNAME은 하나로, MX는 A가 있는 이름으로)")

# 이 실습이 보여 준 사실을 확인합니다.
assert broken == [
    ("api.shop.test.", "CNAME이 2개"),
    ("shop.test.", "apex에 CNAME (같은 이름에 ['MX', 'NS', 'SOA'])"),
    ("www.shop.test.", "CNAME과 다른 데이터가 함께 있음 ['TXT']"),
    ("shop.test.", "MX 값이 별칭(CNAME) mail.shop.test."),
], broken
assert fixed == [], fixed
print("확인: 린터가 네 가지 규칙 위반을 모두 찾았고, 고친 영역에서는 아무것도 찾지 않았습니다.")
