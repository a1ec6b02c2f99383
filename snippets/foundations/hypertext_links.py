"""하이퍼텍스트: 링크로 서로 이어진 문서들. 클라이언트가 링크를 따라가며 서버에 요청합니다.

서버는 HTML 문서 세 개와 JSON, PNG 이미지를 내줍니다. 클라이언트(작은 크롤러)는 첫 페이지만
알고 시작해서, 받은 HTML 속의 <a href>와 <img src>를 따라 나머지를 찾아냅니다.
"""

import json
from html.parser import HTMLParser

from labkit.net_lab import http11_server, http_request

# 1×1 픽셀 PNG 이미지(파란 점 하나)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63b00fdcfa1f00045d02453048c3ec"
    "0000000049454e44ae426082"
)
SITE = {
    "/": ("text/html", '<h1>노트</h1><a href="/tcp.html">TCP</a> <a href="/ip.html">IP</a> <img src="/logo.png">'),
    "/tcp.html": (
        "text/html",
        '<p>TCP는 <a href="/ip.html">IP</a> 위에서 동작합니다. <a href="/api/notes.json">목록(JSON)</a></p>',
    ),
    "/ip.html": ("text/html", '<p>IP 주소 이야기. <a href="/">처음으로</a></p>'),
    "/api/notes.json": ("application/json", json.dumps({"notes": ["tcp", "ip"]})),
    "/logo.png": ("image/png", PNG),
}


def app(environ, start_response):
    """서버: 경로에 맞는 표현(representation)을 Content-Type과 함께 돌려줍니다."""
    found = SITE.get(environ["PATH_INFO"])
    if found is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    media_type, body = found
    body = body if isinstance(body, bytes) else body.encode()
    charset = "; charset=utf-8" if media_type.startswith("text/") else ""
    start_response("200 OK", [("Content-Type", media_type + charset)])
    return [body]


class LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "img" and "src" in attrs:
            self.links.append(attrs["src"])


with http11_server(app) as (host, port):
    to_visit, visited = ["/"], {}
    while to_visit:
        path = to_visit.pop(0)
        if path in visited:
            continue
        reply = http_request(host, port, "GET", path)  # 클라이언트의 요청 하나
        status, media_type, body = reply.status, reply.headers["Content-Type"], reply.body
        links = []
        if media_type.startswith("text/html"):
            finder = LinkFinder()
            finder.feed(body.decode())
            links = finder.links
            to_visit += links
        visited[path] = (status, media_type)
        print(f"GET {path:<16} → {status} {media_type:<24} {len(body):>3}바이트  링크 {links}")

media_types = {media_type.split(";")[0] for _, media_type in visited.values()}
print(f"\n첫 주소 하나에서 시작해 자원 {len(visited)}개를 찾았습니다. 받은 형식: {sorted(media_types)}")
assert set(visited) == set(SITE), "링크만 따라가서 모든 자원에 닿았습니다"
assert all(status == 200 for status, _ in visited.values())
assert media_types == {"text/html", "application/json", "image/png"}, "HTTP는 HTML만 나르지 않습니다"
print("확인: 문서는 링크로 이어져 있고(하이퍼텍스트), HTTP는 HTML·JSON·이미지를 똑같이 나릅니다.")
