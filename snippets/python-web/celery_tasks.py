"""Celery 기본: 작업을 브로커에 넣고(delay), 워커 스레드들이 꺼내 실행하고, 결과는 결과 백엔드에서 받습니다.

브로커와 결과 백엔드의 URL은 환경 변수로 바꿀 수 있습니다. 기본은 서버가 필요 없는 메모리 브로커이고,
다음 실습(celery_on_redis.py)이 이 파일을 URL만 Redis로 바꿔 그대로 다시 실행합니다.
"""

import itertools
import os
import threading
import time
from collections import Counter

from labkit.celery_lab import MEMORY_BACKEND, MEMORY_BROKER, make_app, running_worker

BROKER = os.environ.get("LAB_BROKER_URL", MEMORY_BROKER)
BACKEND = os.environ.get("LAB_RESULT_BACKEND", MEMORY_BACKEND)
app = make_app("shop", broker=BROKER, backend=BACKEND)
attempt_times: list[float] = []  # 결제 작업이 시도된 시각들


@app.task
def make_thumbnail(photo_id: int) -> dict:
    """무거운 작업 흉내(0.2초). 어느 워커 스레드에서 실행됐는지 돌려줍니다."""
    if photo_id < 0:
        raise ValueError(f"없는 사진: {photo_id}")
    time.sleep(0.2)
    return {"photo": photo_id, "thread": threading.current_thread().name}


@app.task(bind=True, max_retries=3)
def call_payment_api(self, order_id: str) -> str:
    """외부 결제 API 호출 흉내: 처음 두 번은 일시 장애라 지수 백오프(0.1초, 0.2초)로 다시 시도합니다."""
    attempt_times.append(time.perf_counter())
    if len(attempt_times) <= 2:
        delay = 0.1 * 2**self.request.retries
        raise self.retry(exc=ConnectionError("결제 서버 일시 장애"), countdown=delay)
    return f"{order_id} 결제 완료 (시도 {self.request.retries + 1}번째)"


print(f"브로커 {BROKER.split('://')[0]}://…, 결과 백엔드 {BACKEND.split('://')[0]}://…, 워커 스레드 4개")
with running_worker(app, concurrency=4):
    started = time.perf_counter()
    pending = [make_thumbnail.delay(n) for n in range(8)]  # 브로커에 넣고 곧바로 돌아옵니다
    enqueued = time.perf_counter() - started
    thumbnails = [result.get(timeout=10, interval=0.02) for result in pending]  # 결과 백엔드를 0.02초마다 확인
    finished = time.perf_counter() - started

    failing = make_thumbnail.delay(-1)
    try:
        failing.get(timeout=10, interval=0.02)
    except ValueError as error:
        failure = f"{type(error).__name__}: {error}"

    payment = call_payment_api.delay("order-7").get(timeout=10, interval=0.02)

by_thread = Counter(item["thread"] for item in thumbnails)
print(f"작업 8개 넣기: {enqueued * 1000:.1f} ms → 모두 끝남: {finished:.2f}초 (순서대로면 1.6초)")
print(f"스레드별 처리 수: {dict(sorted(by_thread.items()))}")
print(f"실패한 작업의 get(): {failure} (상태 {failing.state})")
gaps = [f"{(b - a):.2f}초" for a, b in itertools.pairwise(attempt_times)]
print(f"재시도: {payment}, 시도 간격 {gaps}")

assert [item["photo"] for item in thumbnails] == list(range(8)), "결과는 작업마다 따로 돌아옴"
assert len(by_thread) >= 2, "여러 워커 스레드가 나눠 처리"
assert failing.state == "FAILURE" and failure == "ValueError: 없는 사진: -1", "예외도 결과 백엔드를 거쳐 옴"
assert payment == "order-7 결제 완료 (시도 3번째)" and len(attempt_times) == 3
