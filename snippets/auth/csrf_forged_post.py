"""사이트 간 요청 위조(CSRF): 위조된 POST는 장고의 CSRF 검사에 막히고, 토큰을 가진 진짜 폼만 통과합니다.

브라우저는 쿠키를 자동으로 붙입니다. 그래서 로그인한 사용자가 공격자 페이지(evil.example)를 열면,
그 페이지의 폼이 우리 사이트로 보내는 POST에도 세션 쿠키가 붙습니다. 장고는 두 가지로 막습니다.
  1) Origin 헤더가 우리 출처가 아니면 거부합니다.
  2) 요청 본문(또는 X-CSRFToken 헤더)에 csrftoken 쿠키와 짝이 맞는 토큰이 없으면 거부합니다.
     공격자 페이지는 동일 출처 정책 때문에 우리 페이지의 토큰을 읽을 수 없습니다.
"""

import re

from labkit import django_lab
from labkit.expect import expect_status

django_lab.setup(
    middleware=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
    ],
    SESSION_ENGINE="django.contrib.sessions.backends.cache",  # 서버 쪽 저장소: 메모리 캐시
    CSRF_FAILURE_VIEW="__main__.csrf_failure",  # 거부 이유를 본문에 보여 주려고
)

from django.http import HttpResponse, HttpResponseForbidden
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

BALANCE = {"alice": 100_000}


def csrf_failure(request, reason=""):
    return HttpResponseForbidden(f"CSRF 거부: {reason}")


def transfer_form(request):
    """우리 사이트의 송금 폼. 숨은 필드에 CSRF 토큰을 넣습니다."""
    return HttpResponse(
        f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
    )


def login(request):
    request.session.cycle_key()  # 로그인하면 세션 ID를 새로 발급(세션 고정 방어)
    request.session["user"] = request.POST["user"]
    return HttpResponse("로그인 성공")


def transfer(request):
    user = request.session.get("user")
    if user is None:
        return HttpResponse("로그인이 필요합니다", status=401)
    BALANCE[user] -= int(request.POST["amount"])
    return HttpResponse(f"{request.POST['amount']}원 송금 완료, 잔액 {BALANCE[user]}원")


urlpatterns = [
    path("transfer/form", transfer_form),
    path("login", login),
    path("transfer", transfer),
    path("unsafe/transfer", csrf_exempt(transfer)),  # 일부러 CSRF 검사를 끈 취약한 엔드포인트
]

browser = Client(enforce_csrf_checks=True)  # 테스트 클라이언트는 기본값으로 CSRF 검사를 끄므로 켭니다
form = browser.get("/transfer/form")
token = re.search(r'value="([^"]+)"', form.content.decode()).group(1)
logged_in = browser.post("/login", {"user": "alice", "csrfmiddlewaretoken": token})
session_cookie = browser.cookies["sessionid"]
flags = f"Path={session_cookie['path']}; Max-Age={session_cookie['max-age']}; SameSite={session_cookie['samesite']}"
print(f"로그인: {logged_in.status_code}  Set-Cookie: sessionid=…; {flags}; HttpOnly")
print(f"브라우저가 가진 쿠키: {sorted(browser.cookies)} → 이 사이트로 가는 요청마다 자동으로 붙습니다\n")


def attempt(label: str, data: dict, url: str = "/transfer", **headers):
    response = browser.post(url, {"amount": "50000", **data}, **headers)
    print(f"{label}\n   → {response.status_code}  {response.content.decode()}")
    return response


evil = {"HTTP_ORIGIN": "http://evil.example"}
unprotected = attempt("⓪ evil.example의 폼 → CSRF 검사가 꺼진 주소", {}, "/unsafe/transfer", **evil)
forged = attempt("① evil.example의 폼, 토큰 없음", {}, **evil)
no_origin = attempt("② Origin 헤더 없음, 토큰 없음", {})
guessed = attempt("③ Origin 헤더 없음, 추측한 토큰", {"csrfmiddlewaretoken": "A" * 64})
ours = {"HTTP_ORIGIN": "http://testserver"}
legit = attempt("④ 우리 페이지의 폼, 진짜 토큰", {"csrfmiddlewaretoken": token}, **ours)

assert logged_in.status_code == 200 and session_cookie["httponly"] and session_cookie["samesite"] == "Lax"
assert session_cookie["max-age"] == 1209600 and sorted(browser.cookies) == ["csrftoken", "sessionid"], "2주, 쿠키 두 개"
for refused in (forged, no_origin, guessed):
    expect_status(refused.status_code, 403)  # 위조 세 번은 모두 거부
assert "Origin checking failed" in forged.content.decode()
assert "CSRF token missing" in no_origin.content.decode()
assert "incorrect" in guessed.content.decode()
assert legit.status_code == 200
assert unprotected.status_code == 200, "검사가 없으면 위조 요청이 그대로 통과합니다"
assert BALANCE["alice"] == 0, "보호 없는 주소로 한 번, 진짜 폼으로 한 번만 빠져나갔습니다"
print("\n확인: 검사가 꺼진 주소는 위조에 뚫렸고, 검사하는 주소에서는 위조 세 번이 모두 403, 진짜 폼만 200입니다.")
