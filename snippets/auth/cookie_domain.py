"""Domain 속성: 쿠키가 어느 호스트들로 보내지는가 (네트워크 없이 쿠키 저장소 규칙만).

이름이 필요한 실험이라 서버를 띄우지 않고, 표준 쿠키 저장소(http.cookiejar)에 응답 헤더를 직접 넣고
각 URL로 보낼 요청에 어떤 Cookie 헤더가 붙는지 봅니다. 이름은 예약된 .test 도메인만 씁니다.
"""

import email.message
import http.cookiejar
import urllib.request


class FakeResponse:
    """cookiejar가 읽는 것(info()의 Set-Cookie 헤더)만 가진 가짜 응답."""

    def __init__(self, set_cookies: list[str]) -> None:
        self.headers = email.message.Message()
        for value in set_cookies:
            self.headers["Set-Cookie"] = value

    def info(self) -> email.message.Message:
        return self.headers


def cookies_for(jar: http.cookiejar.CookieJar, url: str) -> str:
    request = urllib.request.Request(url)
    jar.add_cookie_header(request)
    return request.get_header("Cookie") or "(없음)"


jar = http.cookiejar.CookieJar()
login = urllib.request.Request("https://www.example.test/login")
response = FakeResponse(
    [
        "host_only=1; Path=/",  # Domain 없음 → 이 호스트(www.example.test)에만
        "shared=1; Path=/; Domain=example.test",  # example.test와 모든 하위 도메인에
        "foreign=1; Path=/; Domain=other.test",  # 남의 도메인 → 저장 거부
        "everyone=1; Path=/; Domain=test",  # 최상위 도메인 전체 → 저장 거부
    ]
)
jar.extract_cookies(response, login)
stored = sorted(f"{c.name}(domain={c.domain})" for c in jar)
print("www.example.test 의 응답에서 저장된 쿠키:", ", ".join(stored))

results = {}
for url in (
    "https://www.example.test/",
    "https://api.example.test/",
    "https://example.test/",
    "https://www.other.test/",
):
    results[url] = cookies_for(jar, url)
    print(f"  {url:<28} → Cookie: {results[url]}")

assert stored == ["host_only(domain=www.example.test)", "shared(domain=.example.test)"]
assert results["https://www.example.test/"] == "host_only=1; shared=1"
assert results["https://api.example.test/"] == "shared=1", "Domain을 쓰면 하위 도메인 전부로 퍼집니다"
assert results["https://example.test/"] == "shared=1", "Domain에 적은 이름 자신에게도 갑니다"
assert results["https://www.other.test/"] == "(없음)"
print("확인: Domain을 생략한 쿠키가 가장 좁게(그 호스트에만) 보내집니다.")
