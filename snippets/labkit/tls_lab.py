"""TLS 실습 도구: 루프백 CA와 인증서, SSL 컨텍스트, 엿듣는 중계기, TLS 레코드 읽기.

* ``make_ca()`` / ``issue()``: trustme로 실습용 CA와 서버 인증서를 메모리 안에서 만듭니다.
* ``server_context(leaf)`` / ``client_context(ca)``: 서버·클라이언트용 ``ssl.SSLContext``.
  (``ssl`` 모듈은 인증서를 파일로만 읽으므로 서버 쪽은 임시 파일을 잠깐 썼다가 지웁니다.)
  클라이언트 컨텍스트는 인증서 검증과 호스트 이름 확인을 켠 채로, 실습 CA만 신뢰합니다.
* ``eavesdropping_relay(target)``: 클라이언트와 서버 사이에서 바이트를 그대로 전달하면서
  양방향으로 모두 기록하는 TCP 중계기. 네트워크 중간의 도청자 자리입니다.
* ``tls_records()`` / ``client_hello_sni()``: 도청자가 암호를 풀지 않고도 읽을 수 있는 것
  (레코드 종류와 길이, ClientHello의 SNI 호스트 이름)을 꺼냅니다.
* ``CountingTLS``: 이미 연결된 TCP 소켓 위에서 TLS를 직접 돌리며, 오간 바이트 수를 셉니다.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import trustme

from labkit.servers import tcp_server

HOST_NAME = "www.example.test"  # 실습 서버의 이름(RFC 2606 예약 최상위 도메인 .test)
ORGANIZATION = "Network Notes Lab"


def make_ca(unit: str = "Lab Root CA", parent: trustme.CA | None = None) -> trustme.CA:
    """실습용 CA. ``parent``를 주면 그 CA가 서명한 중간 CA입니다. 이름을 고정해 출력이 매번 같습니다."""
    return trustme.CA(parent_cert=parent, organization_name=ORGANIZATION, organization_unit_name=unit)


def issue(ca: trustme.CA, *names: str, **options) -> trustme.LeafCert:
    """``ca``가 서명한 서버 인증서. ``names``가 SAN(주체 대체 이름)에 들어갑니다."""
    return ca.issue_cert(
        *(names or (HOST_NAME,)),
        organization_name=ORGANIZATION,
        organization_unit_name="Lab Server",
        **options,
    )


def server_context(leaf: trustme.LeafCert, send_chain: bool = True) -> ssl.SSLContext:
    """서버용 컨텍스트: 개인키와 인증서, 그리고 (``send_chain``이면) 중간 CA 인증서를 싣습니다."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    pems = leaf.cert_chain_pems if send_chain else leaf.cert_chain_pems[:1]
    key_and_chain = trustme.Blob(leaf.private_key_pem.bytes() + b"".join(pem.bytes() for pem in pems))
    with key_and_chain.tempfile() as path:  # ssl 모듈은 파일 경로로만 읽습니다. 읽고 바로 지웁니다
        context.load_cert_chain(path)
    return context


