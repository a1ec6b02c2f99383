"""ASGI 앱을 진짜 uvicorn 서버 뒤에 두는 도구(스레드에서 돌고, 블록을 나가면 멈춥니다).

    with uvicorn_server(app, ws="wsproto") as (host, port):
        ...

* 미리 bind한 루프백 소켓을 넘기므로 포트를 고른 뒤 다른 프로그램이 끼어들 틈이 없습니다.
* ``ws``: WebSocket을 처리할 구현("wsproto", "websockets-sansio" …). 앱 코드는 어느 것이든 같습니다.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import uvicorn

from labkit.procs import listening_socket


@contextlib.contextmanager
def uvicorn_server(app, ws: str = "auto", deadline: float = 10.0) -> Iterator[tuple[str, int]]:
    """``app``을 uvicorn으로 서비스하고 ``(host, port)``를 돌려줍니다."""
    with listening_socket() as sock:
        config = uvicorn.Config(app, lifespan="off", log_level="warning", ws=ws)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            give_up = time.monotonic() + deadline
            while not server.started:
                if not thread.is_alive() or time.monotonic() > give_up:
                    raise RuntimeError("uvicorn이 시작되지 않았습니다")
                time.sleep(0.02)
            yield sock.getsockname()[:2]
        finally:
            server.should_exit = True
            thread.join(timeout=5)
            assert not thread.is_alive(), "uvicorn 스레드가 멈추지 않았습니다"
