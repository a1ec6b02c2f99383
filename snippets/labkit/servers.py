"""실습용 루프백 서버: 스레드에서 돌고, 실습이 실패해도 반드시 멈추고 소켓을 닫습니다.

* ``wsgi_server(app)``: WSGI 앱을 진짜 HTTP/1.1 소켓 뒤에 둡니다(표준 라이브러리 wsgiref).
  ``ssl_context``를 주면 TLS로 감쌉니다.
* ``tcp_server(handle)``: 연결을 받을 때마다 ``handle(conn, addr)``를 부릅니다.

둘 다 포트 0에 바인드해 운영체제가 빈 포트를 고르게 하고, ``(host, port)``를 돌려줍니다.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import sys
import threading
from collections.abc import Callable, Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    """접근 로그를 stderr에 찍지 않는 wsgiref 핸들러."""

    def log_message(self, *args) -> None:
        pass


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        # 클라이언트가 먼저 끊는 것(인증서를 거부하고 TLS 연결을 닫는 실습 등)은 실습이 노린 결과이므로 조용히
        # 넘어갑니다. 그 밖의 예외는 socketserver 의 기본 동작대로 traceback 을 찍습니다(실습 실패로 잡힘).
        if isinstance(sys.exception(), ConnectionError | ssl.SSLError):
            return
        super().handle_error(request, client_address)

    def shutdown_request(self, request) -> None:
        """TLS 연결은 close_notify 경고를 보낸 뒤 닫습니다(RFC 8446 §6.1). 보내지 않고 TCP만 끊으면
        클라이언트는 응답이 잘린 것인지 끝난 것인지 구별하지 못하고, OpenSSL 3은 decode_error 경고로 답합니다."""
        if isinstance(request, ssl.SSLSocket):
            with contextlib.suppress(OSError, ValueError):
                request.unwrap()
        super().shutdown_request(request)


class IPv6WSGIServer(ThreadingWSGIServer):
    address_family = socket.AF_INET6


@contextlib.contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def wsgi_server(app, host: str = "127.0.0.1", ssl_context: ssl.SSLContext | None = None) -> Iterator[tuple[str, int]]:
    """``app``을 ``host``의 빈 포트에서 서비스합니다."""
    server_class = IPv6WSGIServer if ":" in host else ThreadingWSGIServer
    server = make_server(host, 0, app, server_class=server_class, handler_class=QuietHandler)
    if ssl_context is not None:
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True)
    with serving(server):
        yield host, server.server_address[1]


@contextlib.contextmanager
def tcp_server(handle: Callable[[socket.socket, tuple], None], host: str = "127.0.0.1") -> Iterator[tuple[str, int]]:
    """연결마다 스레드 하나에서 ``handle(conn, client_address)``를 부릅니다."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            handle(self.request, self.client_address)

    class Server(socketserver.ThreadingTCPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        daemon_threads = True
        block_on_close = False

    server = Server((host, 0), Handler)
    with serving(server):
        yield host, server.server_address[1]
