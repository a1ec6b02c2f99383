"""느린 클라이언트 100개를 두 서버에 붙여 봅니다: 연결마다 스레드 하나 vs asyncio 이벤트 루프 하나.

서버는 따로 띄운 파이썬 프로세스입니다(이 파일을 ``serve <방식> <fd>``로 다시 실행). 실습은
바깥에서 psutil로 그 프로세스의 스레드 수, 메모리(RSS), 붙잡고 있는 TCP 연결 수를 잽니다.
느린 클라이언트는 요청 머리의 마지막 빈 줄을 보내지 않고 연결만 유지합니다.
"""

import asyncio
import contextlib
import select
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psutil

from labkit.procs import fetch, http_ready, lab_dir, listening_socket, running, wait_until

SLOW_CLIENTS = 100
POOL_SIZE = 4
UNFINISHED = b"GET / HTTP/1.1\r\nHost: example.test\r\n"  # 빈 줄(요청 머리의 끝)이 아직 없음
REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"


# ---- 서버 쪽: 같은 일을 하는 두 가지 코드 ----
def handle_blocking(conn: socket.socket) -> None:
    """요청 머리를 끝까지 읽고 답합니다. recv()가 기다리는 동안 이 스레드는 다른 일을 못 합니다."""
    with conn:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(1024)  # 블로킹: 데이터가 올 때까지 스레드가 여기서 멈춤
            if not chunk:
                return
            head += chunk
        conn.sendall(REPLY)


async def handle_async(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """같은 일. await에서 기다리는 동안 이벤트 루프는 다른 연결을 돌봅니다."""
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(REPLY)
        await writer.drain()
    except asyncio.IncompleteReadError:  # 클라이언트가 요청을 끝내지 않고 떠남
        pass
    finally:
        writer.close()


def serve(kind: str, fd: int) -> None:
    sock = socket.socket(fileno=fd)
    if kind == "asyncio":

        async def run() -> None:
            server = await asyncio.start_server(handle_async, sock=sock)
            await server.serve_forever()

        asyncio.run(run())
    elif kind == "pool":  # 스레드 POOL_SIZE개가 돌아가며 연결을 맡음
        pool = ThreadPoolExecutor(POOL_SIZE)
        while True:
            pool.submit(handle_blocking, sock.accept()[0])
    else:  # 연결마다 새 스레드
        while True:
            threading.Thread(target=handle_blocking, args=(sock.accept()[0],), daemon=True).start()


# ---- 실습 쪽: 서버를 띄우고 바깥에서 잽니다 ----
@contextlib.contextmanager
def server(kind: str):
    with lab_dir() as root, listening_socket(backlog=SLOW_CLIENTS + 16) as sock:
        port = sock.getsockname()[1]
        cmd = [sys.executable, __file__, "serve", kind, str(sock.fileno())]
        ready = http_ready(f"http://127.0.0.1:{port}/")
        with running(cmd, log=root / "server.log", ready=ready, pass_fds=(sock.fileno(),), name=kind) as process:
            yield process, psutil.Process(process.pid), port


def held_connections(proc: psutil.Process) -> int:
    return sum(conn.status == psutil.CONN_ESTABLISHED for conn in proc.net_connections("tcp"))


def open_unfinished(port: int, clients: contextlib.ExitStack) -> socket.socket:
    conn = clients.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
    conn.sendall(UNFINISHED)
    return conn


def answered_within(conn: socket.socket, seconds: float) -> bool:
    return bool(select.select([conn], [], [], seconds)[0])


def measure(kind: str, label: str, expected_threads: int) -> None:
    with server(kind) as (process, proc, port), contextlib.ExitStack() as clients:
        rss_before = proc.memory_info().rss
        for _ in range(SLOW_CLIENTS):
            open_unfinished(port, clients)
        wait_until(lambda: held_connections(proc) == SLOW_CLIENTS, process, "연결 수락")
        wait_until(lambda: proc.num_threads() >= expected_threads, process, "스레드 시작")
        threads, rss_mb = proc.num_threads(), (proc.memory_info().rss - rss_before) / 2**20
        started = time.perf_counter()
        status = fetch(f"http://127.0.0.1:{port}/", timeout=5)[0]  # 느린 클라이언트 100개가 붙은 채로
        fast_ms = (time.perf_counter() - started) * 1000
        print(f"[{label}] 느린 클라이언트 {SLOW_CLIENTS}개 → 붙잡은 연결 {held_connections(proc)}개, ", end="")
        print(f"스레드 {threads}개, RSS +{rss_mb:.1f}MB, 새 요청 {status} ({fast_ms:.1f}ms)")
        assert held_connections(proc) == SLOW_CLIENTS and threads == expected_threads and status == 200


def pool_runs_out() -> None:
    with server("pool") as (process, proc, port), contextlib.ExitStack() as clients:
        slow = [open_unfinished(port, clients) for _ in range(POOL_SIZE)]
        wait_until(lambda: proc.num_threads() == 1 + POOL_SIZE, process, "풀 스레드가 모두 바쁨")
        extra = clients.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
        extra.sendall(UNFINISHED + b"\r\n")  # 완전한 요청 하나
        waiting = not answered_within(extra, 0.5)
        wait_until(lambda: held_connections(proc) == POOL_SIZE + 1, process, "연결 수락")
        print(f"[스레드 풀 {POOL_SIZE}개] 느린 클라이언트 {POOL_SIZE}개 + 완전한 요청 1개 → ", end="")
        print(f"연결은 {held_connections(proc)}개 모두 받았지만 0.5초 동안 응답 {'없음' if waiting else '있음'}")
        assert waiting, "일할 스레드가 없으면 받은 연결도 기다립니다"

        slow[0].sendall(b"\r\n")  # 느린 클라이언트 하나가 요청을 끝냄 → 그 스레드가 풀려남
        first = slow[0].recv(1024)
        late = extra.recv(1024) if answered_within(extra, 5) else "(없음)".encode()
        print(f"[스레드 풀 {POOL_SIZE}개] 느린 클라이언트 하나가 요청을 끝내자 → 기다리던 요청도 응답: ", end="")
        print(late.splitlines()[0].decode())
        assert first.startswith(b"HTTP/1.1 200") and late.startswith(b"HTTP/1.1 200")


def main() -> None:
    measure("thread", "연결마다 스레드", expected_threads=1 + SLOW_CLIENTS)
    measure("asyncio", "asyncio 이벤트 루프", expected_threads=1)
    pool_runs_out()


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        main()
