"""같은 자료를 HTML 페이지와 JSON으로: DRF 없이 장고만으로 둘 다 응답합니다.

    GET  /posts       → 템플릿으로 그린 HTML 페이지 전체 (브라우저가 화면을 통째로 바꿀 때)
    GET  /api/posts   → JsonResponse, 자료만 (페이지 안의 fetch()가 일부만 바꿀 때)
    POST /api/posts   → 201 + 새 글 하나의 JSON (fetch()로 글을 추가할 때)

HTTP가 나르는 것은 파이썬 dict가 아니라 바이트입니다. 두 응답의 Content-Type과 본문 바이트를 비교합니다.
"""

import json
import sys

from labkit import django_lab

django_lab.setup(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])

from django.http import HttpResponse, JsonResponse  # JsonResponse는 장고 1.7부터 있습니다
from django.template import engines
from django.urls import path

POSTS = [{"id": 1, "title": "첫 글", "author": "앨리스"}, {"id": 2, "title": "둘째 글", "author": "밥"}]

PAGE = engines["django"].from_string("""<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><title>게시판</title><link rel="stylesheet" href="/static/site.css"></head>
<body>
  <nav><a href="/">홈</a> · <a href="/posts">게시판</a></nav>
  <h1>게시판</h1>
  <ul id="posts">{% for post in posts %}
    <li>{{ post.title }} — {{ post.author }}</li>{% endfor %}
  </ul>
  <script src="/static/posts.js"></script>
</body>
</html>""")


def posts_page(request):
    """전통적인 응답: 자료를 템플릿에 채운 HTML 문서 전체."""
    return HttpResponse(PAGE.render({"posts": POSTS}, request))


def posts_api(request):
    """API 응답: 같은 자료를 JSON 텍스트(UTF-8 바이트)로. POST면 글을 추가합니다."""
    if request.method == "POST":
        post = {"id": len(POSTS) + 1, **json.loads(request.body)}
        POSTS.append(post)
        return JsonResponse(post, status=201, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"posts": POSTS}, json_dumps_params={"ensure_ascii": False})


urlpatterns = [path("posts", posts_page), path("api/posts", posts_api)]


def show(request_line: str, response) -> None:
    """응답의 상태, Content-Type, 본문 크기와 본문 전체를 찍습니다."""
    content_type = response.headers["content-type"]
    print(f"→ {request_line}\n← {response.status_code}  Content-Type: {content_type}  ({len(response.content)}바이트)")
    for line in response.content.decode("utf-8").splitlines():
        print(f"   {line}")


with django_lab.serve() as base_url, django_lab.client(base_url) as http:
    page = http.get("/posts")
    show("GET /posts", page)
    data = http.get("/api/posts")
    show("GET /api/posts", data)
    added = http.post("/api/posts", json={"title": "셋째 글", "author": "캐럴"})
    show('POST /api/posts {"title": "셋째 글", "author": "캐럴"}', added)

utf8_title = "첫 글".encode()
print(f"'첫 글'은 본문 안에서 UTF-8 바이트 {utf8_title!r} 로 실려 갑니다.")

assert page.headers["content-type"] == "text/html; charset=utf-8" and "<li>첫 글 — 앨리스</li>" in page.text
assert data.headers["content-type"] == "application/json"
assert data.json() == {"posts": POSTS[:2]} and utf8_title in data.content
assert added.status_code == 201 and added.json() == {"id": 3, "title": "셋째 글", "author": "캐럴"}
assert len(page.content) > 2 * len(data.content), "JSON은 HTML의 절반도 안 됩니다: HTML은 문서 전체를 싣습니다"
assert "rest_framework" not in sys.modules, "DRF 없이 장고만으로 JSON을 응답했습니다"
print("확인: 같은 자료가 HTML 문서와 JSON으로 응답되었고, DRF는 한 번도 import되지 않았습니다.")
