"""HTTP/2 다중화: TLS 연결 하나에 요청 10개를 동시에 싣습니다(Hypercorn 서버 + httpx 클라이언트).

* ALPN: TLS 핸드셰이크 중에 클라이언트와 서버가 'h2'(HTTP/2)로 합의합니다.
* 스트림: 요청마다 홀수 번호의 스트림이 하나씩 열리고, 모두 같은 TCP 연결을 씁니다.
* 비교: HTTP/1.1로 연결 하나만 쓰면 한 번에 요청 하나씩만 오갑니다.
"""

import asyncio
import time

import httpx

from labkit.net_lab import asgi_tls_server

N = 10
state = {"in_flight": 0, "peak": 0, "expect": 1, "clients": set()}


async def app(scope, receive, send):
    """모두 도착할 때까지(최대 2초) 기다렸다가, 50ms 일한 뒤 답하는 ASGI 앱."""
    state["clients"].add(scope["client"])  # (IP, 포트): 연결이 몇 개였는지 셉니다.
    state["in_flight"] += 1
    state["peak"] = max(state["peak"], state["in_flight"])
    deadline = time.monotonic() + 2
    while state["in_flight"] < state["expect"] and time.monotonic() < deadline:
        await asyncio.sleep(0.001)
    await asyncio.sleep(0.05)
    state["in_flight"] -= 1
    body = f"HTTP/{scope['http_version']} {scope['path']}".encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


async def burst(port: int, context, http2: bool) -> tuple[list[httpx.Response], float]:
    """같은 클라이언트(연결 최대 1개)로 요청 N개를 한꺼번에 보냅니다."""
    state.update(in_flight=0, peak=0, expect=N if http2 else 1, clients=set())
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(
        http1=not http2, http2=http2, verify=context, limits=limits, trust_env=False
    ) as client:
        started = time.perf_counter()
        urls = [f"https://127.0.0.1:{port}/item/{i}" for i in range(N)]
        responses = await asyncio.gather(*(client.get(url) for url in urls))
        return responses, time.perf_counter() - started


async def main() -> None:
    async with asgi_tls_server(app) as (port, context):
        h2, h2_seconds = await burst(port, context, http2=True)
        h2_state = dict(state)
        h1, h1_seconds = await burst(port, context, http2=False)
        h1_state = dict(state)

    alpn = h2[0].extensions["network_stream"].get_extra_info("ssl_object").selected_alpn_protocol()
    streams = sorted(r.extensions["stream_id"] for r in h2)
    print(f"ALPN으로 합의한 프로토콜: {alpn!r}, 응답 버전: {h2[0].http_version}")
    print(f"HTTP/2  : 연결 {len(h2_state['clients'])}개, 스트림 ID {streams}")
    print(f"          서버에서 동시에 처리 중이던 요청 최대 {h2_state['peak']}개, 걸린 시간 {h2_seconds * 1000:.0f}ms")
    print(
        f"HTTP/1.1: 연결 {len(h1_state['clients'])}개, 동시에 처리 중이던 요청 최대 {h1_state['peak']}개, 걸린 시간 {h1_seconds * 1000:.0f}ms"
    )

    assert alpn == "h2" and all(r.http_version == "HTTP/2" and r.status_code == 200 for r in h2)
    assert len(h2_state["clients"]) == 1, "요청 10개가 TCP 연결 하나를 함께 썼습니다"
    assert streams == list(range(1, 2 * N, 2)), "클라이언트가 연 스트림은 1, 3, 5 … 홀수입니다"
    assert h2_state["peak"] == N, "10개가 한 연결 위에서 동시에 진행되었습니다(다중화)"
    assert all(r.http_version == "HTTP/1.1" for r in h1) and len(h1_state["clients"]) == 1
    assert h1_state["peak"] == 1, "HTTP/1.1 연결 하나는 한 번에 요청 하나만 나릅니다"
    assert h1_seconds >= N * 0.05, "하나씩 처리하면 적어도 50ms × 10이 걸립니다"
    print("확인: HTTP/2는 연결 하나에 스트림 여러 개를 섞어 싣고, HTTP/1.1은 연결마다 한 번에 하나씩입니다.")


asyncio.run(main())
