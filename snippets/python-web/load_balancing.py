"""nginx 로드 밸런서 하나, 백엔드 셋(A, B, C): 라운드 로빈, least_conn, 백엔드가 죽었을 때.

백엔드는 자기 이름을 답하는 작은 HTTP 서버입니다. 설정은 load_balancing.conf 그대로입니다.
"""

import contextlib
import json
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from labkit.procs import fetch, free_port, lab_dir
from labkit.web_stack import backend, nginx


def who(url: str) -> str:
    """요청 하나를 보내고, 답한 백엔드 이름(5xx면 상태 코드)을 돌려줍니다."""
    status, _, body = fetch(url, timeout=5)
    return json.loads(body)["backend"] if status == 200 else str(status)


def holding_slow_request(*boxes):
    """느린 요청이 도착한 백엔드를 기다려 돌려줍니다(최대 3초)."""
    give_up = time.monotonic() + 3
    while time.monotonic() < give_up:
        for box in boxes:
            if box.arrived.is_set():
                return box
        time.sleep(0.01)
    raise TimeoutError("느린 요청이 어느 백엔드에도 도착하지 않았습니다")


def main() -> None:
    template = (Path(__file__).resolve().parent / "load_balancing.conf").read_text()
    with lab_dir() as root, backend("A") as a, backend("B") as b, contextlib.ExitStack() as c_alive:
        c = c_alive.enter_context(backend("C"))
        lb_port = free_port()
        conf = template.replace("@LB@", str(lb_port))
        for box in (a, b, c):
            conf = conf.replace(f"@{box.name}@", str(box.port))
        lb = f"http://127.0.0.1:{lb_port}"
        with nginx(root, conf, ready_url=lb + "/"), ThreadPoolExecutor(1) as pool:
            # 1) 라운드 로빈: 차례대로 돌아가며
            order = [who(f"{lb}/rr/{i}") for i in range(6)]
            print("라운드 로빈, 요청 6개 →", " ".join(order))
            assert order == ["A", "B", "C"] * 2 and Counter(order) == {"A": 2, "B": 2, "C": 2}

            # 2) least_conn vs 라운드 로빈: 오래 걸리는 요청 하나가 백엔드 하나를 붙잡고 있을 때
            for method, path in (("least_conn", "least"), ("라운드 로빈", "pair")):
                pinned = pool.submit(who, f"{lb}/{path}/slow")  # 백엔드가 놓아 줄 때까지 안 끝남
                busy = holding_slow_request(a, b)
                quick = [who(f"{lb}/{path}/fast{i}") for i in range(4)]
                busy.release.set()
                print(f"{method}: 느린 요청이 {busy.name}를 붙잡은 동안 짧은 요청 4개 → {' '.join(quick)}")
                assert pinned.result(timeout=5) == busy.name
                if method == "least_conn":
                    assert busy.name not in quick, "처리 중인 요청이 적은 쪽으로만 갑니다"
                else:
                    assert busy.name in quick, "라운드 로빈은 붙잡혀 있는지 보지 않고 차례대로 보냅니다"
                busy.arrived.clear()
                busy.release.clear()

            # 3) C를 멈춤: nginx는 요청을 보내 보고 나서야 압니다(수동 상태 검사)
            c_alive.close()
            no_retry = [who(f"{lb}/no-retry/{i}") for i in range(6)]
            print("C 멈춤, proxy_next_upstream off →", " ".join(no_retry))
            assert no_retry == ["A", "B", "502", "A", "B", "A"], "C에 간 요청 하나만 502, 그 뒤 10초 동안 C를 뺌"

            with_retry = [who(f"{lb}/retry/{i}") for i in range(9)]
            print("C 멈춤, 기본값(다음 서버로 재시도) →", " ".join(with_retry))
            assert set(with_retry) == {"A", "B"}, "클라이언트는 5xx를 한 번도 받지 않습니다"

        log = (root / "logs/error.log").read_text()
        refused = len(re.findall(r"connect\(\) failed .* request: \"GET /retry/", log))
        disabled = len(re.findall(r"upstream server temporarily disabled .* request: \"GET /retry/", log))
        print(f"nginx 오류 로그(/retry/): C 연결 실패 {refused}번, '잠시 사용 중지' 표시 {disabled}번")
        assert refused == 2 and disabled == 1, "max_fails=2: 두 번 실패하면 fail_timeout 동안 C를 빼고 보냄"


if __name__ == "__main__":
    main()
