"""실습용 nginx: ``http { }`` 안의 설정만 주면 나머지를 채워 포그라운드로 띄우고, 끝나면 멈춥니다.

    with lab_dir() as root, nginx_running(root, HTTP_CONF, ready=url) as nginx:
        ...
    print(nginx.access_log())

* 상대 경로(pid, 로그, 임시 파일, 캐시)는 모두 ``nginx -p <실습 디렉터리>`` 기준입니다.
* root로 돌면 워커가 nobody가 되어 700 임시 디렉터리를 못 읽으므로 ``user root;``를 붙입니다.
* 접근 로그는 ``logs/access.log``에 nginx 기본 형식(combined)으로 남습니다.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from labkit.procs import http_ready, running
from labkit.services import require_program

MAIN_CONF = """daemon off;
worker_processes 1;
pid nginx.pid;
error_log logs/error.log;
events {{ worker_connections 64; }}
http {{
    access_log logs/access.log;
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
{http}
}}
"""


@dataclass
class Nginx:
    root: Path
    process: subprocess.Popen

    def access_log(self) -> str:
        return (self.root / "logs/access.log").read_text()


@contextlib.contextmanager
def nginx_running(root: Path, http_conf: str, ready: str) -> Iterator[Nginx]:
    """``http_conf``로 nginx를 띄우고 ``ready`` URL이 HTTP로 답할 때까지 기다립니다."""
    nginx = require_program("nginx")
    for sub in ("logs", "tmp"):
        (root / sub).mkdir(exist_ok=True)
    conf = MAIN_CONF.format(http=http_conf)
    if os.geteuid() == 0:
        conf = "user root;\n" + conf
    (root / "nginx.conf").write_text(conf)
    cmd = [nginx, "-p", str(root), "-c", "nginx.conf", "-e", "logs/error.log"]
    check = subprocess.run([*cmd, "-t"], capture_output=True, text=True, timeout=10)
    assert check.returncode == 0, f"nginx 설정 오류:\n{check.stderr}"
    with running(cmd, log=root / "nginx.out", ready=http_ready(ready), stop_signal=signal.SIGQUIT) as process:
        yield Nginx(root, process)
