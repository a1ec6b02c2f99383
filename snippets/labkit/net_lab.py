"""네트워크 기초·HTTP 실습이 함께 쓰는 도구. 모두 루프백에서만 동작합니다.

* ``http11_server(app)``: WSGI 앱을 ``HTTP/1.1`` 상태 줄로 답하는 서버 뒤에 둡니다.
  연결마다 요청 하나를 처리하고 ``Connection: close``로 닫습니다.
* ``both_loopbacks(app)``: 한 앱을 127.0.0.1과 ::1의 같은 포트 번호에서 서비스합니다.
* ``raw_exchange(...)``: 바이트 그대로의 요청을 소켓에 쓰고, 서버가 보낸 바이트를 전부 읽습니다.
* ``http_request(...)``: 표준 라이브러리 ``http.client``로 요청 하나를 보내고 응답을 돌려줍니다.
* ``udp_relay(...)``: 정해 둔 번호의 데이터그램을 버리는 UDP 중계기입니다.
* ``LossyChannel``: 가상 시계 위에서 패킷을 잃어버리거나 순서를 바꾸는 가짜 네트워크입니다.
* ``asgi_tls_server(app)``: ASGI 앱을 Hypercorn으로 TLS 위에서 서비스합니다(ALPN: h2, http/1.1).
  인증서는 trustme가 메모리에서 만든 실습용 CA로 서명하고, 그 CA를 믿는 클라이언트용
  ``ssl.SSLContext``를 함께 돌려줍니다.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import http.client
import random
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from wsgiref.handlers import SimpleHandler

from labkit.servers import IPv6WSGIServer, QuietHandler, ThreadingWSGIServer, serving


# -- HTTP/1.1로 답하는 WSGI 서버 ---------------------------------------------------------
class HTTP11Handler(SimpleHandler):
    """wsgiref의 기본(HTTP/1.0) 대신 HTTP/1.1 상태 줄을 씁니다 (http_version 은 문서에 있는 설정)."""

    http_version = "1.1"
    server_software = "net-lab/1.0"

    def cleanup_headers(self) -> None:
        # 문서에 없는 BaseHandler 의 훅입니다 (CPython 3.11 ~ 3.13 의 wsgiref 에서 확인). 204·304 응답에는
        # 본문이 없으므로 Content-Length를 자동으로 붙이지 않습니다.
        if self.status[:3] not in ("204", "304") and "Content-Length" not in self.headers:
            self.set_content_length()
        self.headers["Connection"] = "close"  # 연결 하나에 요청 하나만 처리합니다.


class HTTP11RequestHandler(QuietHandler):
    """요청 줄과 헤더는 http.server 가 읽고(handle_one_request, 형식이 틀리면 400·414), 메서드마다
    부르는 ``do_<METHOD>`` 에서 WSGI 앱을 돌립니다. 요청 환경(environ)은 wsgiref 의 get_environ() 이 만듭니다."""

    handle = BaseHTTPRequestHandler.handle  # wsgiref 의 handle() 은 HTTP/1.0 처리기를 골라 쓰므로 되돌립니다

    def __getattr__(self, name: str):
        if name.startswith("do_"):  # 어떤 메서드든(GET, PATCH, BREW …) 앱이 답합니다
            return self.run_app
        raise AttributeError(name)

    def run_app(self) -> None:
        handler = HTTP11Handler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=False)
        handler.run(self.server.get_app())


def _make(app, host: str, port: int) -> ThreadingWSGIServer:
    server_class = IPv6WSGIServer if ":" in host else ThreadingWSGIServer
    server = server_class((host, port), HTTP11RequestHandler)
    server.set_app(app)
    return server


@contextlib.contextmanager
def http11_server(app, host: str = "127.0.0.1") -> Iterator[tuple[str, int]]:
    """``app``을 ``host``의 빈 포트에서 서비스하고 ``(host, port)``를 돌려줍니다."""
    server = _make(app, host, 0)
    with serving(server):
        yield host, server.server_address[1]


@contextlib.contextmanager
def both_loopbacks(app, tries: int = 20) -> Iterator[int]:
    """같은 앱을 127.0.0.1:P 와 [::1]:P 에서 서비스하고 포트 P를 돌려줍니다."""
    for _ in range(tries):
        v4 = _make(app, "127.0.0.1", 0)
        port = v4.server_address[1]
        try:
            v6 = _make(app, "::1", port)
        except OSError:  # ::1 쪽에서 그 포트가 이미 쓰이고 있으면 다시 고릅니다.
            v4.server_close()
            continue
        with serving(v4), serving(v6):
            yield port
        return
    raise RuntimeError("두 루프백에서 같은 포트를 찾지 못했습니다")


def ipv6_loopback_available() -> bool:
    """::1에 바인드할 수 있는지(IPv6가 꺼진 컨테이너도 있습니다)."""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


# -- 바이트 그대로의 HTTP ---------------------------------------------------------------
def raw_exchange(host: str, port: int, request: bytes, timeout: float = 5.0) -> bytes:
    """요청 바이트를 보내고, 서버가 연결을 닫을 때까지 받은 바이트를 전부 돌려줍니다."""
    chunks = []
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class Reply:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes


def http_request(host: str, port: int, method: str, path: str, headers=None, body: bytes | None = None) -> Reply:
    """요청 하나를 보내고 응답 전체를 읽습니다. 프록시 설정은 보지 않습니다."""
    connection = http.client.HTTPConnection(host, port, timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.reason, response.headers, response.read())
    finally:
        connection.close()


def show_bytes(label: str, data: bytes) -> None:
    """CRLF를 눈에 보이게(␍␊) 바꿔 한 줄씩 출력합니다."""
    print(f"--- {label} ({len(data)}바이트) ---")
    head, sep, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        print(f"  {line.decode('latin-1')}␍␊")
    if sep:
        print("  ␍␊  ← 빈 줄: 헤더 끝")
    if body:
        print(f"  {body.decode('utf-8', 'replace')}")


# -- 데이터그램을 골라 버리는 UDP 중계기 --------------------------------------------------
@dataclass
class RelayLog:
    seen: int = 0  # 중계기가 받은 데이터그램 수
    dropped: list = field(default_factory=list)  # 버린 데이터그램(받은 순번, 내용)


@contextlib.contextmanager
def udp_relay(target: tuple[str, int], drop: set[int]) -> Iterator[tuple[tuple[str, int], RelayLog]]:
    """받은 순서로 1, 2, 3… 번호를 매기고, ``drop``에 든 번호는 전달하지 않습니다."""
    log = RelayLog()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.05)
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                data, _ = sock.recvfrom(65535)
            except TimeoutError:
                continue
            log.seen += 1
            if log.seen in drop:
                log.dropped.append((log.seen, data))
            else:
                sock.sendto(data, target)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield sock.getsockname(), log
    finally:
        stop.set()
        thread.join(timeout=5)
        sock.close()


# -- 가상 시계 위의 손실·재정렬 채널 -------------------------------------------------------
class LossyChannel:
    """보낸 패킷을 확률 ``loss``로 잃고, 지연을 무작위로 줘서 순서를 뒤섞습니다.

    실제 시간을 기다리지 않습니다. ``run()``이 사건(도착, 타이머)을 시각 순서로 꺼내
    처리하므로, 같은 ``seed``면 언제 실행해도 같은 결과가 나옵니다.
    """

    def __init__(self, seed: int, loss: float, delay: tuple[float, float]) -> None:
        self.rng = random.Random(seed)
        self.loss, self.delay = loss, delay
        self.now = 0.0
        self._events: list = []
        self._order = 0  # 같은 시각의 사건은 등록 순서대로

    def at(self, when: float, action: Callable[[], None]) -> None:
        self._order += 1
        heapq.heappush(self._events, (when, self._order, action))

    def send(self, packet, deliver: Callable) -> bool:
        """패킷을 보냅니다. 잃어버리면 False, 언젠가 도착하면 True."""
        if self.rng.random() < self.loss:
            return False
        arrival = self.now + self.rng.uniform(*self.delay)
        self.at(arrival, lambda: deliver(packet))
        return True

    def run(self, until: float) -> None:
        while self._events and self._events[0][0] <= until:
            self.now, _, action = heapq.heappop(self._events)
            action()


# -- HTTP/2를 말하는 TLS 서버(Hypercorn) ----------------------------------------------------
@contextlib.asynccontextmanager
async def asgi_tls_server(app) -> AsyncIterator[tuple[int, ssl.SSLContext]]:
    """``(port, client_ssl_context)``를 돌려줍니다. 블록을 나오면 서버를 멈춥니다."""
    import trustme
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    server_context.set_alpn_protocols(["h2", "http/1.1"])  # 서버가 말할 수 있는 프로토콜
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)

    class TLSConfig(Config):
        ssl_enabled = True  # 인증서 파일 대신 위에서 만든 SSLContext를 씁니다.

        def create_ssl_context(self) -> ssl.SSLContext:
            return server_context

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # 지금부터 연결을 받아 두므로, 서버 시작을 기다릴 필요가 없습니다.
    port = listener.getsockname()[1]
    config = TLSConfig()
    config.bind = [f"fd://{listener.detach()}"]  # 미리 잡아 둔 포트를 Hypercorn에 넘깁니다.
    config.accesslog = config.errorlog = None
    stop = asyncio.Event()
    task = asyncio.create_task(serve(_with_lifespan(app), config, shutdown_trigger=stop.wait))
    try:
        yield port, client_context
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)


def _with_lifespan(app):
    """시작·종료(lifespan) 신호에는 '준비 완료'로 답하고, 나머지는 앱에 넘깁니다."""

    async def wrapper(scope, receive, send):
        if scope["type"] != "lifespan":
            return await app(scope, receive, send)
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})

    return wrapper