def client_context(ca: trustme.CA | None = None) -> ssl.SSLContext:
    """클라이언트용 컨텍스트: 검증(CERT_REQUIRED)과 호스트 이름 확인이 켜져 있습니다."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca is not None:
        ca.configure_trust(context)  # 운영체제의 신뢰 저장소 대신 실습 CA 하나만 믿습니다
    return context


# -- 엿듣는 중계기 -------------------------------------------------------------------------


@dataclass
class Recording:
    """중계기가 본 모든 것: 양방향 바이트, 연결한 주소, (시각, 방향, 크기) 기록."""

    to_server: bytearray = field(default_factory=bytearray)
    to_client: bytearray = field(default_factory=bytearray)
    peers: list[tuple[str, int]] = field(default_factory=list)
    chunks: list[tuple[float, str, int]] = field(default_factory=list)
    open_connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_closed(self, timeout: float = 3.0) -> bool:
        """중계 중인 연결이 모두 끝날 때까지(마지막 바이트까지 기록될 때까지) 기다립니다."""
        deadline = time.monotonic() + timeout
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.open_connections


def pump(client: socket.socket, upstream: socket.socket, recording: Recording, idle: float = 3.0) -> None:
    """양쪽 소켓 사이에서 바이트를 옮깁니다. 한쪽이 닫으면 반대쪽 쓰기도 닫습니다."""
    directions = {client: (upstream, "→", recording.to_server), upstream: (client, "←", recording.to_client)}
    with selectors.DefaultSelector() as selector:
        for sock in directions:
            selector.register(sock, selectors.EVENT_READ)
        while directions and (ready := selector.select(timeout=idle)):
            for key, _ in ready:
                source = key.fileobj
                target, arrow, buffer = directions[source]
                data = source.recv(65536)
                if data:
                    with recording.lock:  # 전달하기 전에 기록: 받는 쪽이 받았다면 이미 기록되어 있습니다
                        buffer += data
                        recording.chunks.append((time.monotonic(), arrow, len(data)))
                    target.sendall(data)
                    continue
                selector.unregister(source)
                del directions[source]
                with contextlib.suppress(OSError):
                    target.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def eavesdropping_relay(
    target: tuple[str, int], host: str = "127.0.0.1"
) -> Iterator[tuple[tuple[str, int], Recording]]:
    """``target``으로 가는 TCP 중계기. ``(중계기 주소, 기록)``을 돌려줍니다."""
    recording = Recording()

    def handle(client: socket.socket, address: tuple) -> None:
        with recording.lock:
            recording.peers.append(address[:2])
            recording.open_connections += 1
        try:
            with contextlib.suppress(ConnectionError), socket.create_connection(target, timeout=3) as upstream:
                client.settimeout(3)
                pump(client, upstream, recording)  # 어느 한쪽이 연결을 끊어 버려도(reset) 조용히 끝냅니다
        finally:
            with recording.lock:
                recording.open_connections -= 1

    with tcp_server(handle, host) as address:
        try:
            yield address, recording
        finally:
            recording.wait_closed()


# -- 암호를 풀지 않고 읽을 수 있는 것 -----------------------------------------------------------

RECORD_TYPES = {20: "change_cipher_spec", 21: "alert", 22: "handshake", 23: "application_data"}


def tls_records(data: bytes) -> list[tuple[str, int]]:
    """TLS 레코드마다 (종류, 본문 길이). 레코드 머리(5바이트)는 암호화되지 않습니다."""
    records, offset = [], 0
    while offset + 5 <= len(data):
        kind, length = data[offset], int.from_bytes(data[offset + 3 : offset + 5], "big")
        records.append((RECORD_TYPES.get(kind, f"unknown({kind})"), length))
        offset += 5 + length
    return records


def client_hello_sni(data: bytes) -> str | None:
    """첫 레코드의 ClientHello에서 server_name 확장(SNI)을 꺼냅니다(RFC 8446 §4.1.2, RFC 6066 §3)."""
    if len(data) < 9 or data[0] != 22 or data[5] != 1:  # 핸드셰이크 레코드 + ClientHello 가 아님
        return None
    body = data[9:]
    offset = 2 + 32  # legacy_version, random
    offset += 1 + body[offset]  # legacy_session_id
    offset += 2 + int.from_bytes(body[offset : offset + 2], "big")  # cipher_suites
    offset += 1 + body[offset]  # legacy_compression_methods
    end = offset + 2 + int.from_bytes(body[offset : offset + 2], "big")
    offset += 2
    while offset + 4 <= end:  # 확장: 종류(2) 길이(2) 내용
        kind, length = (
            int.from_bytes(body[offset : offset + 2], "big"),
            int.from_bytes(body[offset + 2 : offset + 4], "big"),
        )
        if kind == 0:  # server_name: 목록 길이(2), 이름 종류(1), 이름 길이(2), 이름
            name_length = int.from_bytes(body[offset + 7 : offset + 9], "big")
            return body[offset + 9 : offset + 9 + name_length].decode("ascii")
        offset += 4 + length
    return None


# -- 바이트 수를 세는 TLS 클라이언트 ------------------------------------------------------------


class CountingTLS:
    """TCP 소켓 위에서 ``SSLObject``(메모리 BIO)로 TLS를 돌리며 오간 바이트를 셉니다.

    ``ssl.wrap_socket``이 안에서 하는 일을 드러낸 것입니다: TLS 라이브러리는 바이트를 만들고
    받기만 하고, 실제로 보내고 받는 일은 아래의 TCP 소켓이 합니다.
    """

    def __init__(self, sock: socket.socket, context: ssl.SSLContext, server_hostname: str):
        self.sock = sock
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_hostname=server_hostname)
        self.sent = self.received = 0

    def _flush(self) -> None:
        if data := self.outgoing.read():
            self.sock.sendall(data)
            self.sent += len(data)

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        self.received += len(data)
        if data:
            self.incoming.write(data)
        else:
            self.incoming.write_eof()
        return bool(data)

    def handshake(self) -> None:
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:  # 상대의 다음 메시지가 필요합니다
                self._flush()
                self._fill()
        self._flush()  # 클라이언트의 마지막 메시지(Finished)

    def version(self) -> str | None:
        return self.tls.version()

    def sendall(self, data: bytes) -> None:
        self.tls.write(data)
        self._flush()

    def recv(self, size: int = 65536) -> bytes:
        """평문을 돌려줍니다. 연결이 끝나면 ``b""``."""
        while True:
            try:
                return self.tls.read(size)
            except ssl.SSLWantReadError:
                self._flush()
                if not self._fill():
                    return b""
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""
