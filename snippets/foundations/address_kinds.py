"""주소만 보고 어떤 종류인지 가려냅니다(표준 라이브러리 ipaddress).

특수 용도 주소 범위는 RFC로 정해져 있습니다. 표의 범위와 파이썬의 is_* 속성을 나란히 놓고 봅니다.
"""

import ipaddress

# 특수 용도 범위(IANA 특수 목적 주소 레지스트리의 일부)와 근거 RFC
RANGES = [
    ("루프백", "RFC 1122·4291", ["127.0.0.0/8", "::1/128"]),
    ("사설", "RFC 1918", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]),
    ("공유(통신사 NAT)", "RFC 6598", ["100.64.0.0/10"]),
    ("링크 로컬", "RFC 3927·4291", ["169.254.0.0/16", "fe80::/10"]),
    ("고유 로컬(ULA)", "RFC 4193", ["fc00::/7"]),
    ("문서용(예시 전용)", "RFC 5737·3849", ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"]),
]
SAMPLES = {
    "127.0.0.1": "루프백",
    "10.1.2.3": "사설",
    "172.31.255.254": "사설",
    "192.168.0.10": "사설",
    "100.64.0.1": "공유(통신사 NAT)",
    "169.254.169.254": "링크 로컬",  # 클라우드의 인스턴스 메타데이터 주소로 유명합니다.
    "192.0.2.10": "문서용(예시 전용)",
    "203.0.113.9": "문서용(예시 전용)",
    "::1": "루프백",
    "fe80::1": "링크 로컬",
    "fd12:3456:789a::1": "고유 로컬(ULA)",
    "2001:db8::10": "문서용(예시 전용)",
}


def classify(address) -> tuple[str, str]:
    """주소가 속한 특수 용도 범위의 (이름, RFC). 어디에도 없으면 공인 주소 후보입니다."""
    for name, rfc, networks in RANGES:
        for network in map(ipaddress.ip_network, networks):
            if network.version == address.version and address in network:
                return name, rfc
    return "일반(공인) 주소", ""


print("주소               버전 is_private is_loopback is_link_local  분류 (근거)")
for text, expected in SAMPLES.items():
    address = ipaddress.ip_address(text)
    name, rfc = classify(address)
    flags = f"{address.is_private!s:<10} {address.is_loopback!s:<11} {address.is_link_local!s:<13}"
    print(f"{text:<18} v{address.version}   {flags}  {name} ({rfc})")
    assert name == expected, text
    assert address.is_loopback == (expected == "루프백")
    assert address.is_link_local == (expected == "링크 로컬")

# 파이썬의 is_private는 "RFC 1918 사설"이 아니라 "인터넷에서 라우팅되지 않는 특수 용도"에 가깝습니다.
documentation = ipaddress.ip_address("192.0.2.10")
assert documentation.is_private and not documentation.is_global, "문서용 주소도 is_private=True"
assert not ipaddress.ip_address("100.64.0.1").is_private, "공유 주소는 사설도 공인도 아닙니다"
print("확인: 분류가 모두 맞고, is_private는 RFC 1918보다 넓은 개념입니다(문서용 주소도 True).")
