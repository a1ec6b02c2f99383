"""Celery 기본: 작업을 브로커에 넣고(delay), 워커 스레드들이 꺼내 실행하고, 결과는 결과 백엔드에서 받습니다.

브로커와 결과 백엔드의 URL은 환경 변수로 바꿀 수 있습니다. 기본은 서버가 필요 없는 메모리 브로커이고,
다음 실습(celery_on_redis.py)이 이 파일을 URL만 Redis로 바꿔 그대로 다시 실행합니다.
"""

import itertools
import os
import threading
import time

from labkit.celery_lab import MEMORY_BACKEND, MEMORY_BROKER, make_app, running_worker
from labkit.expect import expect_error

BROKER = os.environ.get("LAB_BROKER_URL", MEMORY_BROKER)
BACKEND = os.environ.get("LAB_RESULT_BACKEND", MEMORY_BACKEND)
app = make_app("shop", broker=BROKER, backend=BACKEND)
attempt_times: list[float] = []  # 결제 작업이 시도된 시각들
busy = {"now": 0, "peak": 0}  # 썸네일 작업: 지금 실행 중인 수, 동시에 실행된 최대 수
lock = threading.Lock()


@app.task
def make_thumbnail(photo_id: int) -> dict:
    """무거운 작업 흉내(0.2초). 동시에 몇 개가 실행 중인지 셉니다."""
    if photo_id < 0:
        raise ValueError(f"없는 사진: {photo_id}")
    with lock:
        busy["now"] += 1
        busy["peak"] = max(busy["peak"], busy["now"])
    time.sleep(0.2)
    with lock:
        busy["now"] -= 1
    return {"photo": photo_id}


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
    first = make_thumbnail.delay(0)  # 브로커에 넣고 곧바로 돌아옵니다
    first_state = first.state  # 0.2초짜리 작업: delay()가 실행을 기다렸다면 이미 SUCCESS일 것입니다
    pending = [first] + [make_thumbnail.delay(n) for n in range(1, 8)]
    enqueued = time.perf_counter() - started
    thumbnails = [result.get(timeout=10, interval=0.02) for result in pending]  # 결과 백엔드를 0.02초마다 확인
    finished = time.perf_counter() - started

    failing = make_thumbnail.delay(-1)
    with expect_error(ValueError) as raised:  # 워커에서 난 예외가 get()에서 다시 일어납니다
        failing.get(timeout=10, interval=0.02)
    failure = f"{type(raised.error).__name__}: {raised.error}"

    payment = call_payment_api.delay("order-7").get(timeout=10, interval=0.02)

gaps = [b - a for a, b in itertools.pairwise(attempt_times)]
print(
    f"작업 8개 넣기: {enqueued * 1000:.1f} ms (넣자마자 본 첫 작업의 상태 {first_state}) → 모두 끝남: {finished:.2f}초"
)
print(f"동시에 실행된 썸네일 작업: 최대 {busy['peak']}개 (한 번에 하나씩이었다면 적어도 {8 * 0.2:.1f}초)")
print(f"실패한 작업의 get(): {failure} (상태 {failing.state})")
print(f"재시도: {payment}, 시도 간격 {[f'{gap:.2f}초' for gap in gaps]}")

assert [item["photo"] for item in thumbnails] == list(range(8)), "결과는 작업마다 따로 돌아옴"
assert first_state == "PENDING", "delay()는 작업이 끝나기를 기다리지 않고 돌아옵니다"
assert 2 <= busy["peak"] <= 4 and finished >= 8 * 0.2 / 4, "워커 스레드 4개가 동시에 나눠 처리"
assert failing.state == "FAILURE" and failure == "ValueError: 없는 사진: -1", "예외도 결과 백엔드를 거쳐 옴"
assert payment == "order-7 결제 완료 (시도 3번째)" and len(attempt_times) == 3
assert gaps[0] >= 0.1 and gaps[1] >= 0.2, "재시도는 countdown(0.1초, 0.2초)보다 먼저 오지 않습니다"
