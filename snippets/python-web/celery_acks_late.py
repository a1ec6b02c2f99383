"""acks_late와 멱등성: 브로커가 같은 메시지를 다시 주면 작업이 두 번 실행됩니다.

결제 작업이 돈을 빼간(부작용) 직후, ack를 보내기 전에 워커가 죽었다고 합시다. 실습에서는 첫 실행이
``Reject(requeue=True)``로 메시지를 ack 없이 브로커에 돌려보내 그 상황을 만듭니다. 실제로는 워커가
통째로 죽거나(전원 장애, SIGKILL) 브로커와의 연결이 끊겨 ack가 오지 않을 때 브로커가 같은 일을 합니다.

* 늦은 ack(acks_late=True): 메시지가 다시 배달되어 작업이 한 번 더 실행됩니다(최소 한 번).
  멱등성 키가 없으면 결제가 두 번, 있으면 한 번입니다.
* 이른 ack(기본값): 실행 전에 ack했으므로 되돌릴 메시지가 없습니다. 작업은 유실됩니다(최대 한 번).
"""

import threading
import time
from collections import Counter, defaultdict

from celery.exceptions import Reject

from labkit.celery_lab import make_app, running_worker

app = make_app("payments")
deliveries = Counter()  # 작업 ID별로 워커가 실행한 횟수
delivered_at = defaultdict(list)  # 작업 ID별 배달 시각
ledger: list[str] = []  # 실제로 일어난 결제(부작용)
processed_keys: set[str] = set()  # 멱등성 키 저장소(실서비스라면 DB의 UNIQUE 제약이나 Redis SET NX)
done = threading.Event()


def count_delivery(task) -> int:
    """이 메시지가 워커에 몇 번째로 배달됐는지 셉니다."""
    deliveries[task.request.id] += 1
    delivered_at[task.request.id].append(time.monotonic())
    return deliveries[task.request.id]


def crash_if_first(delivery: int) -> None:
    """첫 배달에서만: ack 없이 메시지를 브로커에 돌려보냅니다(= ack 전에 워커가 죽은 상황)."""
    if delivery == 1:
        raise Reject("ack 전에 워커가 죽음", requeue=True)


@app.task(bind=True, acks_late=True)
def charge(self, order_id: str) -> str:
    delivery = count_delivery(self)
    ledger.append(order_id)  # 부작용(결제)을 먼저 하고
    crash_if_first(delivery)  # ack 전에 죽음
    return "ok"


@app.task(bind=True, acks_late=True)
def charge_once(self, order_id: str, idempotency_key: str) -> str:
    delivery = count_delivery(self)
    if idempotency_key in processed_keys:  # 이미 처리한 요청이면 부작용 없이 성공으로 끝냄
        return "이미 처리됨"
    processed_keys.add(idempotency_key)
    ledger.append(order_id)
    crash_if_first(delivery)
    return "ok"


@app.task(bind=True)  # acks_late=False(기본값): 메시지를 받자마자 ack
def charge_early_ack(self, order_id: str) -> str:
    try:
        crash_if_first(count_delivery(self))  # 부작용 전에 죽음
        ledger.append(order_id)
        return "ok"
    finally:
        done.set()


with running_worker(app, concurrency=2):
    plain = charge.delay("order-1")
    plain.get(timeout=5, interval=0.02)
    keyed = charge_once.delay("order-2", idempotency_key="pay-order-2")
    keyed.get(timeout=5, interval=0.02)
    early = charge_early_ack.delay("order-3")
    assert done.wait(5)
    done.clear()
    early_came_back = done.wait(1.0)  # 다시 배달되는지 1초 기다려 봅니다

for label, result, order in [
    ("늦은 ack, 멱등성 키 없음", plain, "order-1"),
    ("늦은 ack + 멱등성 키", keyed, "order-2"),
    ("이른 ack(기본값)", early, "order-3"),
]:
    print(
        f"{label:<16}: 실행 {deliveries[result.id]}번, 결제 {ledger.count(order)}번, 결과 {result.state} {result.result!r}"
    )

assert deliveries[plain.id] == 2 and ledger.count("order-1") == 2, "다시 배달 → 이중 결제"
assert deliveries[keyed.id] == 2 and ledger.count("order-2") == 1 and keyed.result == "이미 처리됨"
assert deliveries[early.id] == 1 and ledger.count("order-3") == 0 and not early_came_back, "이른 ack: 유실"
assert early.state == "PENDING" and early.result is None, "결과는 끝까지 PENDING"
redelivery = delivered_at[plain.id][1] - delivered_at[plain.id][0]
assert redelivery < 1.0, "늦은 ack의 재배달은 1초 안에 왔으므로, 이른 ack에서 1초를 기다린 것은 충분합니다"
