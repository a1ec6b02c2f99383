"""보안 그룹과 네트워크 ACL의 규칙을 moto(가짜 AWS)로 만들고 확인합니다.

1. VPC와 서브넷을 만들면 기본 네트워크 ACL이 서브넷에 붙습니다: 규칙 100 허용, * 거부.
2. 새 보안 그룹에는 인바운드 규칙이 없고, 아웃바운드는 '모두 허용' 하나가 있습니다.
3. 인바운드: 22번(SSH)은 관리자 주소 하나(/32)에서만, 80·443은 어디서나(0.0.0.0/0).
4. 소스로 다른 보안 그룹을 쓸 수 있습니다: DB는 웹 서버 보안 그룹에서 오는 5432만 받습니다.

moto는 규칙을 저장할 뿐 패킷을 걸러 주지는 않습니다. 걸러지는 모습은 다음 실습에서 봅니다.
"""

from labkit.aws_lab import client, mocked_aws

ADMIN = "203.0.113.7/32"  # 관리자 PC의 공인 주소(문서용 주소)


def tcp(port: int, cidr: str = "", group: str = "") -> dict:
    rule = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    return rule | ({"IpRanges": [{"CidrIp": cidr}]} if cidr else {"UserIdGroupPairs": [{"GroupId": group}]})


def describe_rules(ec2, group_id: str) -> list[dict]:
    found = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group_id]}])
    return found["SecurityGroupRules"]


def show(rule: dict, names: dict[str, str]) -> str:
    direction = "아웃바운드" if rule["IsEgress"] else "인바운드 "
    ports = "모든 포트" if rule["IpProtocol"] == "-1" else f"{rule['IpProtocol']} {rule['FromPort']}"
    peer = rule.get("CidrIpv4") or "보안 그룹 " + names[rule["ReferencedGroupInfo"]["GroupId"]]
    return f"{direction} 허용  {ports:<9} {'→' if rule['IsEgress'] else '←'} {peer}"


with mocked_aws():
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    acl = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["NetworkAcls"][0]
    print(f"1) 서브넷 10.0.1.0/24 의 네트워크 ACL (기본 ACL: {acl['IsDefault']})")
    entries = sorted(acl["Entries"], key=lambda e: (e["Egress"], e["RuleNumber"]))
    for e in entries:
        number = "*" if e["RuleNumber"] == 32767 else e["RuleNumber"]
        print(
            f"   {'아웃바운드' if e['Egress'] else '인바운드 '} 규칙 {number:>3}: 모든 트래픽 {e['CidrBlock']} {e['RuleAction']}"
        )

    web = ec2.create_security_group(GroupName="web", Description="web servers", VpcId=vpc)["GroupId"]
    db = ec2.create_security_group(GroupName="db", Description="database", VpcId=vpc)["GroupId"]
    names = {web: "web", db: "db"}
    fresh = describe_rules(ec2, web)
    print(
        f"2) 새 보안 그룹 web: 인바운드 {sum(not r['IsEgress'] for r in fresh)}개, "
        f"아웃바운드 {sum(r['IsEgress'] for r in fresh)}개"
    )

    ec2.authorize_security_group_ingress(
        GroupId=web, IpPermissions=[tcp(22, ADMIN), tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0")]
    )
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[tcp(5432, group=web)])
    print("3) web 보안 그룹의 규칙")
    web_rules = sorted(describe_rules(ec2, web), key=lambda r: (r["IsEgress"], r["FromPort"]))
    for rule in web_rules:
        print("   " + show(rule, names))
    print("4) db 보안 그룹의 인바운드 규칙")
    db_rules = [r for r in describe_rules(ec2, db) if not r["IsEgress"]]
    for rule in db_rules:
        print("   " + show(rule, names))

# 이 실습이 보여 준 사실을 확인합니다.
assert acl["IsDefault"] and [(e["Egress"], e["RuleNumber"], e["RuleAction"]) for e in entries] == [
    (False, 100, "allow"),
    (False, 32767, "deny"),
    (True, 100, "allow"),
    (True, 32767, "deny"),
], "기본 NACL: 방향마다 100 허용, * 거부"
assert [(r["IsEgress"], r["IpProtocol"], r["CidrIpv4"]) for r in fresh] == [(True, "-1", "0.0.0.0/0")]
inbound = {(r["FromPort"], r["CidrIpv4"]) for r in web_rules if not r["IsEgress"]}
assert inbound == {(22, ADMIN), (80, "0.0.0.0/0"), (443, "0.0.0.0/0")}
assert [(r["FromPort"], r["ReferencedGroupInfo"]["GroupId"]) for r in db_rules] == [(5432, web)]
assert all("RuleAction" not in r for r in web_rules + db_rules), "보안 그룹 규칙에는 '거부'가 없습니다"
print("확인: 기본 NACL(100 허용 / * 거부), 새 보안 그룹의 기본값, 추가한 허용 규칙이 모두 맞습니다.")
