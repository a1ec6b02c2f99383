"""CIDR: '주소/접두사 길이' 하나로 네트워크의 범위를 나타내고, 더 작은 서브넷으로 쪼갭니다."""

import ipaddress

# 1) /24의 의미: 앞 24비트가 네트워크, 나머지 8비트가 호스트 번호입니다.
net = ipaddress.ip_network("198.51.100.0/24")
hosts = list(net.hosts())
print(f"{net}: 넷마스크 {net.netmask}, 주소 {net.num_addresses}개")
print(
    f"  네트워크 주소 {net.network_address}, 브로드캐스트 {net.broadcast_address}, 호스트 {hosts[0]}–{hosts[-1]} ({len(hosts)}개)"
)
assert str(net.netmask) == "255.255.255.0" and net.num_addresses == 256 and len(hosts) == 254

# 2) 같은 범위를 /26 네 개로 나눕니다(접두사가 2비트 길어지면 2^2 = 4조각).
print("\n/26으로 나누기:")
subnets = list(net.subnets(new_prefix=26))
for subnet in subnets:
    print(f"  {str(subnet):<18} {subnet[0]} – {subnet[-1]}  ({subnet.num_addresses}개)")
assert [str(s) for s in subnets] == [
    "198.51.100.0/26",
    "198.51.100.64/26",
    "198.51.100.128/26",
    "198.51.100.192/26",
]
assert all(s.num_addresses == net.num_addresses // 4 for s in subnets), "조각마다 크기는 1/4"

# 3) 어떤 주소가 어느 서브넷에 속하는지: 주소와 넷마스크의 AND가 네트워크 주소입니다.
address = ipaddress.ip_address("198.51.100.77")
home = next(s for s in subnets if address in s)
anded = ipaddress.ip_address(int(address) & int(home.netmask))
print(f"\n{address} AND {home.netmask} = {anded} → {home}에 속함")
assert home == subnets[1] == ipaddress.ip_network("198.51.100.64/26") and anded == home.network_address
assert str(home.netmask) == "255.255.255.192"

# 4) 클라우드 VPC처럼 큰 사설 대역을 /24 서브넷으로 나누기(RFC 1918의 10.0.0.0/8 안).
vpc = ipaddress.ip_network("10.0.0.0/16")
first_three = list(vpc.subnets(new_prefix=24))[:3]
print(f"\n{vpc}: /24 서브넷 {2 ** (24 - vpc.prefixlen)}개 가능, 처음 셋: {', '.join(map(str, first_three))}")
assert len(list(vpc.subnets(new_prefix=24))) == 2 ** (24 - vpc.prefixlen) == 256

# 5) RFC 1918의 172.16.0.0/12는 어디까지일까요? 경계를 손으로 외우지 않아도 됩니다.
private_172 = ipaddress.ip_network("172.16.0.0/12")
print(f"{private_172}: {private_172[0]} – {private_172[-1]}")
assert str(private_172[-1]) == "172.31.255.255"

# 6) 인접한 범위는 하나로 합칠 수 있습니다(경로 요약).
merged = list(ipaddress.collapse_addresses(subnets[:2]))
print(f"{subnets[0]} + {subnets[1]} → {merged[0]}")
assert merged == [ipaddress.ip_network("198.51.100.0/25")]
print("확인: 넷마스크, 서브넷 분할, 소속 판정, 경로 요약이 모두 계산과 일치합니다.")
