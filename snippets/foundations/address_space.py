"""IPv4와 IPv6 주소 공간의 크기, 그리고 IPv6 주소를 줄여 쓰는 규칙(RFC 5952)."""

import ipaddress
import sys

# 1) 주소 공간의 크기: 비트 수가 전부를 정합니다.
ipv4_all = ipaddress.ip_network("0.0.0.0/0")
ipv6_all = ipaddress.ip_network("::/0")
one_lan = ipaddress.ip_network("2001:db8:1:2::/64")  # IPv6에서 LAN 하나에 주는 보통 크기
print(f"IPv4 전체: 2^{ipv4_all.max_prefixlen} = {ipv4_all.num_addresses:,}개 (약 43억)")
print(f"IPv6 전체: 2^{ipv6_all.max_prefixlen} = {ipv6_all.num_addresses:.3e}개")
print(
    f"IPv6 /64 서브넷 하나: 2^64 = {one_lan.num_addresses:,}개 = IPv4 인터넷 전체의 {one_lan.num_addresses // ipv4_all.num_addresses:,}배"
)
assert ipv4_all.num_addresses == 2**32 and ipv6_all.num_addresses == 2**128
assert ipv6_all.num_addresses // ipv4_all.num_addresses == 2**96
assert one_lan.num_addresses // ipv4_all.num_addresses == 2**32, "/64 하나가 IPv4 전체의 약 43억 배"

# 2) 같은 IPv4 주소, 여러 표기: 점으로 나눈 네 마디는 32비트 정수 하나를 읽기 쉽게 쓴 것입니다.
v4 = ipaddress.ip_address("192.0.2.10")
print(f"\n{v4} = 정수 {int(v4)} = 바이트 {v4.packed.hex(' ')} (4바이트)")
assert ipaddress.ip_address(int(v4)) == v4 and len(v4.packed) == 4

# 3) IPv6 표기: 16비트 16진수 8그룹. RFC 5952 §4가 정한 '표준 표기'로 줄입니다.
CASES = [
    (
        "2001:0DB8:0000:0000:0000:FF00:0042:8329",
        "2001:db8::ff00:42:8329",
        "앞자리 0 생략, 소문자, 가장 긴 0 묶음을 ::로",
    ),
    ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", "0 묶음 길이가 같으면 앞쪽을 ::로"),
    ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1", "0 그룹 하나만으로는 ::를 쓰지 않음"),
    ("0:0:0:0:0:0:0:1", "::1", "루프백"),
]
print()
for written, canonical, rule in CASES:
    address = ipaddress.IPv6Address(written)
    print(f"{written:<41} → {address.compressed:<22} # {rule}")
    assert address.compressed == canonical, written
    assert ipaddress.IPv6Address(canonical) == address, "줄여 써도 같은 128비트 값입니다"

# IPv4 매핑 주소: 듀얼 스택 소켓이 IPv4 상대를 IPv6 형식으로 나타낼 때 씁니다.
mapped = ipaddress.IPv6Address("::ffff:192.0.2.10")
print(f"\nIPv4 매핑 주소 {mapped} 안의 IPv4 주소: {mapped.ipv4_mapped}")
assert mapped.ipv4_mapped == v4
# RFC 5952 §5는 마지막 32비트를 점 표기로 쓰라고 권합니다. 파이썬은 3.13부터 그렇게 출력합니다.
dotted = sys.version_info >= (3, 13)
assert str(mapped) == ("::ffff:192.0.2.10" if dotted else "::ffff:c000:20a")
style = "점 표기(RFC 5952 §5 권장)" if dotted else "16진수"
print(f"파이썬 {sys.version_info.major}.{sys.version_info.minor}의 매핑 주소 표기: {style}")
print(f"\n펼친 표기: {ipaddress.IPv6Address('2001:db8::1').exploded}")
print("확인: 크기는 2^32 대 2^128, IPv6의 줄임 표기는 RFC 5952 규칙대로입니다.")
