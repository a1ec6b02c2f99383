"""캐시는 GET 응답을 저장하고 POST 응답은 저장하지 않습니다: nginx 캐시 프록시로 확인합니다.

백엔드는 GET과 POST 모두에 ``Cache-Control: max-age=60``(명시적 신선도)과, 요청 대상과 같은
``Content-Location``을 붙입니다. RFC 9110 §9.3.3이 POST 응답을 캐시할 수 있다고 하는 조건을 다 갖춘 셈입니다.

* 기본 설정의 nginx(``proxy_cache_methods``의 기본값은 GET HEAD): GET 두 번 → 백엔드는 한 번만 받습니다.
  POST 두 번 → 두 번 다 백엔드에 갑니다.
* 대조 실험: POST까지 캐시하도록 바꾼 nginx에서는 내용이 다른 두 번째 주문이 캐시된 첫 주문의 답을
  받고, 백엔드에는 도착하지도 않습니다. POST에 캐시된 응답으로 답하면 안 되는 이유입니다.
"""

from labkit.net_lab import http11_server
from labkit.nginx_lab import nginx_running
from labkit.procs import fetch, free_port, lab_dir

received: list[str] = []  # 백엔드가 실제로 받은 요청


def backend(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
    received.append(f"{method} {path} {body}".rstrip())
    text = f"오늘의 메뉴 (백엔드 응답 #{len(received)})" if method == "GET" else f"주문 #{len(received)} 접수: {body}"
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "max-age=60")]
    start_response("200 OK", headers + [("Content-Location", path)])
    return [text.encode()]


HTTP_CONF = """
    proxy_cache_path cache keys_zone=lab:1m;
    server {                                   # 기본 설정의 캐시 프록시
        listen 127.0.0.1:@DEFAULT@;
        location / {
            proxy_pass http://127.0.0.1:@BACKEND@;
            proxy_cache lab;
            add_header X-Cache-Status $upstream_cache_status always;
        }
    }
    server {                                   # 대조 실험: POST까지 캐시 (하면 안 되는 설정)
        listen 127.0.0.1:@POST_CACHE@;
        location / {
            proxy_pass http://127.0.0.1:@BACKEND@;
            proxy_cache lab;
            proxy_cache_methods GET HEAD POST;
            proxy_cache_key $request_method$request_uri;
            add_header X-Cache-Status $upstream_cache_status always;
        }
    }
"""


def send(base: str, method: str, path: str, body: str | None = None) -> tuple[str, str]:
    status, headers, reply = fetch(base + path, data=body.encode() if body is not None else None)
    assert status == 200
    cache = headers.get("X-Cache-Status") or "(캐시를 보지 않음)"
    what = f"{method} {path}" + (f" [{body}]" if body else "")
    print(f"  {what} → {reply.decode()} | 캐시: {cache}")
    return reply.decode(), cache


with http11_server(backend) as (_, backend_port), lab_dir() as root:
    ports = {"@DEFAULT@": free_port(), "@POST_CACHE@": free_port(), "@BACKEND@": backend_port}
    conf = HTTP_CONF
    for placeholder, port in ports.items():
        conf = conf.replace(placeholder, str(port))
    default, post_cache = (f"http://127.0.0.1:{ports[name]}" for name in ("@DEFAULT@", "@POST_CACHE@"))
    with nginx_running(root, conf, ready=default + "/ready"):
        received.clear()
        print("기본 설정의 nginx 캐시:")
        first_get, second_get = send(default, "GET", "/menu"), send(default, "GET", "/menu")
        first_post, second_post = send(default, "POST", "/orders", "라테"), send(default, "POST", "/orders", "라테")
        by_default = list(received)

        received.clear()
        print("대조 실험: POST도 캐시하는 nginx:")
        mine, theirs = send(post_cache, "POST", "/orders", "라테"), send(post_cache, "POST", "/orders", "녹차")
        with_post_cache = list(received)

print("기본 설정에서 백엔드가 받은 요청:", by_default)
print("POST를 캐시할 때 백엔드가 받은 요청:", with_post_cache)
assert (first_get[1], second_get[1]) == ("MISS", "HIT") and first_get[0] == second_get[0]
assert by_default.count("GET /menu") == 1, "두 번째 GET은 캐시가 답했습니다"
assert by_default.count("POST /orders 라테") == 2, "POST는 두 번 다 백엔드에 갔습니다"
assert first_post[1] == second_post[1] == "(캐시를 보지 않음)" and first_post[0] != second_post[0]
assert (mine[1], theirs[1]) == ("MISS", "HIT") and "라테" in theirs[0], "녹차 주문에 라테 주문의 답이 왔습니다"
assert with_post_cache == ["POST /orders 라테"], "녹차 주문은 백엔드에 도착하지 않았습니다"
print("확인: GET 응답은 캐시가 재사용했고, POST는 매번 서버까지 갔습니다. POST를 캐시하면 주문이 사라집니다.")
