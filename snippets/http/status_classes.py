"""상태 코드는 첫 자리로 다섯 부류(class)로 나뉩니다(RFC 9110 §15). 표는 http.HTTPStatus에서 만듭니다."""

import sys
from collections import defaultdict
from http import HTTPStatus

from labkit.net_lab import http11_server, http_request

CLASSES = {
    1: "정보(요청을 받았고 처리 중)",
    2: "성공",
    3: "리다이렉션(다른 곳을 보라)",
    4: "클라이언트 오류",
    5: "서버 오류",
}
COMMON = [200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 405, 409, 422, 429, 500, 502, 503]
INFORMATIONAL = [100, 101, 103]  # 1xx는 최종 응답 앞에 오는 중간 응답이라 아래 서버로는 보내지 않습니다.
UNKNOWN = 432  # 등록되지 않은 코드

by_class = defaultdict(list)
for status in HTTPStatus:
    by_class[status.value // 100].append(status)

for digit, label in CLASSES.items():
    common = [f"{s.value} {s.phrase}" for s in by_class[digit] if s.value in COMMON + INFORMATIONAL]
    print(f"{digit}xx {label}: 파이썬이 아는 코드 {len(by_class[digit])}개")
    for line in common:
        print(f"      {line}")
assert set(by_class) == set(CLASSES), "상태 코드는 100–599, 부류는 다섯 개뿐"


def app(environ, start_response):
    """/<코드> 로 요청하면 그 상태 코드로 답하는 서버."""
    code = int(environ["PATH_INFO"].strip("/"))
    phrase = HTTPStatus(code).phrase if code in iter(HTTPStatus) else "Made Up For This Lab"
    start_response(f"{code} {phrase}", [("Content-Type", "text/plain")])
    return [b""]


# 진짜 서버에 요청해, 클라이언트는 모르는 코드도 첫 자리만 보고 처리할 수 있음을 확인합니다.
with http11_server(app) as (host, port):
    replies = {code: http_request(host, port, "GET", f"/{code}") for code in COMMON}
    unknown = http_request(host, port, "GET", f"/{UNKNOWN}")
print("\n진짜 응답의 상태 줄:", ", ".join(f"{code} {r.reason}" for code, r in list(replies.items())[:5]), "…")
for code, reply in replies.items():
    assert reply.status == code and reply.reason == HTTPStatus(code).phrase

# 모르는 코드는 그 부류의 x00처럼 다룹니다(RFC 9110 §15): 432 → 4xx → 400처럼.
treated_as = HTTPStatus(unknown.status // 100 * 100)
print(f"모르는 코드: {unknown.status} {unknown.reason} → {treated_as.value} {treated_as.phrase}처럼 처리")
assert unknown.status not in iter(HTTPStatus) and treated_as == HTTPStatus.BAD_REQUEST

# 사유 구절은 사람을 위한 설명이라 바뀔 수 있습니다. 422는 파이썬 3.13부터 RFC 9110의 이름을 씁니다.
PHRASE_422 = "Unprocessable Content" if sys.version_info >= (3, 13) else "Unprocessable Entity"
assert replies[422].reason == HTTPStatus(422).phrase == PHRASE_422
print(f"422의 사유 구절(파이썬 {sys.version_info.major}.{sys.version_info.minor}): {PHRASE_422}")
print(f"확인: {len(COMMON)}개 코드를 서버에서 받아 보았고, 모두 부류에 맞게 분류됩니다.")
