"""전송 계층의 HOL(head-of-line) 블로킹: 패킷 하나를 잃으면 누가 기다려야 할까요?

스트림 A와 B의 조각이 패킷 4개에 번갈아 실려 갑니다. 첫 패킷(A의 첫 조각)만 사라지고,
100ms 뒤에 재전송되어 도착합니다. 같은 도착 기록을 두 가지 방식으로 받아 봅니다.

* TCP 위의 HTTP/2: 바이트 순서가 하나뿐이라, 빈칸이 메워질 때까지 뒤의 B 조각도 못 올라갑니다.
* QUIC 위의 HTTP/3: 스트림마다 순서를 따로 지키므로, 잃어버린 것과 무관한 B는 바로 올라갑니다.
"""

# (패킷 번호, 스트림, 스트림 안의 조각 번호): 보낸 순서
PACKETS = [(0, "A", 0), (1, "B", 0), (2, "A", 1), (3, "B", 1)]
# 실제로 도착한 시각(ms): 0번은 사라졌다가 재전송되어 110ms에 도착합니다.
ARRIVALS = [(11, 1), (12, 2), (13, 3), (110, 0)]


def deliver(one_order_for_all: bool) -> dict[str, list[int]]:
    """각 스트림의 조각이 애플리케이션에 넘어간 시각을 돌려줍니다."""
    delivered = {"A": [], "B": []}
    arrived: dict[int, int] = {}  # 패킷 번호 → 도착 시각
    next_packet = 0  # TCP: 전체에서 다음 차례인 패킷
    next_piece = {"A": 0, "B": 0}  # QUIC: 스트림별로 다음 차례인 조각
    for time, number in ARRIVALS:
        arrived[number] = time
        if one_order_for_all:  # 빈칸 없이 이어진 데까지만 올려 보냅니다.
            while next_packet in arrived:
                _, stream, _ = PACKETS[next_packet]
                delivered[stream].append(time)
                next_packet += 1
        else:
            for packet, stream, piece in PACKETS:
                if packet in arrived and piece == next_piece[stream]:
                    delivered[stream].append(time)
                    next_piece[stream] += 1
    return delivered


tcp = deliver(one_order_for_all=True)
quic = deliver(one_order_for_all=False)
print("도착: " + ", ".join(f"{t}ms 패킷{n}({PACKETS[n][1]})" for t, n in ARRIVALS) + "   ※ 패킷0은 재전송")
print(f"{'':<16}{'A 완료':>8}{'B 완료':>8}")
for name, result in (("HTTP/2 over TCP", tcp), ("HTTP/3 over QUIC", quic)):
    print(f"{name:<16}{max(result['A']):>7}ms{max(result['B']):>7}ms   조각별 전달 시각 {result}")

assert max(tcp["A"]) == max(quic["A"]) == 110, "잃어버린 조각의 주인 A는 어느 쪽이든 재전송을 기다립니다"
assert max(tcp["B"]) == 110, "TCP에서는 B도 남의 빈칸 때문에 110ms까지 막힙니다(HOL 블로킹)"
assert max(quic["B"]) == 13, "QUIC에서는 B가 13ms에 끝납니다"
b_arrivals = [time for time, number in ARRIVALS if PACKETS[number][1] == "B"]
assert quic["B"] == b_arrivals and max(b_arrivals) < min(tcp["B"]), "B는 재전송 전에 다 와 있었습니다"
print("확인: 손실은 TCP에서 모든 스트림을 세우지만, QUIC에서는 그 스트림만 세웁니다.")
