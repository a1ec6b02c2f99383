"""Celery 실습 공통 코드: 실습 프로세스 안에서 도는 워커, 그리고 실습용 redis-server.

* ``make_app(name, broker, backend)``: 실습용 설정을 한 Celery 앱. 기본은 서버가 필요 없는
  메모리 브로커(``memory://``)와 메모리 결과 백엔드입니다. URL만 바꾸면 Redis를 씁니다.
* ``running_worker(app)``: 진짜 Celery 워커(``WorkController``)를 이 프로세스의 스레드로 띄웁니다.
  메모리 브로커는 같은 프로세스 안에서만 보이기 때문입니다. 블록을 나가면 곧바로 멈춥니다.
* ``redis_server()``: 빈 루프백 포트에 디스크를 쓰지 않는 redis-server를 띄우고 URL을 줍니다.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator

import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.utils.timer2 import Timer as ThreadTimer
from celery.worker import state

from labkit.procs import free_port, lab_dir, running

MEMORY_BROKER = "memory://localhost/"
MEMORY_BACKEND = "cache+memory://"


def make_app(name: str, broker: str = MEMORY_BROKER, backend: str = MEMORY_BACKEND) -> Celery:
    app = Celery(name, broker=broker, backend=backend)
    app.conf.update(
        broker_transport_options={"polling_interval": 0.05},  # 메모리 브로커를 0.05초마다 확인(기본 1초)
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )

    @app.task(name="labkit.wake", ignore_result=True)
    def wake() -> None:
        """아무 일도 하지 않는 작업: 멈출 때 워커의 대기 루프를 깨우는 데 씁니다."""

    return app


def _stop_timer(timer, limit: float = 5.0) -> None:
    """countdown(ETA) 작업에 쓰는 타이머 스레드는 최대 1초씩 잠들어 있습니다. 공개 API 인 stop()(멈춤 표시 후
    끝나기를 기다림)을 다른 스레드에서 부르고, 기다리는 동안 공개 조건 변수 not_empty 로 깨워 바로 끝나게 합니다."""
    if not (isinstance(timer, ThreadTimer) and timer.running):  # Redis 브로커면 이벤트 루프 타이머라 해당 없음
        return
    stopper = threading.Thread(target=timer.stop, name="labkit-timer-stop", daemon=True)
    stopper.start()
    deadline = time.monotonic() + limit
    while stopper.is_alive() and time.monotonic() < deadline:
        with timer.not_empty:
            timer.not_empty.notify_all()
        stopper.join(0.01)


@contextlib.contextmanager
def running_worker(app: Celery, concurrency: int = 4, hostname: str = "worker1@lab") -> Iterator:
    """threads 풀(작업마다 스레드 하나)을 쓰는 워커. ``yield``하는 것은 워커 객체입니다."""
    logging.getLogger("celery").setLevel(logging.CRITICAL)  # 실습 출력에 워커 로그가 섞이지 않게
    worker = None
    try:
        with start_worker(
            app, pool="threads", concurrency=concurrency, perform_ping_check=False, hostname=hostname
        ) as worker:
            try:
                yield worker
            finally:
                _stop_timer(worker.timer)
                state.should_terminate = 0  # 다음 루프에서 멈추라고 표시하고, 빈 메시지로 대기를 깨웁니다.
                for _ in range(2):  # 워커 루프는 멈추기 전에 한 번 더 기다리므로 두 번(안 깨우면 최대 2초씩 대기)
                    app.send_task("labkit.wake")
    finally:
        if worker is not None:
            worker.pool.executor.shutdown(wait=True, cancel_futures=True)  # 작업 스레드도 정리


def _answers_ping(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:  # 아직 listen 전
        return False


@contextlib.contextmanager
def redis_server(program: str = "redis-server") -> Iterator[str]:
    """``redis://127.0.0.1:<port>``를 yield합니다. 저장(RDB/AOF) 없이 메모리에만 둡니다."""
    with lab_dir() as root:
        port = free_port()
        cmd = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        cmd += ["--dir", str(root)]
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
        with running(cmd, log=root / "redis.log", ready=lambda: _answers_ping(client)), contextlib.closing(client):
            yield f"redis://127.0.0.1:{port}"
