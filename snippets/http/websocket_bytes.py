"""WebSocket을 바이트로 보기: HTTP Upgrade 핸드셰이크, 가린(masked) 클라이언트 프레임, 닫기 프레임.

서버는 uvicorn(ASGI 서버)이고, WebSocket 프로토콜은 wsproto 라이브러리가 처리합니다. 아래 ``app``은
ASGI 앱이라 바이트를 보지 않고 websocket.connect / receive / disconnect 이벤트만 주고받습니다.
클라이언트는 소켓에 바이트를 직접 씁니다. 키와 마스킹 키는 RFC 6455의 예시 값이라, 바이트를 RFC
본문(§1.3, §5.7)과 그대로 비교할 수 있습니다. 진짜 클라이언트는 둘 다 매번 무작위로 만듭니다.
"""

import base64
import hashlib
import socket
import struct

from labkit.asgi_lab import uvicorn_server
from labkit.expect import expect_status
from labkit.net_lab import show_bytes

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3에 박혀 있는 고정 문자열
KEY = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455 §1.3의 예시 키 (16바이트 난수의 base64)
MASK_KEY = bytes.fromhex("37fa213d")  # RFC 6455 §5.7의 예시 마스킹 키
OPCODES = {0x1: "텍스트", 0x2: "바이너리", 0x8: "닫기", 0x9: "핑", 0xA: "퐁"}
events: list[tuple[str, dict]] = []  # ASGI 앱이 받고(←) 보낸(→) 이벤트


async def app(scope, receive, send):
    """ASGI WebSocket 앱: 받은 텍스트를 그대로 돌려보냅니다. /private는 받아 주지 않습니다."""
    while True:
        message = await receive()
        events.append(("←", message))
        if message["type"] == "websocket.connect":
            reply = {"type": "websocket.close"} if scope["path"] == "/private" else {"type": "websocket.accept"}
        elif message["type"] == "websocket.receive":
            reply = {"type": "websocket.send", "text": message["text"]}
        else:  # websocket.disconnect: 연결이 끝났습니다
            return
        events.append(("→", reply))
        await send(reply)


def accept_for(key: str) -> str:
    """서버가 답해야 할 Sec-WebSocket-Accept = base64(SHA-1(키 + GUID))."""
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def frame(opcode: int, payload: bytes, mask_key: bytes | None = None) -> bytes:
    """FIN=1인 프레임 하나(본문 125바이트 이하). ``mask_key``가 있으면 본문을 XOR로 가립니다."""
    masked = bytes(byte ^ mask_key[i % 4] for i, byte in enumerate(payload)) if mask_key else payload
    length = len(payload) | (0x80 if mask_key else 0)  # 둘째 바이트: MASK 비트 + 길이
    return bytes([0x80 | opcode, length]) + (mask_key or b"") + masked


def explain(label: str, data: bytes) -> dict:
    """프레임 하나를 필드별로 풀어 출력하고 돌려줍니다."""
    fin, opcode, has_mask, length = data[0] >> 7, data[0] & 0x0F, data[1] >> 7, data[1] & 0x7F
    key = data[2:6] if has_mask else None
    body = data[6 : 6 + length] if has_mask else data[2 : 2 + length]
    payload = bytes(byte ^ key[i % 4] for i, byte in enumerate(body)) if key else body
    print(f"{label} ({len(data)}바이트): {data.hex(' ')}")
    print(f"  {data[0]:02x} = FIN {fin}, opcode 0x{opcode:x}({OPCODES[opcode]})")
    print(f"  {data[1]:02x} = MASK {has_mask}, 본문 길이 {length}")
    if key:
        print(f"  {key.hex(' ')} = 마스킹 키, {body.hex(' ')} = 가린 본문 → 키로 XOR → {payload!r}")
    return {"fin": fin, "opcode": opcode, "masked": bool(has_mask), "payload": payload}


