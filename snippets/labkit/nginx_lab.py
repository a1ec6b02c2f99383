"""실습용 nginx를 ``http { }`` 안의 설정만으로 띄웁니다. 띄우고 멈추는 일은 ``web_stack.nginx``가 합니다.

    with lab_dir() as root, nginx_running(root, HTTP_CONF, ready=url):
        ...
    print(access_log(root))

* 나머지 설정(포그라운드 실행, pid, 이벤트, 임시 파일 경로, 접근 로그)은 ``MAIN_CONF``가 채웁니다.
  상대 경로는 모두 ``nginx -p <실습 디렉터리>`` 기준입니다.
* 접근 로그는 ``logs/access.log``에 nginx 기본 형식(combined)으로 남습니다.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from labkit.web_stack import Nginx, nginx

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


@contextlib.contextmanager
def nginx_running(root: Path, http_conf: str, ready: str) -> Iterator[Nginx]:
    """``http_conf``로 nginx를 띄우고 ``ready`` URL이 HTTP로 답할 때까지 기다립니다."""
    with nginx(root, MAIN_CONF.format(http=http_conf), ready) as server:
        yield server


def access_log(root: Path) -> str:
    return (root / "logs/access.log").read_text()
