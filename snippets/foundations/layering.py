"""계층화와 캡슐화: HTTP 요청 한 개가 전선에 오르기까지 붙는 헤더를 직접 만들어 봅니다.

응용(HTTP) → 전송(TCP) → 인터넷(IPv4) → 링크(이더넷) 순서로 각 계층이 앞에 자기 헤더를
붙입니다(캡슐화). 받는 쪽은 거꾸로 하나씩 떼어 내며(역캡슐화) 다음 계층에 넘깁니다.
헤더 형식은 실제 표준(RFC 791, RFC 9293, IEEE 802.3)대로이고, 주소는 문서용입니다.
"""

import ipaddress
import struct

SRC_IP, DST_IP = ipaddress.ip_address("192.0.2.10"), ipaddress.ip_address("198.51.100.20")
SRC_MAC, DST_MAC = bytes.fromhex("00005e005301"), bytes.fromhex("00005e005302")  # 문서용 MAC(RFC 7042)
TCP_PROTO, ETHERTYPE_IPV4 = 6, 0x0800


def checksum(data: bytes) -> int:
    """인터넷 체크섬(RFC 1071): 16비트 단위 1의 보수 합의 보수."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def tcp_segment(payload: bytes, src_port: int, dst_port: int, seq: int, ack: int) -> bytes:
    flags = 0x18  # PSH + ACK
    header = struct.pack("!HHIIBBHHH", src_port, dst_port, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = SRC_IP.packed + DST_IP.packed + struct.pack("!BBH", 0, TCP_PROTO, len(header) + len(payload))
    check = checksum(pseudo + header + payload)  # 체크섬은 IP 주소까지 덮습니다(의사 헤더).
    return header[:16] + struct.pack("!H", check) + header[18:] + payload


def ipv4_packet(segment: bytes) -> bytes:
    header = struct.pack(
        "!BBHHHBBH4s4s",
        (4 << 4) | 5,
        0,
        20 + len(segment),
        0x1234,
        0x4000,
        64,
        TCP_PROTO,
        0,
        SRC_IP.packed,
        DST_IP.packed,
    )
    return header[:10] + struct.pack("!H", checksum(header)) + header[12:] + segment


def ethernet_frame(packet: bytes) -> bytes:
    return DST_MAC + SRC_MAC + struct.pack("!H", ETHERTYPE_IPV4) + packet  # FCS(4바이트)는 NIC가 붙입니다.


# 체크섬 함수 자체부터 검증: 널리 쓰이는 IPv4 헤더 예제의 체크섬은 0xb861입니다.
sample = bytes.fromhex("450000730000400040110000c0a80001c0a800c7")
assert checksum(sample) == 0xB861

# --- 캡슐화: 위에서 아래로 ---
http = b"GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n\r\n"
segment = tcp_segment(http, src_port=49152, dst_port=80, seq=1000, ack=5000)
packet = ipv4_packet(segment)
frame = ethernet_frame(packet)
rows = [("응용 계층: HTTP 요청", http, 0), ("전송 계층: TCP 세그먼트", segment, 20)]
rows += [("인터넷 계층: IP 패킷", packet, 20), ("링크 계층: 이더넷 프레임", frame, 14)]
for name, data, header in rows:
    print(
        f"{len(data):>4}바이트  {name}"
        + (f" = {header}바이트 헤더 + 윗계층 {len(data) - header}바이트" if header else "")
    )

print("\n전선에 오르는 바이트(앞 14는 이더넷, 다음 20은 IP, 다음 20은 TCP, 나머지는 HTTP):")
for offset in range(0, len(frame), 16):
    print(f"  {offset:04x}  {frame[offset : offset + 16].hex(' ')}")

# --- 역캡슐화: 아래에서 위로, 각 계층은 자기 헤더만 읽고 나머지를 위로 넘깁니다 ---
dst_mac, src_mac, ethertype = frame[:6], frame[6:12], struct.unpack("!H", frame[12:14])[0]
ip = frame[14:]
ihl, ttl, proto = (ip[0] & 0x0F) * 4, ip[8], ip[9]
src, dst = ipaddress.ip_address(ip[12:16]), ipaddress.ip_address(ip[16:20])
tcp = ip[ihl:]
sport, dport = struct.unpack("!HH", tcp[:4])
data_offset = (tcp[12] >> 4) * 4
app_data = tcp[data_offset:]
pseudo = ip[12:20] + struct.pack("!BBH", 0, proto, len(tcp))
print(f"\n이더넷: {src_mac.hex(':')} → {dst_mac.hex(':')}, 타입 {ethertype:#06x}(IPv4)")
print(f"IP:     {src} → {dst}, TTL {ttl}, 프로토콜 {proto}(TCP), 헤더 체크섬 검사 {checksum(ip[:ihl]) == 0}")
print(f"TCP:    포트 {sport} → {dport}, 체크섬 검사 {checksum(pseudo + tcp) == 0}")
request_line = app_data.split(b"\r\n")[0].decode()
print(f"HTTP:   {request_line}")

assert ethertype == ETHERTYPE_IPV4 and proto == TCP_PROTO and (src, dst) == (SRC_IP, DST_IP)
assert checksum(ip[:ihl]) == 0 and checksum(pseudo + tcp) == 0, "헤더가 손상되지 않았습니다"
assert (sport, dport) == (49152, 80) and app_data == http, "HTTP 요청이 한 바이트도 바뀌지 않고 올라왔습니다"
assert len(frame) == len(http) + 20 + 20 + 14
# 덤프에서 읽은 자리: 이더넷 타입 08 00, IPv4·헤더 20바이트(45), 출발지 IP, 목적지 포트 80, "GET "
assert frame[12:14] == b"\x08\x00" and frame[14] == 0x45 and frame[26:30] == SRC_IP.packed
assert frame[36:38] == b"\x00\x50" and frame[54:58] == b"GET "

# 대조 실험: 전선에서 1비트만 바뀌어도 받는 쪽 TCP 체크섬 검사가 잡아냅니다.
damaged = bytearray(tcp)
damaged[-1] ^= 0x01
print(f"대조: 마지막 바이트의 1비트를 바꾸면 TCP 체크섬 검사 {checksum(pseudo + bytes(damaged)) == 0}")
assert checksum(pseudo + bytes(damaged)) != 0, "손상은 체크섬으로 드러납니다"
print("확인: 각 계층은 자기 헤더만 붙이고 떼며, 위 계층의 데이터는 그대로 전달됩니다.")
