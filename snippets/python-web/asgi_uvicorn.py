"""ASGI: 스레드 하나의 이벤트 루프가, 무언가를 기다리는 요청 여러 개를 동시에 붙잡고 처리합니다.

uvicorn(ASGI 서버)이 미리 열어 둔 루프백 소켓에서 아래 ``app``을 서비스합니다. 앱은 요청 10개가
모두 도착할 때까지 ``await``로 기다렸다가 답합니다. 스레드가 하나뿐인 동기(WSGI) 서버라면 첫 요청이
스레드를 붙잡아 나머지가 들어오지 못하므로 이렇게 할 수 없습니다.
"""

import asyncio
import os
import threading
import time
from wsgiref.simple_server import WSGIServer, make_server

import httpx
import uvicorn

from labkit.procs import listening_socket
from labkit.servers import QuietHandler, serving

N = 10
seen = {"in_flight": 0, "peak": 0, "threads": set()}
all_arrived = asyncio.Event()


async def app(scope, receive, send):
    """ASGI 앱: 연결 정보(scope)를 받고, 메시지를 receive()/send()로 주고받는 코루틴입니다."""
    if scope["type"] != "http":  # lifespan, websocket 등 다른 종류는 이 실습에서 다루지 않습니다
        return
    seen["in_flight"] += 1
    seen["peak"] = max(seen["peak"], seen["in_flight"])
    seen["threads"].add(threading.get_ident())
    if seen["in_flight"] == N:
        all_arrived.set()
    await asyncio.wait_for(all_arrived.wait(), timeout=5)  # 기다리는 동안 루프는 다른 요청을 받습니다
    seen["in_flight"] -= 1
    body = f"{scope['method']} {scope['path']} pid={os.getpid()}".encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


async def send_all(base_url: str, count: int = N) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base_url, trust_env=False, timeout=5) as client:
        return await asyncio.gather(*(client.get(f"/items/{n}") for n in range(count)))


blocking = {"in_flight": 0, "peak": 0}


def blocking_app(environ, start_response):
    """대조용 동기(WSGI) 앱: 기다리는 동안(0.2초) 서버의 유일한 스레드를 붙잡고 있습니다."""
    blocking["in_flight"] += 1
    blocking["peak"] = max(blocking["peak"], blocking["in_flight"])
    time.sleep(0.2)
    blocking["in_flight"] -= 1
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


with listening_socket() as sock:
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        started = time.perf_counter()
        responses = asyncio.run(send_all(f"http://127.0.0.1:{sock.getsockname()[1]}"))
        elapsed = time.perf_counter() - started
    finally:
        server.should_exit = True
        thread.join(timeout=5)

# 대조 실험: 스레드 하나짜리 동기 서버(wsgiref의 WSGIServer)에 요청 3개를 동시에 보냅니다.
single = make_server("127.0.0.1", 0, blocking_app, server_class=WSGIServer, handler_class=QuietHandler)
with serving(single):
    sync_responses = asyncio.run(send_all(f"http://127.0.0.1:{single.server_address[1]}", count=3))

codes = " ".join(str(code) for code in sorted({r.status_code for r in responses}))
print(f"동시 요청 {N}개 → 상태 {codes}, 걸린 시간 {elapsed * 1000:.0f} ms")
print(f"앱 안에 동시에 머문 요청 최대 {seen['peak']}개, 그 요청들을 처리한 스레드 {len(seen['threads'])}개")
print("첫 응답:", responses[0].text)
print(f"대조: 스레드 하나짜리 동기 서버에 동시 요청 3개 → 앱 안에 동시에 머문 요청 최대 {blocking['peak']}개")
assert all(r.status_code == 200 for r in responses)
assert seen["peak"] == N and len(seen["threads"]) == 1, "스레드 하나가 10개를 동시에 진행"
assert {r.text.rsplit("pid=", 1)[1] for r in responses} == {str(os.getpid())}
assert not thread.is_alive(), "서버 스레드가 멈췄습니다"
assert all(r.status_code == 200 for r in sync_responses) and blocking["peak"] == 1, "동기 서버는 한 번에 하나씩"
