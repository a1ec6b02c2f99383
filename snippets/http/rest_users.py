"""REST API 한 바퀴: Django REST Framework로 만든 /users 자원을 진짜 HTTP 소켓으로 다룹니다.

    POST   /users     → 201 Created + Location      (새 자원 만들기)
    GET    /users/1   → 200 OK                      (읽기)
    PUT    /users/1   → 200 OK                      (통째로 바꾸기, 두 번 해도 결과가 같음)
    DELETE /users/1   → 204 No Content              (삭제)
    GET    /users/1   → 404 Not Found               (삭제 뒤)
    POST   /users     → 400 Bad Request + 오류 본문  (검증 실패)

저장소는 파이썬 dict입니다. DB를 쓰든 안 쓰든 HTTP 인터페이스는 똑같습니다.
"""

import json

from labkit import django_lab
from labkit.expect import expect_status

django_lab.setup(
    apps=["rest_framework"],  # DRF의 번역 파일(한국어 오류 메시지)을 쓰려고 등록
    LANGUAGE_CODE="ko",
    REST_FRAMEWORK={
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_AUTHENTICATION_CLASSES": [],  # 인증은 이 실습의 주제가 아닙니다
        "DEFAULT_PERMISSION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    },
)

from rest_framework import serializers, status, viewsets  # setup() 뒤에 import
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

USERS: dict[int, dict] = {}  # id → 사용자. 실제 서비스라면 DB 테이블


class UserSerializer(serializers.Serializer):
    """들어오는 JSON을 검증하고, 나가는 dict의 모양을 정합니다."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=30)
    email = serializers.EmailField()


class UserViewSet(viewsets.ViewSet):
    """메서드 + 경로 조합마다 함수 하나. 라우터가 URL을 만들어 줍니다."""

    def find(self, pk: str) -> dict:
        if not pk.isdigit() or int(pk) not in USERS:
            raise NotFound()  # → 404
        return USERS[int(pk)]

    def list(self, request):  # GET /users
        return Response(list(USERS.values()))

    def create(self, request):  # POST /users
        serializer = UserSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)  # 실패하면 400과 필드별 오류
        user = {"id": max(USERS, default=0) + 1, **serializer.validated_data}
        USERS[user["id"]] = user
        return Response(user, status=status.HTTP_201_CREATED, headers={"Location": f"/users/{user['id']}"})

    def retrieve(self, request, pk=None):  # GET /users/1
        return Response(self.find(pk))

    def update(self, request, pk=None):  # PUT /users/1
        user = self.find(pk)
        serializer = UserSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user.update(serializer.validated_data)
        return Response(user)

    def destroy(self, request, pk=None):  # DELETE /users/1
        del USERS[self.find(pk)["id"]]
        return Response(status=status.HTTP_204_NO_CONTENT)


router = DefaultRouter(trailing_slash=False)
router.register("users", UserViewSet, basename="user")
urlpatterns = router.urls  # 장고가 첫 요청 때 이 모듈(__main__)에서 읽습니다


def call(http, method: str, path: str, body: dict | None = None):
    """요청 한 줄, 응답 한 줄을 찍고 응답을 돌려줍니다."""
    response = http.request(method, path, json=body)
    sent = " " + json.dumps(body, ensure_ascii=False) if body else ""
    location = f"  Location: {response.headers['location']}" if "location" in response.headers else ""
    shown = response.text or "(본문 없음)"
    print(f"→ {method} {path}{sent}")
    print(f"← {response.status_code} {response.reason_phrase}{location}  {shown}")
    return response


with django_lab.serve() as base_url, django_lab.client(base_url) as http:
    created = call(http, "POST", "/users", {"name": "앨리스", "email": "alice@example.com"})
    read = call(http, "GET", "/users/1")
    replaced = call(http, "PUT", "/users/1", {"name": "앨리스", "email": "alice@example.org"})
    again = call(http, "PUT", "/users/1", {"name": "앨리스", "email": "alice@example.org"})
    listed = call(http, "GET", "/users")
    deleted = call(http, "DELETE", "/users/1")
    gone = call(http, "GET", "/users/1")
    invalid = call(http, "POST", "/users", {"name": "밥", "email": "not-an-email"})
    not_allowed = call(http, "DELETE", "/users")

assert created.status_code == 201 and created.headers["location"] == "/users/1"
assert created.json() == {"id": 1, "name": "앨리스", "email": "alice@example.com"}
assert read.status_code == 200 and read.json() == created.json()
assert replaced.status_code == 200 and replaced.json()["email"] == "alice@example.org"
assert again.status_code == 200 and again.json() == replaced.json(), "PUT은 멱등: 두 번 보내도 상태가 같습니다"
assert listed.status_code == 200 and len(listed.json()) == 1
assert deleted.status_code == 204 and deleted.content == b""
expect_status(gone.status_code, 404)  # 지운 뒤에는 없습니다
expect_status(invalid.status_code, 400)  # 검증 실패: 어느 필드가 틀렸는지 본문에
assert "email" in invalid.json() and "name" not in invalid.json()
expect_status(not_allowed.status_code, 405)  # 목록에 DELETE는 없습니다
assert "GET" in not_allowed.headers["allow"] and "DELETE" not in not_allowed.headers["allow"]
assert created.headers["content-type"] == "application/json"
print("확인: 201·200·200·200·200·204·404·400·405, 모두 예상한 상태 코드입니다.")