def handshake(sock: socket.socket, host: str, port: int, path: str = "/chat") -> tuple[bytes, bytes]:
    """Upgrade 요청을 보내고 (요청 바이트, 응답 헤더 바이트)를 돌려줍니다."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    ).encode()
    sock.sendall(request)
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(4096)
    return request, response


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size and (chunk := sock.recv(size - len(data))):
        data += chunk
    return data


with uvicorn_server(app, ws="wsproto") as (host, port):
    with socket.create_connection((host, port), timeout=5) as sock:
        request, response = handshake(sock, host, port)
        show_bytes("핸드셰이크 요청", request)
        show_bytes("핸드셰이크 응답", response)
        print(f"계산한 Sec-WebSocket-Accept: base64(SHA-1({KEY} + {GUID})) = {accept_for(KEY)}")
        print()
        hello = frame(0x1, b"Hello", MASK_KEY)
        sent = explain("클라이언트 → 서버 텍스트 프레임", hello)
        sock.sendall(hello)
        echoed_raw = recv_exactly(sock, 7)
        echoed = explain("서버 → 클라이언트 텍스트 프레임", echoed_raw)
        goodbye = frame(0x8, struct.pack("!H", 1000) + b"bye", MASK_KEY)  # 닫기: 상태 코드 2바이트 + 이유
        sock.sendall(goodbye)
        closed = explain("서버 → 클라이언트 닫기 프레임", recv_exactly(sock, 2 + len(b"bye") + 2))
        close_code, reason = struct.unpack("!H", closed["payload"][:2])[0], closed["payload"][2:]
        tcp_closed = sock.recv(1) == b""
        print(f"  본문 = 상태 코드 {close_code}(정상 종료) + 이유 {reason!r}, 그 뒤 TCP 연결도 닫힘: {tcp_closed}")

    with socket.create_connection((host, port), timeout=5) as sock:  # 대조 실험: 가리지 않은 프레임
        handshake(sock, host, port)
        sock.sendall(frame(0x1, b"Hello"))
        dropped = sock.recv(64) == b""
    with socket.create_connection((host, port), timeout=5) as sock:  # 앱이 받아 주지 않는 연결
        _, refused = handshake(sock, host, port, path="/private")
        refused_status = int(refused.split()[1])

print()
print("ASGI 앱이 주고받은 이벤트 (← 서버가 앱에 준 것, → 앱이 서버에 준 것):")
for arrow, message in events:
    fields = ", ".join(
        f"{name}={int(v) if isinstance(v, int) else v!r}" for name, v in message.items() if name != "type"
    )
    print(f"  {arrow} {message['type']} {fields}".rstrip())
print(f"가리지 않은 프레임을 보내자 서버가 연결을 끊음: {dropped}")
print(f"앱이 accept 대신 close로 답한 연결의 HTTP 응답: {refused_status}")

head = response.split(b"\r\n\r\n")[0].decode().split("\r\n")
assert head[0] == "HTTP/1.1 101 Switching Protocols" and "Upgrade: websocket" in head
assert f"Sec-WebSocket-Accept: {accept_for(KEY)}" in head and accept_for(KEY) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
assert hello == bytes.fromhex("818537fa213d7f9f4d5158"), "RFC 6455 §5.7의 '가린 Hello' 예시와 같은 바이트"
assert sent["masked"] and not echoed["masked"], "클라이언트 → 서버만 가립니다(§5.3)"
assert echoed_raw == bytes.fromhex("810548656c6c6f") and echoed["payload"] == b"Hello", "§5.7의 가리지 않은 예시"
assert closed["opcode"] == 0x8 and (close_code, reason) == (1000, b"bye") and tcp_closed
assert dropped, "서버는 가리지 않은 클라이언트 프레임을 받으면 연결을 닫아야 합니다(§5.1)"
kinds = [f"{arrow} {message['type']}" for arrow, message in events]
assert kinds[:5] == [
    "← websocket.connect",
    "→ websocket.accept",
    "← websocket.receive",
    "→ websocket.send",
    "← websocket.disconnect",
]
codes = [message["code"] for _, message in events if message["type"] == "websocket.disconnect"]
assert codes[:2] == [1000, 1002], "정상 종료 1000, 가리지 않은 프레임은 프로토콜 오류 1002"
expect_status(refused_status, 403)  # ASGI 명세: accept 전에 close하면 서버가 HTTP 403으로 거절
print("확인: 101 핸드셰이크, RFC 예시와 같은 프레임 바이트, 닫기 코드 1000, 마스킹 규칙, 403 거절.")
