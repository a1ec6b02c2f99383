"""진짜 커널의 혼잡 제어: 루프백 TCP 연결을 ``ss -ti``로 들여다봅니다(리눅스 전용).

* 이 컴퓨터의 기본 혼잡 제어 알고리즘과 쓸 수 있는 알고리즘(/proc/sys/net/ipv4)을 읽습니다.
* 연결 A는 기본값 그대로, 연결 B는 소켓 옵션 ``TCP_CONGESTION``으로 reno를 고릅니다.
  ``ss``가 보여 주는 알고리즘 이름이 각각 기본값, reno인지 확인합니다.
* 새 연결의 cwnd는 10 세그먼트(초기 윈도우, RFC 6928)이고, 데이터를 보내면 늘어납니다.
"""

import socket
import subprocess
import sys
import threading
from pathlib import Path

from labkit.services import require_program, skip_lab

if not sys.platform.startswith("linux"):
    skip_lab("ss와 /proc/sys/net으로 보는 TCP 정보는 리눅스 커널에만 있습니다")
SS = require_program("ss", "iproute2")
SYSCTL = Path("/proc/sys/net/ipv4")


def tcp_info(sock: socket.socket) -> dict:
    """``ss -tin``이 이 소켓(보내는 쪽)에 대해 보여 주는 줄에서 알고리즘, cwnd, rtt를 꺼냅니다."""
    (host, port), (peer_host, peer_port) = sock.getsockname(), sock.getpeername()
    source, peer = f"{host}:{port}", f"{peer_host}:{peer_port}"
    command = [SS, "-tinH", "state", "established", "src", source, "dst", peer]
    output = subprocess.run(command, capture_output=True, text=True, timeout=10, check=True).stdout
    details = output.splitlines()[1].split()  # 둘째 줄: "reno wscale:… rtt:… cwnd:10 …"
    fields = dict(item.split(":", 1) for item in details if ":" in item and not item.startswith("bbr:"))
    return {"algorithm": details[0], "cwnd": int(fields["cwnd"]), "rtt": fields["rtt"].split("/")[0]}


def connect(listener: socket.socket, algorithm: str | None = None) -> tuple[socket.socket, socket.socket]:
    client = socket.socket()
    if algorithm:  # 연결을 맺기 전에 이 소켓만의 알고리즘을 고릅니다
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, algorithm.encode())
    client.connect(listener.getsockname())
    server_side, _ = listener.accept()
    return client, server_side


def drain(sock: socket.socket) -> None:
    while sock.recv(1 << 20):
        pass


default = (SYSCTL / "tcp_congestion_control").read_text().strip()
available = (SYSCTL / "tcp_available_congestion_control").read_text().split()
print(f"이 컴퓨터의 기본 혼잡 제어 알고리즘: {default} (쓸 수 있는 것: {' '.join(available)})")

with socket.create_server(("127.0.0.1", 0)) as listener:
    plain, plain_peer = connect(listener)
    reno, reno_peer = connect(listener, "reno")
    with plain, plain_peer, reno, reno_peer:
        first = {"A": tcp_info(plain), "B": tcp_info(reno)}
        chosen = reno.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).rstrip(b"\0").decode()
        print(f"연결 A (기본값 그대로): ss가 보여 준 알고리즘 {first['A']['algorithm']}, cwnd {first['A']['cwnd']}")
        print(
            f"연결 B (TCP_CONGESTION={chosen}): ss가 보여 준 알고리즘 {first['B']['algorithm']}, cwnd {first['B']['cwnd']}"
        )

        reader = threading.Thread(target=drain, args=(reno_peer,))
        reader.start()
        try:
            for _ in range(16):  # 16MB를 보냅니다. 받는 쪽 스레드가 계속 읽어 줍니다
                reno.sendall(b"x" * (1 << 20))
            after = tcp_info(reno)
        finally:
            reno.shutdown(socket.SHUT_WR)
            reader.join(timeout=10)
        print(f"연결 B로 16MB를 보낸 뒤: cwnd {first['B']['cwnd']} → {after['cwnd']}, rtt {after['rtt']} ms")

assert first["A"]["algorithm"] == default, "기본값을 바꾸지 않은 연결은 시스템 기본 알고리즘을 씁니다"
assert first["B"]["algorithm"] == chosen == "reno", "소켓마다 알고리즘을 고를 수 있습니다"
assert first["A"]["cwnd"] == first["B"]["cwnd"] == 10, "새 연결의 초기 윈도우는 10 세그먼트(RFC 6928)"
assert after["cwnd"] > 10, "데이터를 보내는 동안 cwnd가 늘었습니다(슬로 스타트)"
assert not reader.is_alive()
print("확인: 알고리즘은 시스템 기본값이 있고 소켓마다 바꿀 수 있으며, cwnd는 10에서 시작해 늘어납니다.")
