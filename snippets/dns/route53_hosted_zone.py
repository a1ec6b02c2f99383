"""Route 53 호스팅 영역을 moto로 만들고, 그 레코드를 루프백의 진짜 DNS 서버로 서비스합니다.

1. 퍼블릭 호스팅 영역을 만들면 NS 레코드(네임서버 4개)와 SOA 레코드가 저절로 생깁니다.
2. 이름 하나에 A 레코드 두 개(TTL 60)를 넣고, 영역 꼭대기(apex)에는 별칭(alias)을 둡니다.
3. apex에 CNAME은 둘 수 없습니다. 같은 이름에 SOA·NS가 이미 있기 때문입니다.
4. 레코드를 존 파일로 내보내 권한 서버에 올리고, 루트부터 반복 질의로 찾아 봅니다.
"""

from dnslib import QTYPE, RCODE

from labkit.aws_lab import client, mocked_aws
from labkit.dns_lab import AUTH_IP, ROOT_IP, TLD_IP, ask, dns_hierarchy

ZONE = "shop.test."


def upsert(r53, zone_id: str, record: dict) -> None:
    change = {"Action": "UPSERT", "ResourceRecordSet": record}
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [change]})


def cname_conflict(record_sets: list[dict], name: str) -> list[str]:
    """``name``에 CNAME을 만들 때 부딪히는 기존 타입들(RFC 1034 §3.6.2: CNAME은 혼자 있어야 합니다)."""
    return sorted(r["Type"] for r in record_sets if r["Name"] == name and r["Type"] != "CNAME")


def export_zone(record_sets: list[dict], nameservers: list[str]) -> str:
    """Route 53 레코드를 존 파일 문법으로 씁니다. 별칭은 Route 53이 답할 때처럼 대상의 값과 TTL로 풉니다."""
    by_key = {(r["Name"], r["Type"]): r for r in record_sets}
    lines = []
    for r in record_sets:
        if r["Type"] == "SOA":  # moto 5.2.5의 SOA 값 문자열은 깨져 있어, AWS 문서의 기본값으로 씁니다
            lines.append(f"{ZONE} {r['TTL']} IN SOA {nameservers[0]} hostmaster.{ZONE} 1 7200 900 1209600 86400")
            continue
        source = by_key[(r["AliasTarget"]["DNSName"], r["Type"])] if "AliasTarget" in r else r
        for value in source["ResourceRecords"]:
            data = value["Value"] + ("." if r["Type"] in ("NS", "CNAME") and value["Value"][-1] != "." else "")
            lines.append(f"{r['Name']} {source['TTL']} IN {r['Type']} {data}")
    return "\n".join(lines)


def resolve(name: str, qtype: str, port: int):
    """루트부터 위임을 따라가는 반복 질의. (마지막 응답, 거쳐 간 서버들)을 돌려줍니다."""
    server, path = ROOT_IP, []
    for _ in range(5):
        path.append(server)
        reply = ask(server, port, name, qtype)
        if reply.header.aa:
            return reply, path
        glue = {str(rr.rname): str(rr.rdata) for rr in reply.ar if rr.rtype == QTYPE.A}
        server = glue[str(reply.auth[0].rdata)]
    raise RuntimeError("위임이 너무 깁니다")


with mocked_aws():
    r53 = client("route53")
    created = r53.create_hosted_zone(Name=ZONE, CallerReference="shop-zone-1")
    zone_id = created["HostedZone"]["Id"]
    nameservers = [ns + "." for ns in created["DelegationSet"]["NameServers"]]
    auto = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    print(f"1) 퍼블릭 호스팅 영역 {ZONE} 생성")
    for r in auto:
        print(f"   자동 생성: {r['Type']:<3} TTL {r['TTL']:>6}  값 {len(r['ResourceRecords'])}개")
    print("   네임서버(가비아 같은 등록 대행사에 입력할 값):", ", ".join(nameservers))

    www, blog = [{"Value": "192.0.2.10"}, {"Value": "192.0.2.11"}], [{"Value": f"www.{ZONE}"}]
    upsert(r53, zone_id, {"Name": f"www.{ZONE}", "Type": "A", "TTL": 60, "ResourceRecords": www})
    upsert(r53, zone_id, {"Name": f"blog.{ZONE}", "Type": "CNAME", "TTL": 300, "ResourceRecords": blog})
    alias = {"HostedZoneId": zone_id.split("/")[-1], "DNSName": f"www.{ZONE}", "EvaluateTargetHealth": False}
    upsert(r53, zone_id, {"Name": ZONE, "Type": "A", "AliasTarget": alias})
    records = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    print("2) 넣은 레코드: www A 2개(TTL 60), blog CNAME → www, apex A 별칭 → www (별칭에는 TTL 칸이 없음)")

    conflicts = cname_conflict(records, ZONE)
    print(f"3) apex {ZONE} 에 CNAME? 이미 {conflicts} 레코드가 있어 안 됩니다.")
    print(f"   blog.{ZONE} 의 CNAME은 혼자라서 괜찮습니다: 충돌 {cname_conflict(records, f'blog.{ZONE}')}")
    zone_text = export_zone(records, nameservers)
    apex_cname = {"Name": ZONE, "Type": "CNAME", "TTL": 300, "ResourceRecords": blog}
    r53.change_resource_record_sets(  # 진짜 Route 53이라면 InvalidChangeBatch로 거부합니다
        HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": apex_cname}]}
    )
    after = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    moto_accepted = any(r["Name"] == ZONE and r["Type"] == "CNAME" for r in after)
    print(
        f"   moto에 apex CNAME을 넣어 보면: {'받아들임' if moto_accepted else '거부'} → 그래서 이 규칙은 실습이 직접 검사합니다."
    )

