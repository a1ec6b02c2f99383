"""nginx와 gunicorn을 진짜 프로세스로 띄우는 도우미와, 이름표를 단 작은 HTTP 백엔드.

* ``nginx(root, conf, ready_url)``: nginx.conf 전체(``conf``)를 실습 디렉터리에 쓰고 ``nginx -t``로
  검사한 뒤 포그라운드로 띄웁니다. 블록을 나가면 SIGQUIT(처리 중인 요청을 끝내고 종료)로 멈춥니다.
  ``modules=("stream",)``처럼 동적 모듈이 필요하면 ``load_module`` 줄을 붙이고, 모듈이 없으면
  이유를 밝히고 실습을 건너뜁니다.
* ``gunicorn(app, sock, root)``: 실습이 미리 연 소켓을 물려받는(``--bind fd://N``) gunicorn.
* ``backend(name)``: 받은 요청 머리를 바이트 그대로, 상대 주소와 함께 JSON으로 돌려주는 백엔드.
  경로에 ``/slow``가 있으면 ``release``가 set될 때까지 답하지 않고 연결을 붙잡습니다.
* ``read_head(conn)``: 빈 줄(요청 머리의 끝)까지 읽습니다.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from labkit.procs import http_ready, running
from labkit.servers import tcp_server
from labkit.services import require_program, skip_lab


@dataclass
class Nginx:
    process: subprocess.Popen
    test_result: str  # ``nginx -t``의 마지막 줄 (실습 디렉터리 경로는 가림)


def _load_module_lines(nginx_path: str, modules: tuple[str, ...]) -> list[str]:
    """``nginx -V``를 보고, 동적 모듈로 빌드된 것만 ``load_module`` 줄을 만듭니다."""
    build = subprocess.run([nginx_path, "-V"], capture_output=True, text=True, timeout=10).stderr.split()
    modules_dir = next((flag.split("=", 1)[1] for flag in build if flag.startswith("--modules-path=")), "modules")
    lines = []
    for module in modules:
        if f"--with-{module}" in build:  # 정적으로 들어 있음: 할 일 없음
            continue
        library = Path(modules_dir, f"ngx_{module}_module.so")
        if f"--with-{module}=dynamic" not in build or not library.exists():
            skip_lab(f"nginx에 {module} 모듈이 없습니다 (Debian: apt-get install -y libnginx-mod-{module})")
        lines.append(f"load_module {library};")
    return lines


@contextlib.contextmanager
def nginx(root: Path, conf: str, ready_url: str, modules: tuple[str, ...] = ()) -> Iterator[Nginx]:
    """``root``를 접두 경로(``nginx -p``)로 삼아 ``conf``로 nginx를 띄웁니다."""
    nginx_path = require_program("nginx")
    for sub in ("logs", "tmp"):
        (root / sub).mkdir(exist_ok=True)
    header = _load_module_lines(nginx_path, modules)
    if os.geteuid() == 0:  # root로 돌면 워커가 nobody가 되어 700 임시 경로를 못 읽으므로
        header.append("user root;")
    (root / "nginx.conf").write_text("\n".join([*header, conf]))
    cmd = [nginx_path, "-p", str(root), "-c", "nginx.conf", "-e", "logs/error.log"]

    check = subprocess.run([*cmd, "-t"], capture_output=True, text=True, timeout=10)
    assert check.returncode == 0 and "syntax is ok" in check.stderr, check.stderr
    last_line = check.stderr.replace(str(root), "<실습 디렉터리>").strip().splitlines()[-1]
    log = root / "nginx.out"
    with running(cmd, log=log, ready=http_ready(ready_url), stop_signal=signal.SIGQUIT, name="nginx") as process:
        yield Nginx(process, last_line)


@contextlib.contextmanager
def gunicorn(app: str, sock: socket.socket, root: Path, *, here: Path, workers: int, ready_path: str = "/"):
    """``app``("모듈:이름", 모듈은 ``here`` 폴더에 있음)을 sync 워커 ``workers``개로 띄웁니다."""
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"fd://{sock.fileno()}", "--workers", str(workers)]
    cmd += ["--no-control-socket", "--pythonpath", str(here)]
    cmd += ["--access-logfile", str(root / "app.log"), app]
    host, port = sock.getsockname()[:2]
    ready = http_ready(f"http://{host}:{port}{ready_path}")
    with running(cmd, log=root / "gunicorn.out", ready=ready, pass_fds=(sock.fileno(),), name="gunicorn") as master:
        yield master


@dataclass
class Backend:
    name: str
    port: int
    arrived: threading.Event = field(default_factory=threading.Event)  # /slow 요청이 도착함
    release: threading.Event = field(default_factory=threading.Event)  # /slow 요청을 놓아 줌


def read_head(conn: socket.socket) -> bytes:
    """빈 줄(요청 머리의 끝)까지, 또는 상대가 닫을 때까지 읽습니다."""
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = conn.recv(4096)
        if not chunk:
            break
        head += chunk
    return head


@contextlib.contextmanager
def backend(name: str, host: str = "127.0.0.1") -> Iterator[Backend]:
    """``{"backend": 이름, "peer": 상대 IP, "head": 받은 요청 머리}``로 답하는 HTTP 서버."""
    box: list[Backend] = []

    def handle(conn: socket.socket, peer: tuple) -> None:
        conn.settimeout(5)
        head = read_head(conn)
        if re.match(rb"\S+ \S*/slow", head):
            box[0].arrived.set()
            box[0].release.wait(timeout=5)
        body = json.dumps({"backend": name, "peer": peer[0], "head": head.decode("latin-1")}).encode()
        status = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
        conn.sendall(status + b"Content-Length: %d\r\n\r\n" % len(body) + body)

    with tcp_server(handle, host) as (_, port):
        box.append(Backend(name, port))
        try:
            yield box[0]
        finally:
            box[0].release.set()  # 붙잡아 둔 요청이 있으면 놓아 주고 멈춥니다
