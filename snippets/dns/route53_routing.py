"""Route 53의 가중치 라우팅, 상태 검사, 프라이빗 호스팅 영역.

moto는 설정(가중치, 상태 검사, VPC 연결)을 AWS API처럼 저장하지만 DNS 질의에 답하지는 않습니다.
그래서 Route 53이 질의마다 답을 고르는 규칙은 이 스크립트의 작은 함수로 흉내 냅니다.

1. 가중치(weighted): api.shop.test 질의를 blue 70 : green 30으로 나눕니다.
2. 상태 검사(health check): green이 비정상이 되면 green은 답에서 빠집니다.
3. 프라이빗 호스팅 영역: 연결(associate)한 VPC 안에서만 보이고, 그 VPC에서는 같은 이름의
   퍼블릭 영역을 가립니다(프라이빗 영역에 없는 이름은 NXDOMAIN).
"""

import random
from collections import Counter

from labkit.aws_lab import REGION, client, mocked_aws

ZONE = "shop.test."


def upsert(r53, zone_id: str, record: dict) -> None:
    change = {"Action": "UPSERT", "ResourceRecordSet": record}
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [change]})


def a_record(name: str, ip: str, **policy) -> dict:
    return {"Name": name, "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": ip}], **policy}


def pick_weighted(records: list[dict], healthy: dict[str, bool], rng: random.Random) -> dict:
    """정상인 레코드 가운데 하나를 가중치에 비례한 확률로 고릅니다(질의 하나에 답 하나)."""
    alive = [r for r in records if healthy.get(r.get("HealthCheckId", ""), True)]
    point = rng.uniform(0, sum(r["Weight"] for r in alive))
    for record in alive:
        point -= record["Weight"]
        if point <= 0:
            return record
    return alive[-1]


def simulate(records: list[dict], healthy: dict[str, bool], queries: int = 1000) -> Counter:
    rng = random.Random(53)  # 같은 씨앗 → 매번 같은 결과
    return Counter(pick_weighted(records, healthy, rng)["SetIdentifier"] for _ in range(queries))


def vpc_resolver(r53, vpc_id: str, name: str, public_zone_id: str) -> tuple[str, list[str]]:
    """VPC 안의 Route 53 Resolver 흉내: 이 VPC에 연결된 프라이빗 영역이 이름을 덮으면 그 영역만 봅니다."""
    summaries = r53.list_hosted_zones_by_vpc(VPCId=vpc_id, VPCRegion=REGION)["HostedZoneSummaries"]
    private = [z["HostedZoneId"] for z in summaries if name == z["Name"] or name.endswith("." + z["Name"])]
    zone_id, view = (private[0], "프라이빗") if private else (public_zone_id, "퍼블릭")
    sets = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    values = [v["Value"] for r in sets if r["Name"] == name and r["Type"] == "A" for v in r["ResourceRecords"]]
    return view, values or ["NXDOMAIN"]


with mocked_aws():
    r53, ec2 = client("route53"), client("ec2")
    public_id = r53.create_hosted_zone(Name=ZONE, CallerReference="public-1")["HostedZone"]["Id"]
    check = {"IPAddress": "198.51.100.2", "Port": 443, "Type": "HTTPS", "ResourcePath": "/health"}
    green_check = r53.create_health_check(CallerReference="green-hc", HealthCheckConfig=check)["HealthCheck"]["Id"]
    upsert(r53, public_id, a_record(f"www.{ZONE}", "192.0.2.10"))
    upsert(r53, public_id, a_record(f"api.{ZONE}", "198.51.100.1", SetIdentifier="blue", Weight=70))
    green = a_record(f"api.{ZONE}", "198.51.100.2", SetIdentifier="green", Weight=30, HealthCheckId=green_check)
    upsert(r53, public_id, green)
    sets = r53.list_resource_record_sets(HostedZoneId=public_id)["ResourceRecordSets"]
    api_sets = [r for r in sets if r["Name"] == f"api.{ZONE}"]

    print("1) 가중치 레코드 (이름 하나에 SetIdentifier가 다른 레코드 두 개):")
    for r in api_sets:
        note = ", 상태 검사 연결" if "HealthCheckId" in r else ""
        print(
            f"   {r['Name']} {r['SetIdentifier']:<5} 가중치 {r['Weight']:>2} → {r['ResourceRecords'][0]['Value']}{note}"
        )
    normal = simulate(api_sets, healthy={green_check: True})
    print(f"   질의 1000번, 모두 정상: {dict(sorted(normal.items()))}")
    failed = simulate(api_sets, healthy={green_check: False})
    print(f"2) green 상태 검사 실패 뒤 질의 1000번: {dict(sorted(failed.items()))}")

    vpc_a = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    vpc_b = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    private = r53.create_hosted_zone(
        Name=ZONE,
        CallerReference="private-1",
        VPC={"VPCRegion": REGION, "VPCId": vpc_a},
        HostedZoneConfig={"PrivateZone": True, "Comment": "VPC 안에서만 보이는 영역"},
    )
    private_id = private["HostedZone"]["Id"]
    upsert(r53, private_id, a_record(f"db.{ZONE}", "10.0.2.15"))
    print(
        f"3) 프라이빗 호스팅 영역 {ZONE}: PrivateZone={private['HostedZone']['Config']['PrivateZone']}, VPC A에만 연결"
    )
    views = {}
    for label, vpc in (("VPC A", vpc_a), ("VPC B", vpc_b)):
        for name in (f"db.{ZONE}", f"www.{ZONE}"):
            views[label, name] = vpc_resolver(r53, vpc, name, public_id)
            view, values = views[label, name]
            print(f"   {label}에서 {name:<15} → {view} 영역: {', '.join(values)}")
    r53.associate_vpc_with_hosted_zone(HostedZoneId=private_id, VPC={"VPCRegion": REGION, "VPCId": vpc_b})
    after = vpc_resolver(r53, vpc_b, f"db.{ZONE}", public_id)
    print(f"   VPC B를 연결한 뒤 VPC B에서 db.{ZONE} → {after[0]} 영역: {', '.join(after[1])}")
    associated = {v["VPCId"] for v in r53.get_hosted_zone(Id=private_id)["VPCs"]}

# 이 실습이 보여 준 사실을 확인합니다.
assert {r["SetIdentifier"]: r["Weight"] for r in api_sets} == {"blue": 70, "green": 30}
assert sum(normal.values()) == 1000 and 650 <= normal["blue"] <= 750, "대략 70 : 30"
assert failed == Counter(blue=1000), "비정상인 green은 답에서 빠집니다"
assert views["VPC A", f"db.{ZONE}"] == ("프라이빗", ["10.0.2.15"])
assert views["VPC A", f"www.{ZONE}"] == ("프라이빗", ["NXDOMAIN"]), "프라이빗 영역이 퍼블릭 영역을 가립니다"
assert views["VPC B", f"db.{ZONE}"] == ("퍼블릭", ["NXDOMAIN"]), "연결하지 않은 VPC에는 보이지 않습니다"
assert views["VPC B", f"www.{ZONE}"] == ("퍼블릭", ["192.0.2.10"])
assert after == ("프라이빗", ["10.0.2.15"]) and associated == {vpc_a, vpc_b}
print("확인: 가중치 비율, 상태 검사에 따른 제외, 프라이빗 영역의 가시 범위와 가림이 모두 맞습니다.")
