"""응답을 잃어버렸을 때 다시 보내도 되는가: GET과 POST (RFC 9110 §9.2.2).

주문 서버는 요청을 처리한 뒤, 응답을 보내기 전에 연결이 끊깁니다(모바일 회선 끊김, 게이트웨이
시간 초과 흉내). 클라이언트는 널리 쓰이는 urllib3(requests가 쓰는 라이브러리)의 ``Retry``입니다.

1. GET은 멱등이므로 urllib3가 알아서 다시 보냅니다. 두 번 처리되어도 서버 상태는 그대로입니다.
2. POST는 멱등이 아니므로 urllib3가 다시 보내지 않고 오류를 냅니다. 그런데 서버는 이미 처리했습니다.
3. 사람이 무작정 다시 보내면 주문이 두 건이 됩니다.
4. ``Idempotency-Key``로 서버가 중복을 알아보게 하면, 다시 보내도 한 건입니다.
"""

import http.server
import json

import urllib3
from urllib3.util.retry import Retry

from labkit.expect import expect_error
from labkit.servers import serving

orders: list[str] = []  # 서버 상태: 접수된 주문
order_for_key: dict[str, int] = {}  # Idempotency-Key → 그 키로 만든 주문 번호
handled: list[str] = []  # 서버가 처리한 요청의 메서드
lose = {"responses": 0}  # 앞으로 잃어버릴 응답 수


class OrderHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        handled.append("GET")
        self.reply({"orders": len(orders)})

    def do_POST(self) -> None:
        handled.append("POST")
        item = self.rfile.read(int(self.headers["Content-Length"])).decode()
        key = self.headers.get("Idempotency-Key")
        if key in order_for_key:  # 이미 처리한 요청: 새로 만들지 않고 같은 결과를 돌려줍니다
            self.reply({"order": order_for_key[key]})
            return
        orders.append(item)
        if key:
            order_for_key[key] = len(orders)
        self.reply({"order": len(orders)})

    def reply(self, data: dict) -> None:
        if lose["responses"]:  # 처리는 끝났지만, 응답을 보내기 전에 연결이 끊깁니다
            lose["responses"] -= 1
            self.close_connection = True
            return
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def report(step: str, before: int, result: str) -> None:
    print(
        f"{step}\n   서버가 처리한 요청: {' '.join(handled[before:])} | 클라이언트가 받은 것: {result} | 주문 {len(orders)}건"
    )


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OrderHandler)
server.daemon_threads = True
with serving(server):
    retry = Retry(total=2, backoff_factor=0)  # 기본값: 멱등 메서드만 다시 보냅니다
    pool = urllib3.HTTPConnectionPool("127.0.0.1", server.server_address[1], retries=retry, timeout=3)
    print("urllib3가 자동으로 다시 보내는 메서드:", ", ".join(sorted(Retry.DEFAULT_ALLOWED_METHODS)))

    # 1) GET: 첫 응답을 잃어버림 → urllib3가 다시 보냄
    lose["responses"], mark = 1, len(handled)
    response = pool.request("GET", "/orders")
    report("1) GET, 첫 응답 잃음", mark, f"{response.status} {response.data.decode()}")
    gets, orders_after_get = handled[mark:], len(orders)

    # 2) POST: 첫 응답을 잃어버림 → urllib3는 다시 보내지 않음
    lose["responses"], mark = 1, len(handled)
    with expect_error(urllib3.exceptions.ProtocolError) as failure:
        pool.request("POST", "/orders", body="아메리카노")
    report("2) POST, 응답 잃음", mark, type(failure.error).__name__)
    after_lost_post = len(orders)

    # 3) 사람이 "실패했나 보다" 하고 같은 POST를 다시 보냄
    mark = len(handled)
    response = pool.request("POST", "/orders", body="아메리카노")
    report("3) 같은 POST를 손으로 재전송", mark, f"{response.status} {response.data.decode()}")
    after_manual_retry = list(orders)

    # 4) Idempotency-Key를 붙이고, 이번에는 POST도 자동으로 다시 보내게 설정
    keyed = Retry(total=2, backoff_factor=0, allowed_methods=Retry.DEFAULT_ALLOWED_METHODS | {"POST"})
    lose["responses"], mark, count = 1, len(handled), len(orders)
    response = pool.request("POST", "/orders", body="라테", headers={"Idempotency-Key": "order-7f3a"}, retries=keyed)
    report("4) POST + Idempotency-Key", mark, f"{response.status} {response.data.decode()}")
    keyed_posts, keyed_created = handled[mark:], len(orders) - count
    pool.close()

assert "POST" not in Retry.DEFAULT_ALLOWED_METHODS and "GET" in Retry.DEFAULT_ALLOWED_METHODS
assert gets == ["GET", "GET"] and orders_after_get == 0, "GET은 두 번 처리되었지만 상태는 그대로입니다"
assert after_lost_post == 1, "클라이언트는 오류를 받았지만 서버는 주문을 이미 접수했습니다"
assert after_manual_retry == ["아메리카노", "아메리카노"], "손으로 다시 보낸 POST가 주문을 하나 더 만들었습니다"
assert keyed_posts == ["POST", "POST"] and keyed_created == 1, "같은 키의 재전송은 새 주문을 만들지 않습니다"
assert json.loads(response.data) == {"order": 3}, "재전송에도 처음 만든 주문 번호가 돌아옵니다"
print("확인: GET 재전송은 상태를 바꾸지 않았고, 키 없는 POST 재전송은 주문을 두 번 만들었습니다.")