alias_record = next(r for r in records if r["Name"] == ZONE and r["Type"] == "A")
assert len(nameservers) == 4 and {ns.split(".", 2)[2] for ns in nameservers} == {"com.", "net.", "org.", "co.uk."}
assert {(r["Type"], r["TTL"]) for r in auto} == {("NS", 172800), ("SOA", 900)}, "moto: NS 172800초, SOA 900초"
assert "TTL" not in alias_record and alias_record["AliasTarget"]["DNSName"] == f"www.{ZONE}"
assert conflicts == ["A", "NS", "SOA"] and cname_conflict(records, f"blog.{ZONE}") == []
assert moto_accepted, "moto는 apex CNAME 검사를 하지 않습니다"
moto_soa = next(r for r in auto if r["Type"] == "SOA")["ResourceRecords"][0]["Value"]
assert moto_soa.startswith("{"), "moto의 SOA 값 문자열은 깨져 있어(dict의 repr) 내보낼 때 다시 씁니다"

print("4) 내보낸 존 파일을 권한 서버(127.0.53.3)에 올리고, TLD가 네임서버 4개로 위임하게 합니다.")
for line in zone_text.splitlines():
    print("   " + line)
with dns_hierarchy(zone_text, origin=ZONE, nameservers=nameservers) as servers:
    answers = {}
    for name in (f"www.{ZONE}", ZONE, f"blog.{ZONE}", f"nope.{ZONE}"):
        reply, path = resolve(name, "A", servers.port)
        answers[name] = reply, path
        shown = [f"{QTYPE[rr.rtype]} {rr.rdata} (TTL {rr.ttl})" for rr in reply.rr]
        if reply.header.rcode == RCODE.NXDOMAIN:
            soa = reply.auth[0]
            shown = [f"NXDOMAIN, 부정 캐시 {min(soa.ttl, soa.rdata.times[-1])}초 (SOA TTL과 MINIMUM 중 작은 값)"]
        print(f"   {name:<17} → {', '.join(shown)}")
    referral = ask(TLD_IP, servers.port, f"www.{ZONE}")

www_reply, www_path = answers[f"www.{ZONE}"]
apex_reply, _ = answers[ZONE]
nope_reply, _ = answers[f"nope.{ZONE}"]
assert www_path == [ROOT_IP, TLD_IP, AUTH_IP], "루트 → TLD → Route 53 네임서버"
assert sorted(str(rr.rdata) for rr in referral.auth) == sorted(nameservers), "TLD가 Route 53 네임서버 4개로 위임"
assert sorted(str(rr.rdata) for rr in www_reply.rr) == ["192.0.2.10", "192.0.2.11"], "한 이름에 A 두 개"
assert [(str(rr.rdata), rr.ttl) for rr in apex_reply.rr] == [("192.0.2.10", 60), ("192.0.2.11", 60)], (
    "별칭 = 대상의 값과 TTL"
)
assert QTYPE[answers[f"blog.{ZONE}"][0].rr[0].rtype] == "CNAME"
nope_soa = nope_reply.auth[0]
assert nope_reply.header.rcode == RCODE.NXDOMAIN and (nope_soa.ttl, nope_soa.rdata.times[-1]) == (900, 86400)
assert min(nope_soa.ttl, nope_soa.rdata.times[-1]) == 900, "부정 응답 캐시: min(SOA TTL, MINIMUM)"
print(
    f"확인: TLD의 위임 NS {len(referral.auth)}개, apex 별칭이 www의 주소 2개를 TTL 60으로 돌려주고, 없는 이름은 NXDOMAIN입니다."
)
