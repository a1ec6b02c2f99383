"""같은 celery_tasks.py를 URL만 바꿔, 진짜 Redis를 브로커(DB 0)와 결과 백엔드(DB 1)로 써서 다시 실행합니다.

redis-server는 빈 루프백 포트에서 디스크 저장 없이 돕니다. 실행이 끝난 뒤 Redis 안에 남은
결과 키(celery-task-meta-<작업 ID>)를 직접 세어, 결과가 정말 Redis를 거쳤는지 확인합니다.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import redis

from labkit.celery_lab import redis_server
from labkit.services import require_program

program = require_program("redis-server")
tasks_lab = Path(__file__).with_name("celery_tasks.py")

with redis_server(program) as url:
    env = {**os.environ, "LAB_BROKER_URL": f"{url}/0", "LAB_RESULT_BACKEND": f"{url}/1"}
    child = subprocess.run([sys.executable, str(tasks_lab)], env=env, capture_output=True, text=True, timeout=60)
    print(child.stdout + child.stderr, end="")
    with redis.Redis.from_url(f"{url}/1") as backend:
        result_keys = backend.keys("celery-task-meta-*")
        states = sorted({json.loads(backend.get(key))["status"] for key in result_keys})  # 결과는 JSON

print(f"Redis DB 1(결과 백엔드)의 celery-task-meta-* 키 {len(result_keys)}개, 상태 {states}")
assert child.returncode == 0, "같은 코드가 Redis로도 통과"
assert len(result_keys) == 10 and states == ["FAILURE", "SUCCESS"], "작업 10개(썸네일 8, 실패 1, 결제 1)의 결과"
