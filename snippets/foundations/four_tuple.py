"""TCP 연결은 (출발지 IP, 출발지 포트, 목적지 IP, 목적지 포트) 네 값으로 구별됩니다.

서버는 포트 하나에서 듣지만, 클라이언트마다 운영체제가 임시(ephemeral) 포트를 골라 줍니다.
그래서 같은 컴퓨터의 두 클라이언트도 서로 다른 연결이 됩니다.
"""

import socket
from pathlib import Path

from labkit.servers import tcp_server
from labkit.services import skip_part

seen_by_server = []  # 서버가 accept()에서 본 (상대 주소, 자기 주소)


def handle(conn: socket.socket, client_address) -> None:
    seen_by_server.append((client_address, conn.getsockname()))
    conn.sendall(f"{client_address[0]}:{client_address[1]}".encode())


def ephemeral_range() -> tuple[int, int] | None:
    """리눅스가 임시 포트를 고르는 범위(다른 OS에는 이 파일이 없습니다)."""
    path = Path("/proc/sys/net/ipv4/ip_local_port_range")
    if not path.exists():
        return None
    low, high = map(int, path.read_text().split())
    return low, high


with tcp_server(handle) as server:
    clients = [socket.create_connection(server, timeout=5) for _ in range(2)]
    try:
        tuples = []
        for number, sock in enumerate(clients, 1):
            echoed = sock.recv(64).decode()  # 서버가 본 내 주소
            src, dst = sock.getsockname(), sock.getpeername()
            tuples.append((src, dst))
            print(f"클라이언트 {number}: {src[0]}:{src[1]:<5} → {dst[0]}:{dst[1]}   (서버가 본 상대: {echoed})")
            assert echoed == f"{src[0]}:{src[1]}", "서버와 클라이언트가 같은 4-튜플을 봅니다"
    finally:
        for sock in clients:
            sock.close()

source_ports = [src[1] for src, _ in tuples]
server_ports = {dst[1] for _, dst in tuples}
print(f"출발지 포트: {source_ports} (운영체제가 고름), 목적지 포트: {server_ports} (서버의 포트 하나)")
assert source_ports[0] != source_ports[1], "두 클라이언트는 서로 다른 임시 포트를 받습니다"
assert server_ports == {server[1]}, "두 연결 모두 서버의 같은 포트로 갑니다"
assert {local for _, local in seen_by_server} == {server}, "서버 쪽 주소도 두 연결에서 같습니다"

port_range = ephemeral_range()
if port_range:
    print(f"이 컴퓨터의 임시 포트 범위: {port_range[0]}–{port_range[1]}")
    assert all(port_range[0] <= port <= port_range[1] for port in source_ports)
else:
    skip_part("임시 포트 범위 확인: /proc/sys/net/ipv4/ip_local_port_range가 없는 운영체제입니다(리눅스 전용)")
print("확인: 서버 포트는 같고 출발지 포트가 달라서, 두 연결은 서로 다른 4-튜플입니다.")
