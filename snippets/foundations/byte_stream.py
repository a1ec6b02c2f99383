"""TCP는 메시지가 아니라 바이트의 흐름(stream)을 전달합니다.

1. send()를 3번 해도, 받는 쪽이 늦게 읽으면 recv() 한 번에 전부 붙어서 나옵니다.
2. 반대로 send() 한 번에 보낸 큰 데이터는 recv() 여러 번에 나뉘어 나옵니다.
3. 그래서 메시지 경계는 애플리케이션이 직접 표시해야 합니다(여기서는 길이 접두사).
"""

import fcntl
import socket
import struct
import termios
import time

from labkit.servers import tcp_server

PIECES = [b"GET ", b"/hello ", b"HTTP/1.1\r\n"]
BIG = b"x" * 1_000_000  # 1MB
received: dict[str, list[bytes]] = {}
waiting: list[int] = []  # 읽기 직전 수신 버퍼에 쌓여 있던 바이트 수


def read_all(conn: socket.socket) -> list[bytes]:
    """상대가 보내기를 마칠(EOF) 때까지 recv()가 돌려준 조각을 모읍니다."""
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return chunks


def bytes_waiting(conn: socket.socket) -> int:
    """아직 읽지 않고 커널 수신 버퍼에 쌓여 있는 바이트 수(FIONREAD)."""
    return struct.unpack("i", fcntl.ioctl(conn, termios.FIONREAD, b"\0\0\0\0"))[0]


def handle(conn: socket.socket, addr) -> None:
    conn.settimeout(5)
    kind = conn.recv(1).decode()  # 첫 바이트: 어떤 실험인지
    if kind == "S":  # 세 조각이 모두 도착할 때까지 일부러 읽지 않습니다.
        deadline = time.monotonic() + 5
        while bytes_waiting(conn) < len(b"".join(PIECES)) and time.monotonic() < deadline:
            time.sleep(0.001)
        waiting.append(bytes_waiting(conn))
    received[kind] = read_all(conn)
    conn.sendall(b"done")


def run(server, kind: bytes, pieces: list[bytes]) -> None:
    with socket.create_connection(server, timeout=5) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # 모아 보내기(Nagle)도 끕니다.
        sock.sendall(kind)
        for piece in pieces:
            sock.sendall(piece)
        sock.shutdown(socket.SHUT_WR)  # "더 보낼 것이 없다"(FIN)
        assert sock.recv(16) == b"done"


def frame(message: bytes) -> bytes:
    """4바이트 길이(빅 엔디언)를 앞에 붙여 메시지 경계를 표시합니다."""
    return struct.pack("!I", len(message)) + message


def unframe(stream: bytes) -> list[bytes]:
    messages = []
    while stream:
        (size,) = struct.unpack("!I", stream[:4])
        messages.append(stream[4 : 4 + size])
        stream = stream[4 + size :]
    return messages


with tcp_server(handle) as server:
    run(server, b"S", PIECES)
    run(server, b"B", [BIG])
    run(server, b"F", [frame(p) for p in PIECES])

small = received["S"]
print(f"1) send() {len(PIECES)}번: {PIECES}")
print(f"   읽기 전 수신 버퍼에 {waiting[0]}바이트 → recv() {len(small)}번: {small}")
big = received["B"]
print(f"2) send() 1번에 {len(BIG):,}바이트 → recv() {len(big)}번 (조각 크기 최대 {max(map(len, big)):,}바이트)")
framed = unframe(b"".join(received["F"]))
print(f"3) 길이 접두사를 붙이면 받는 쪽이 메시지 {len(framed)}개로 되살립니다: {framed}")

# 바이트는 모두 순서대로 왔지만, send()의 경계는 보존되지 않았습니다.
assert b"".join(small) == b"".join(PIECES)
assert waiting[0] == len(b"".join(PIECES)), "읽기 전에 세 조각이 모두 수신 버퍼에 와 있었습니다"
assert len(small) == 1, "세 번 보낸 것이 recv() 한 번에 붙어서 나옵니다"
assert b"".join(big) == BIG and len(big) > 1, "한 번 보낸 것이 여러 번의 recv()로 나옵니다"
assert framed == PIECES, "경계는 애플리케이션 프로토콜이 만듭니다"
print("확인: TCP는 바이트 순서만 지키고, 메시지 경계는 지키지 않습니다.")
