"""HTTP/2는 바이너리 프레임으로 말합니다. 소켓 없이 메모리에서 클라이언트와 서버를 맞붙여 봅니다(h2 라이브러리).

* 모든 프레임은 9바이트 헤더(길이, 타입, 플래그, 스트림 ID) + 내용입니다(RFC 9113 §4.1).
* 요청 두 개가 스트림 1과 3으로 나뉘고, 서버는 두 응답의 DATA 프레임을 번갈아 섞어 보냅니다.
* 헤더는 HPACK으로 압축되어, 같은 헤더를 반복하는 두 번째 요청의 HEADERS가 훨씬 작습니다.
"""

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.events import DataReceived, RequestReceived
from hyperframe.frame import DataFrame, Frame, HeadersFrame

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"  # 클라이언트가 맨 처음 보내는 24바이트
seen: list[tuple[str, Frame]] = []  # 오간 프레임 전부(방향, 프레임)


def frames(data: bytes) -> list[Frame]:
    """바이트를 프레임 단위로 자릅니다: 9바이트 헤더가 내용의 길이를 알려 줍니다."""
    data = data.removeprefix(PREFACE)
    found = []
    while data:
        frame, length = Frame.parse_frame_header(data[:9])
        frame.parse_body(memoryview(data[9 : 9 + length]))
        found.append(frame)
        data = data[9 + length :]
    return found


def wire(direction: str, data: bytes) -> bytes:
    """보내는 바이트를 프레임별로 한 줄씩 보여 주고 그대로 돌려줍니다."""
    if data.startswith(PREFACE):
        print(f"{direction} 연결 서문 {PREFACE[:14]!r}… ({len(PREFACE)}바이트)")
    for frame in frames(data):
        seen.append((direction, frame))
        flags = ",".join(sorted(frame.flags)) or "-"
        size = len(frame.serialize()) - 9
        print(f"{direction} {type(frame).__name__:<18} 스트림 {frame.stream_id}  내용 {size:>3}바이트  {flags}")
    return data


def request_headers(path: str) -> list[tuple[str, str]]:
    """HTTP/1.1의 요청 줄과 Host가 ':'로 시작하는 의사 헤더가 되었습니다. 의사 헤더가 먼저 옵니다."""
    pseudo = [(":method", "GET"), (":scheme", "https"), (":authority", "www.example.com"), (":path", path)]
    return pseudo + [("user-agent", "net-notes-lab/1.0"), ("accept-language", "ko-KR,ko;q=0.9")]


client = H2Connection(H2Configuration(client_side=True))
server = H2Connection(H2Configuration(client_side=False))
client.initiate_connection()
server.initiate_connection()
first_bytes = client.data_to_send()
server.receive_data(wire("C→S", first_bytes))  # 연결 설정(SETTINGS) 교환
client.receive_data(wire("S→C", server.data_to_send()))
server.receive_data(wire("C→S", client.data_to_send()))  # 서버 SETTINGS에 대한 확인(ACK)
setup = [(direction, type(f).__name__, f.stream_id, "ACK" in f.flags) for direction, f in seen]

# 요청 두 개: 스트림 번호는 클라이언트가 1, 3, 5 … 홀수로 고릅니다.
client.send_headers(1, request_headers("/style.css"), end_stream=True)
client.send_headers(3, request_headers("/app.js"), end_stream=True)
request_bytes = wire("C→S", client.data_to_send())
paths = {
    event.stream_id: dict(event.headers)[b":path"].decode()
    for event in server.receive_data(request_bytes)
    if isinstance(event, RequestReceived)
}

# 응답 두 개를 32바이트씩 잘라 번갈아 보냅니다: 한 연결 위에서 두 스트림이 섞여 흐릅니다.
bodies = {1: b"body{color:navy}" * 4, 3: b"console.log(1);" * 4}
for stream_id, body in bodies.items():
    server.send_headers(stream_id, [(":status", "200"), ("content-length", str(len(body)))])
for start in (0, 32):
    for stream_id, body in bodies.items():
        server.send_data(stream_id, body[start : start + 32], end_stream=start == 32)
response_bytes = wire("S→C", server.data_to_send())

received = {1: b"", 3: b""}
for event in client.receive_data(response_bytes):
    if isinstance(event, DataReceived):
        received[event.stream_id] += event.data

header_sizes = [len(f.data) for f in frames(request_bytes) if isinstance(f, HeadersFrame)]
data_order = [f.stream_id for f in frames(response_bytes) if isinstance(f, DataFrame)]
print(f"\n스트림별 요청 경로: {paths}")
print(f"요청 HEADERS 크기: {header_sizes}바이트 (두 번째는 반복된 헤더를 HPACK 색인으로 씀)")
print(f"DATA 프레임이 지나간 스트림 순서: {data_order}")
assert first_bytes.startswith(PREFACE) and len(PREFACE) == 24, "연결은 클라이언트의 24바이트 서문으로 시작합니다"
assert {(d, ack) for d, kind, _, ack in setup} == {("C→S", False), ("S→C", False), ("C→S", True), ("S→C", True)}
assert {(kind, stream) for _, kind, stream, _ in setup} == {("SettingsFrame", 0)}, "연결 설정은 스트림 0의 SETTINGS"
assert paths == {1: "/style.css", 3: "/app.js"}
assert header_sizes[1] < header_sizes[0] / 2, "HPACK 동적 테이블 덕분에 두 번째 헤더 블록이 훨씬 작습니다"
assert data_order == [1, 3, 1, 3], "두 응답이 한 연결 위에서 번갈아 흘렀습니다"
assert received == bodies, "클라이언트는 스트림 ID로 조각을 모아 각 응답을 되살렸습니다"
print("확인: 프레임마다 스트림 ID가 있어, 한 연결에 섞어 보내도 요청·응답별로 다시 가를 수 있습니다.")
