"""연결을 끊는 4단계와 TIME_WAIT를 커널의 연결 표(/proc/net/tcp)에서 직접 봅니다.

먼저 close()한 쪽(여기서는 클라이언트)이 TIME_WAIT에 남고, 나중에 닫은 쪽은 바로 사라집니다.
/proc/net/tcp는 리눅스에만 있으므로 다른 운영체제에서는 이유를 말하고 건너뜁니다.
"""

import socket
import time
from pathlib import Path

from labkit.services import skip_lab

TABLE = Path("/proc/net/tcp")
STATES = {
    "01": "ESTABLISHED",
    "04": "FIN_WAIT1",
    "05": "FIN_WAIT2",
    "06": "TIME_WAIT",
    "08": "CLOSE_WAIT",
    "09": "LAST_ACK",
}

if not TABLE.exists():
    skip_lab("/proc/net/tcp가 없는 운영체제입니다(리눅스 전용)")


def states(client_port: int, server_port: int) -> dict[str, str]:
    """이 연결의 양 끝이 커널 표에서 어떤 상태인지 돌려줍니다."""
    found = {}
    for line in TABLE.read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16)
        if (local, remote) == (client_port, server_port):
            found["클라이언트"] = STATES.get(fields[3], fields[3])
        elif (local, remote) == (server_port, client_port):
            found["서버"] = STATES.get(fields[3], fields[3])
    return found


def settle(expected: dict[str, str], ports: tuple[int, int]) -> dict[str, str]:
    """루프백에서도 상태 전이는 비동기이므로, 기대한 상태가 될 때까지 잠깐 기다립니다."""
    deadline = time.monotonic() + 2
    while (seen := states(*ports)) != expected and time.monotonic() < deadline:
        time.sleep(0.005)
    print(f"  클라이언트={seen.get('클라이언트', '(없음)')}, 서버={seen.get('서버', '(없음)')}")
    return seen


with socket.socket() as listener:
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname(), timeout=5)
    server, _ = listener.accept()
    ports = (client.getsockname()[1], listener.getsockname()[1])
    try:
        print("1) 3-way 핸드셰이크 뒤:")
        opened = settle({"클라이언트": "ESTABLISHED", "서버": "ESTABLISHED"}, ports)
        client.close()  # 클라이언트가 먼저 FIN을 보냅니다.
        print("2) 클라이언트가 먼저 close() → FIN, 서버 커널이 ACK:")
        half = settle({"클라이언트": "FIN_WAIT2", "서버": "CLOSE_WAIT"}, ports)
        server.settimeout(5)
        assert server.recv(1024) == b"", "서버 애플리케이션은 recv()가 b''(EOF)를 돌려받아 끝을 압니다"
        server.close()
        print("3) 서버도 close() → FIN, 클라이언트가 ACK:")
        closed = settle({"클라이언트": "TIME_WAIT"}, ports)
    finally:
        client.close()
        server.close()

assert opened == {"클라이언트": "ESTABLISHED", "서버": "ESTABLISHED"}
assert half == {"클라이언트": "FIN_WAIT2", "서버": "CLOSE_WAIT"}, "반쯤 닫힌(half-close) 상태"
assert closed == {"클라이언트": "TIME_WAIT"}, "먼저 닫은 쪽만 TIME_WAIT에 남습니다"
print("확인: 먼저 닫은 클라이언트가 TIME_WAIT에 남았고, 서버 쪽 항목은 사라졌습니다.")
