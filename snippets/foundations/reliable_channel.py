"""잃어버리고 순서를 뒤섞는 네트워크 위에서 TCP처럼 바이트를 빠짐없이, 순서대로 전달합니다.

실제 네트워크 대신 labkit의 ``LossyChannel``(시드가 고정된 난수와 가상 시계)을 씁니다.
그래서 몇 번을 실행해도 같은 패킷이 같은 순간에 사라지고, 같은 결과가 나옵니다.

TCP에서 빌려 온 세 가지 장치:
1. 순서 번호(seq): 각 세그먼트가 데이터의 몇 번째 바이트부터인지 적습니다.
2. 누적 확인 응답(ACK): "여기까지 다 받았으니 다음엔 이 바이트를 주세요".
3. 재전송 타이머(RTO): 제시간에 확인받지 못한 세그먼트는 다시 보냅니다.
"""

from labkit.net_lab import LossyChannel

DATA = b"HELLO, RELIABLE TCP!"  # 20바이트
MSS = 4  # 세그먼트 하나에 담는 최대 바이트 수
WINDOW = 3  # 확인받지 않고 보낼 수 있는 세그먼트 수
RTO = 100.0  # 재전송 타이머(가상 ms)

net = LossyChannel(seed=41, loss=0.2, delay=(10.0, 60.0))
stats = {"sent": 0, "retransmitted": 0, "lost": 0, "out_of_order": 0, "duplicate": 0}
story: list[tuple] = []  # 아래 기록의 뼈대: 끝에서 이 시드의 이야기를 확인합니다.


def log(text: str) -> None:
    print(f"t={net.now:6.1f}ms  {text}")


class Receiver:
    def __init__(self) -> None:
        self.expected = 0  # 다음에 받아야 할 바이트 번호 (= 보낼 ACK 번호)
        self.buffer: dict[int, bytes] = {}  # 먼저 도착한 뒷부분
        self.delivered = b""  # 애플리케이션에 순서대로 넘긴 바이트

    def on_segment(self, segment: tuple[int, bytes]) -> None:
        seq, payload = segment
        if seq < self.expected or seq in self.buffer:
            stats["duplicate"] += 1
            story.append(("중복", seq))
            note = "이미 받은 것(중복) → 버림"
        elif seq > self.expected:
            stats["out_of_order"] += 1
            story.append(("보관", seq))
            note = f"순서 어긋남(기다리는 seq={self.expected}) → 보관"
        else:
            note = "순서대로 도착"
        if seq >= self.expected:
            self.buffer[seq] = payload
        before = self.expected
        while self.expected in self.buffer:  # 이어지는 부분을 모두 애플리케이션으로
            chunk = self.buffer.pop(self.expected)
            self.delivered += chunk
            self.expected += len(chunk)
        if self.expected - before > MSS:
            story.append(("ACK 도약", before, self.expected))  # 보관해 둔 뒷부분까지 한꺼번에
        lost = transmit(("ACK", self.expected), sender.on_ack)
        if lost:
            story.append(("ACK 유실", self.expected))
        log(f"    수신 seq={seq:<2} {note}, ACK {self.expected} 보냄{lost}")


class Sender:
    """RFC 6298처럼 타이머는 하나: 가장 오래된 미확인 세그먼트만 지켜봅니다."""

    def __init__(self) -> None:
        self.unacked = 0  # 아직 확인받지 못한 첫 바이트
        self.next_seq = 0  # 다음에 새로 보낼 바이트
        self.rto = RTO
        self.timer = 0  # 타이머 세대 번호. 0이면 꺼져 있음

    def fill_window(self) -> None:
        while self.next_seq < len(DATA) and self.next_seq < self.unacked + WINDOW * MSS:
            self.send(self.next_seq, retransmit=False)
            self.next_seq += MSS
        if not self.timer:
            self.restart_timer()

    def send(self, seq: int, retransmit: bool) -> None:
        stats["sent"] += 1
        stats["retransmitted"] += retransmit
        payload = DATA[seq : seq + MSS]
        kind = f"시간 초과 → 재전송(RTO {self.rto:.0f}ms)" if retransmit else "송신"
        lost = transmit((seq, payload), receiver.on_segment)
        story.append(("재전송", seq, self.rto) if retransmit else ("송신", seq))
        if lost:
            story.append(("유실", seq))
        log(f"{kind} seq={seq:<2} {payload.decode()!r}{lost}")

    def restart_timer(self) -> None:
        self.timer += 1
        generation = self.timer
        net.at(net.now + self.rto, lambda: self.on_timeout(generation))

    def on_timeout(self, generation: int) -> None:
        if generation != self.timer:  # 그사이 다시 맞춘(취소된) 타이머
            return
        self.send(self.unacked, retransmit=True)  # 가장 오래된 것만 다시 보냅니다.
        self.rto *= 2  # 지수 백오프
        self.restart_timer()

    def on_ack(self, ack: tuple[str, int]) -> None:
        number = ack[1]
        if number <= self.unacked:
            return  # 새로 확인된 바이트가 없는 중복 ACK
        self.unacked, self.rto = number, RTO
        log(f"ACK {number} 받음 → 창이 앞으로 이동")
        if self.unacked == len(DATA):
            self.timer = 0  # 모두 확인받았으니 타이머를 끕니다.
        else:
            self.restart_timer()
            self.fill_window()


def transmit(packet, deliver) -> str:
    """채널에 넣습니다. 잃어버렸으면 세고, 기록에 붙일 표시를 돌려줍니다."""
    if net.send(packet, deliver):
        return ""
    stats["lost"] += 1
    return "  ✗ 유실"


receiver, sender = Receiver(), Sender()
sender.fill_window()
net.run(until=5_000)

print(f"\n받은 애플리케이션 데이터: {receiver.delivered.decode()!r}")
print(
    f"세그먼트 송신 {stats['sent']}번(그중 재전송 {stats['retransmitted']}번), "
    f"유실 {stats['lost']}번(ACK 포함), 순서가 바뀐 도착 {stats['out_of_order']}번, 중복 {stats['duplicate']}번"
)

# 잃어버리고 뒤섞여도, 받는 쪽 애플리케이션에는 원래 바이트가 원래 순서로 도착했습니다.
assert receiver.delivered == DATA
assert stats["lost"] >= 1 and stats["retransmitted"] >= 1, "이 시드에서는 유실과 재전송이 일어납니다"
assert stats["out_of_order"] >= 1 and stats["duplicate"] >= 1, "순서 어긋남과 중복도 일어납니다"
assert sender.unacked == len(DATA), "보낸 쪽도 모든 바이트를 확인받았습니다"
# 이 시드의 이야기(본문이 단계별로 설명하는 순서): 차례대로 일어났는지 확인합니다.
STORY = [
    [("유실", 4), ("보관", 8), ("보관", 12)],  # 1. 빠진 세그먼트 뒤의 것은 보관
    [("재전송", 4, 100.0), ("ACK 도약", 4, 16)],  # 2. 재전송이 빈칸을 메우자 ACK가 껑충
    [("ACK 유실", 16), ("재전송", 4, 200.0), ("중복", 4)],  # 3. ACK가 사라지자 두 배로 기다려 재전송
    [("유실", 16), ("재전송", 16, 100.0)],  # 4. 마지막 세그먼트도 재전송으로
]
remaining = iter(story)
assert all(step in remaining for steps in STORY for step in steps), f"기록이 본문의 설명과 다릅니다: {story}"
print("확인: 유실·재정렬이 있었지만 모든 바이트가 순서대로 전달되었습니다.")
