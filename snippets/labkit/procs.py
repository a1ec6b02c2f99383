"""진짜 서버 프로세스(gunicorn, nginx, redis-server …)를 띄우고, 실습이 실패해도 반드시 정리합니다.

* ``lab_dir()``: 설정·로그·정적 파일을 둘 임시 디렉터리. 블록을 나가면 지웁니다.
* ``listening_socket()``: 루프백 빈 포트에 미리 bind한 소켓. 자식에게 물려주면(``fd://N``)
  "포트를 고른 뒤 다른 프로그램이 먼저 차지하는" 경쟁이 생기지 않습니다.
* ``free_port()``: 직접 bind하는 프로그램(nginx, redis-server)에 넘길 빈 포트 번호.
* ``running(cmd, …)``: 프로세스를 띄우고, 준비될 때까지 기다리고, 끝나면 신호로 멈춥니다.
  정해진 시간 안에 끝나지 않으면 SIGKILL로 끝내고, 그래도 종료를 기다립니다.
* ``fetch(url)``: 프록시 설정을 무시하는 짧은 HTTP 클라이언트. (상태, 헤더, 본문)을 돌려줍니다.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

# 환경 변수의 HTTP_PROXY가 127.0.0.1 요청까지 가로채지 않도록 프록시 없는 opener를 씁니다.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@contextlib.contextmanager
def lab_dir(mode: int = 0o755) -> Iterator[Path]:
    """임시 디렉터리. 다른 사용자로 도는 프로세스(nginx 워커)도 읽도록 ``mode``를 줍니다."""
    with tempfile.TemporaryDirectory(prefix="lab-") as name:
        os.chmod(name, mode)
        yield Path(name)


def listening_socket(host: str = "127.0.0.1", backlog: int = 64) -> socket.socket:
    """빈 포트에 bind하고 listen 중인 소켓. 자식 프로세스가 물려받을 수 있게 만듭니다."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.bind((host, 0))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def free_port(host: str = "127.0.0.1") -> int:
    """지금 비어 있는 포트 번호(닫은 뒤 돌려주므로, 곧바로 쓰는 프로그램에만 넘깁니다)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 3.0):
    """GET(``data``가 있으면 POST) 한 번. 4xx/5xx도 예외 대신 (상태, 헤더, 본문)으로 돌려줍니다."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def wait_until(check: Callable[[], bool], process: subprocess.Popen, what: str, deadline: float = 10.0) -> None:
    """``check()``가 참이 될 때까지 기다립니다. 프로세스가 먼저 죽거나 시간이 다 되면 실패합니다."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        if process.poll() is not None:
            raise RuntimeError(f"{what}: 준비되기 전에 종료됨 (종료 코드 {process.returncode})")
        try:
            if check():
                return
        except OSError:  # 아직 listen 전이면 연결 거부
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{what}: {deadline:g}초 안에 준비되지 않음")


def http_ready(url: str) -> Callable[[], bool]:
    """TCP 연결이 아니라 HTTP 응답이 와야 준비된 것으로 봅니다."""
    return lambda: fetch(url, timeout=1.0)[0] > 0


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 5.0) -> int:
    """PID로 신호를 보내 멈추고 종료를 기다립니다. 안 끝나면 SIGKILL. 종료 코드를 돌려줍니다."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


@contextlib.contextmanager
def running(
    cmd: list[str],
    *,
    log: Path,
    ready: Callable[[], bool] | None = None,
    stop_signal: int = signal.SIGTERM,
    pass_fds: tuple[int, ...] = (),
    deadline: float = 10.0,
    name: str = "",
) -> Iterator[subprocess.Popen]:
    """``cmd``를 띄워 출력은 ``log``에 모읍니다. 준비되면 yield, 블록을 나가면 멈춥니다."""
    with open(log, "ab") as log_file:
        process = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT, pass_fds=pass_fds
        )
    try:
        if ready is not None:
            wait_until(ready, process, name or Path(cmd[0]).name, deadline)
        yield process
    except BaseException:
        print(f"--- {log.name} (마지막 20줄) ---")
        print("\n".join(log.read_text(errors="replace").splitlines()[-20:]))
        raise
    finally:
        stop(process, stop_signal)
