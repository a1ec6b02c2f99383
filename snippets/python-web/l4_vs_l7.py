"""같은 nginx 안의 L4 프록시(stream)와 L7 프록시(http)에 똑같은 요청 바이트를 보내 봅니다.

백엔드 둘(api, web)은 받은 요청 머리를 바이트 그대로 돌려줍니다. 클라이언트는 127.0.0.5에서
접속하므로, 백엔드가 본 상대 주소가 클라이언트인지 프록시인지 구별됩니다.
"""

import json
import socket
from pathlib import Path

from labkit.procs import free_port, lab_dir
from labkit.services import require_loopback
from labkit.web_stack import backend, nginx

CLIENT_ADDRESS = "127.0.0.5"


def request_bytes(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: www.example.test\r\nUser-Agent: lab\r\nConnection: close\r\n\r\n".encode()


def send(port: int, path: str) -> dict:
    """127.0.0.5에서 접속해 요청 하나를 보내고, 백엔드가 돌려준 JSON을 읽습니다."""
    with socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(CLIENT_ADDRESS, 0)) as conn:
        conn.sendall(request_bytes(path))
        with conn.makefile("rb") as response:
            return json.loads(response.read().split(b"\r\n\r\n", 1)[1])


def show_head(label: str, seen: dict) -> None:
    print(f"{label} → 백엔드 {seen['backend']}, 백엔드가 본 상대 주소 {seen['peer']}, 받은 요청 머리:")
    for line in seen["head"].strip().splitlines():
        print("    " + line)


def main() -> None:
    require_loopback(CLIENT_ADDRESS)
    template = (Path(__file__).resolve().parent / "l4_l7.conf").read_text()
    with lab_dir() as root, backend("api") as api, backend("web") as web:
        l4_port, l7_port = free_port(), free_port()
        conf = template.replace("@API@", str(api.port)).replace("@WEB@", str(web.port))
        conf = conf.replace("@L4@", str(l4_port)).replace("@L7@", str(l7_port))
        with nginx(root, conf, ready_url=f"http://127.0.0.1:{l7_port}/ready", modules=("stream",)):
            # 1) 같은 요청 4개씩: L7은 경로를 보고 고르고, L4는 연결마다 차례로 고릅니다
            for label, port in (("L7(http)", l7_port), ("L4(stream)", l4_port)):
                picks = [send(port, path)["backend"] for path in ("/api/users", "/api/users", "/", "/")]
                print(f"{label}: GET /api/users, /api/users, /, / → {' '.join(picks)}")
                if label.startswith("L7"):
                    assert picks == ["api", "api", "web", "web"], "L7은 경로로 백엔드를 고릅니다"
                else:
                    assert picks[0] != picks[1] and picks[2] != picks[3], "L4는 경로를 모르고 연결 단위로 고릅니다"

            # 2) 백엔드에 도착한 바이트: L4는 그대로, L7은 새로 쓴 요청
            through_l4, through_l7 = send(l4_port, "/api/users"), send(l7_port, "/api/users")
            show_head("L4 경유", through_l4)
            show_head("L7 경유", through_l7)
            assert through_l4["head"].encode() == request_bytes("/api/users"), "L4는 한 바이트도 바꾸지 않습니다"
            assert "X-Forwarded-For" not in through_l4["head"], "L4 백엔드는 클라이언트 주소를 알 수 없습니다"
            assert through_l7["head"].startswith("GET /api/users HTTP/1.0\r\n"), "nginx가 HTTP/1.0으로 다시 씀"
            rewritten = [
                "Host: www.example.test",
                f"X-Forwarded-For: {CLIENT_ADDRESS}",
                "Connection: close",
                "User-Agent: lab",
            ]
            assert through_l7["head"].split("\r\n")[1:-2] == rewritten, (
                "nginx의 헤더가 앞에, 클라이언트의 나머지가 뒤에"
            )
            assert through_l4["peer"] == through_l7["peer"] == "127.0.0.1" != CLIENT_ADDRESS, "둘 다 프록시가 접속"


if __name__ == "__main__":
    main()
