"""장고(Django)를 프로젝트 폴더 없이 스크립트 하나로 돌리는 최소 설정.

* ``setup(...)``: ``settings.configure()``와 ``django.setup()``을 부릅니다. 한 프로세스에서
  한 번만 부를 수 있으므로, 실습은 맨 위에서 부르고 그다음에 django·DRF 모듈을 import 합니다.
  URLconf는 기본값으로 실습 스크립트 자신(``__main__``)입니다. 스크립트가 모듈 수준에
  ``urlpatterns``를 정의하면, 장고는 첫 요청 때 그것을 읽습니다.
* ``serve()``: 장고의 WSGI 핸들러를 ``labkit.servers.wsgi_server``로 진짜 루프백 소켓 뒤에
  두고 ``http://127.0.0.1:포트``를 돌려줍니다.
* ``client(base_url)``: 환경 변수의 프록시를 무시하고 시간 제한이 있는 httpx 클라이언트.

데이터베이스는 설정하지 않습니다. 실습의 자료는 파이썬 dict에 둡니다.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import django
import httpx
from django.conf import settings

from labkit.servers import wsgi_server

# 4xx 응답마다 장고가 stderr에 남기는 "Not Found: /users/1" 경고를 끕니다(5xx는 그대로 보입니다).
QUIET_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django.request": {"level": "ERROR"}, "django.security": {"level": "ERROR"}},
}


def setup(*, apps: list[str] | None = None, middleware: list[str] | None = None, **extra) -> None:
    """실습에 필요한 최소 설정으로 장고를 준비합니다. ``extra``는 그대로 settings에 들어갑니다."""
    settings.configure(
        DEBUG=False,
        SECRET_KEY="lab-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
        ROOT_URLCONF="__main__",  # 실습 스크립트 자신이 URLconf
        INSTALLED_APPS=apps or [],
        MIDDLEWARE=middleware or [],
        DATABASES={},
        USE_TZ=True,
        LOGGING=QUIET_LOGGING,
        **extra,
    )
    django.setup()


@contextlib.contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[str]:
    """장고 앱을 빈 포트에서 서비스하고 기본 URL을 돌려줍니다. 블록을 나가면 멈춥니다."""
    from django.core.wsgi import get_wsgi_application

    with wsgi_server(get_wsgi_application(), host) as (bound_host, port):
        yield f"http://{bound_host}:{port}"


def client(base_url: str) -> httpx.Client:
    """``with client(url) as http:``로 씁니다. 프록시 환경 변수를 무시합니다(trust_env=False)."""
    return httpx.Client(base_url=base_url, trust_env=False, timeout=5.0)
