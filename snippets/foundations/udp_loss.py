"""UDP는 데이터그램을 한 번 보내고 끝입니다. 잃어버린 것은 아무도 다시 보내지 않습니다.

보내는 쪽 → 중계기 → 받는 쪽. 중계기(labkit의 ``udp_relay``)는 2번째와 4번째
데이터그램을 일부러 버려서, 인터넷에서 패킷이 사라지는 상황을 똑같이 재현합니다.
"""

import socket

from labkit.net_lab import udp_relay

MESSAGES = [f"메시지 {n}".encode() for n in range(1, 6)] + [b"END"]
DROP = {2, 4}

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(2)
    with (
        udp_relay(receiver.getsockname(), drop=DROP) as (relay, relay_log),
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender,
    ):
        for message in MESSAGES:
            sent = sender.sendto(message, relay)  # 연결도, 핸드셰이크도 없습니다.
            assert sent == len(message), "sendto()는 잘 '보냈다'고만 알려 줍니다"
        got = []
        while (datagram := receiver.recv(65535)) != b"END":  # recv() 한 번 = 데이터그램 하나
            got.append(datagram)

print("보낸 것:  ", [m.decode() for m in MESSAGES[:-1]])
print("중계기가 버린 것:", [f"{n}번째 {d.decode()}" for n, d in relay_log.dropped])
print("받은 것:  ", [m.decode() for m in got])
print(f"중계기를 지나간 데이터그램: {relay_log.seen}개 (END까지 보낸 {len(MESSAGES)}개와 같음 = 재전송 없음)")

assert got == [MESSAGES[0], MESSAGES[2], MESSAGES[4]], "2번째와 4번째는 영영 오지 않습니다"
assert relay_log.seen == len(MESSAGES), "아무도 잃어버린 것을 다시 보내지 않았습니다"
assert all(message in MESSAGES for message in got), "도착한 것은 경계가 그대로인 온전한 데이터그램입니다"
print("확인: UDP에서는 유실이 애플리케이션에 그대로 보이고, 다시 보내는 일은 애플리케이션의 몫입니다.")
