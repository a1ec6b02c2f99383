"""Django 요청 하나의 흐름: 미들웨어 → 뷰 → 캐시 → DB. Celery 작업은 요청 경로 밖에서, 응답 뒤에 끝납니다.

* WSGI 서버(wsgiref, 실서비스라면 gunicorn)가 Django 앱을 부르고, 미들웨어가 양파 껍질처럼 뷰를 감쌉니다.
* 뷰는 캐시(locmem)를 먼저 보고, 없을 때만 DB(sqlite 메모리 DB)에 묻습니다.
* 뷰는 무거운 일을 Celery 작업으로 브로커에 넣고 곧바로 응답합니다. 워커가 그 작업을 따로 처리합니다.
"""

import threading
import time

import django
from django.conf import settings

settings.configure(
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,  # 이 파일의 urlpatterns
    MIDDLEWARE=[f"{__name__}.OuterMiddleware", f"{__name__}.InnerMiddleware"],  # 위가 바깥쪽
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "file:lab?mode=memory&cache=shared"}},
    SECRET_KEY="lab-only-not-secret",
)
django.setup()

from django.core.cache import cache  # noqa: E402  (settings 다음에 import해야 합니다)
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from labkit.celery_lab import make_app, running_worker  # noqa: E402
from labkit.procs import fetch  # noqa: E402
from labkit.servers import wsgi_server  # noqa: E402

timeline: list[str] = []  # 무언가를 한 쪽(who)을 순서대로
started = time.perf_counter()
celery_app = make_app("shop")
tasks_done = threading.Semaphore(0)


INDENT = {"클라이언트": 0, "미들웨어 1(바깥)": 2, "미들웨어 2(안쪽)": 4, "뷰": 6, "DB": 8, "Celery 워커": 0}


def log(who: str, what: str) -> None:
    timeline.append(who)
    print(f"{(time.perf_counter() - started) * 1000:6.1f} ms  {' ' * INDENT[who]}{who}: {what}")


def tracing_middleware(name: str):
    class Middleware:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            log(name, f"요청 {request.path}")
            response = self.get_response(request)  # 안쪽 미들웨어와 뷰를 부릅니다
            log(name, f"응답 {response.status_code}")
            return response

    return Middleware


OuterMiddleware = tracing_middleware("미들웨어 1(바깥)")
InnerMiddleware = tracing_middleware("미들웨어 2(안쪽)")


@celery_app.task
def record_visit(user_id: int) -> None:
    """무거운 후처리(통계·메일 등) 흉내: 요청 경로 밖, 워커 스레드에서 0.3초."""
    time.sleep(0.3)
    log("Celery 워커", f"record_visit({user_id}) 완료")
    tasks_done.release()


def log_sql(execute, sql, params, many, context):
    log("DB", sql % tuple(params))
    return execute(sql, params, many, context)


def user_profile(request, user_id: int):
    profile = cache.get(f"user:{user_id}")
    log("뷰", f"캐시 {'적중(hit)' if profile else '없음(miss)'}")
    if profile is None:
        with connection.execute_wrapper(log_sql), connection.cursor() as cursor:
            cursor.execute("SELECT name FROM users WHERE id = %s", [user_id])
            profile = {"id": user_id, "name": cursor.fetchone()[0]}
        cache.set(f"user:{user_id}", profile, timeout=60)
    record_visit.delay(user_id)  # 브로커에 넣기만 하고 기다리지 않습니다
    log("뷰", "Celery 작업을 브로커에 넣고 응답 반환")
    return JsonResponse(profile)


urlpatterns = [path("users/<int:user_id>", user_profile)]

with connection.cursor() as cursor:  # 이 연결이 열려 있는 동안 메모리 DB가 유지됩니다
    cursor.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    cursor.execute("INSERT INTO users VALUES (1, 'kim')")

with running_worker(celery_app, concurrency=2), wsgi_server(WSGIHandler()) as (host, port):
    started = time.perf_counter()
    for _ in range(2):
        status, _, body = fetch(f"http://{host}:{port}/users/1")
        log("클라이언트", f"{status} {body.decode()} 받음")
    assert tasks_done.acquire(timeout=5) and tasks_done.acquire(timeout=5), "작업 2개가 끝남"

# 실습이 보여 준 사실을 확인합니다.
inward, cached = (
    ["미들웨어 1(바깥)", "미들웨어 2(안쪽)", "뷰"],
    ["뷰", "미들웨어 2(안쪽)", "미들웨어 1(바깥)", "클라이언트"],
)
request_path = [who for who in timeline if who != "Celery 워커"]
assert request_path == inward + ["DB"] + cached + inward + cached, "양파 구조, 두 번째는 DB 없이"
assert timeline.count("DB") == 1, "두 번째 요청은 캐시 적중: DB에 가지 않음"
last_reply = len(timeline) - 1 - timeline[::-1].index("클라이언트")
assert last_reply < timeline.index("Celery 워커"), "두 응답 모두 작업 완료보다 먼저"
