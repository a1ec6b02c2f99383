"""기기별 토큰: 로그인할 때마다 그 기기(로그인 세션)만의 토큰을 발급하고, 하나만 골라 끊을 수 있습니다.

서비스는 하드웨어 고유번호를 모릅니다. 브라우저는 그런 번호를 사이트에 주지 않습니다. 서비스가 세는
'기기'는 로그인 세션, 즉 발급한 토큰입니다. 서버는 토큰 원문 대신 해시만 저장합니다(저장소가 새어도 못 씀).
동시 로그인은 2대까지로 제한합니다.
"""

import hashlib
import json
import secrets

import httpx

from labkit.expect import expect_status
from labkit.servers import wsgi_server

MAX_DEVICES = 2
SESSIONS: dict[str, dict] = {}  # sha256(토큰) → {"id", "user", "device"}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reply(start_response, status: str, data=None, headers=()):
    start_response(status, [("Content-Type", "application/json"), *headers])
    return [json.dumps(data, ensure_ascii=False).encode()] if data is not None else []


def app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    if (method, path) == ("POST", "/login"):
        body = json.loads(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])))
        mine = [s for s in SESSIONS.values() if s["user"] == body["user"]]  # (비밀번호 확인은 생략)
        if len(mine) >= MAX_DEVICES:
            return reply(start_response, "409 Conflict", {"error": f"동시 로그인은 {MAX_DEVICES}대까지입니다"})
        token = secrets.token_urlsafe(32)
        SESSIONS[digest(token)] = {"id": secrets.token_hex(4), "user": body["user"], "device": body["device"]}
        return reply(start_response, "201 Created", {"token": token})
    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    session = SESSIONS.get(digest(token)) if scheme == "Bearer" else None
    if session is None:  # RFC 6750 §3: 401 + WWW-Authenticate. 토큰이 없으면 오류 코드 없이
        challenge = 'Bearer error="invalid_token"' if token else "Bearer"
        return reply(start_response, "401 Unauthorized", {"error": "unauthorized"}, [("WWW-Authenticate", challenge)])
    if (method, path) == ("GET", "/me"):
        return reply(start_response, "200 OK", {"user": session["user"], "device": session["device"]})
    if (method, path) == ("GET", "/devices"):
        mine = [{"id": s["id"], "device": s["device"]} for s in SESSIONS.values() if s["user"] == session["user"]]
        return reply(start_response, "200 OK", mine)
    if method == "DELETE" and path.startswith("/devices/"):  # 내 계정의 기기 하나를 로그아웃시킴
        target = path.removeprefix("/devices/")
        for key, other in list(SESSIONS.items()):
            if other["id"] == target and other["user"] == session["user"]:
                del SESSIONS[key]
        return reply(start_response, "204 No Content")
    return reply(start_response, "404 Not Found", {"error": "not_found"})


with (
    wsgi_server(app) as (host, port),
    httpx.Client(base_url=f"http://{host}:{port}", trust_env=False, timeout=5) as http,
):

    def login(device: str) -> httpx.Response:
        response = http.post("/login", json={"user": "alice", "device": device})
        print(
            f"POST /login ({device}) → {response.status_code} {'토큰 발급' if response.status_code == 201 else response.text}"
        )
        return response

    def me(device: str, token: str) -> int:
        response = http.get("/me", headers={"Authorization": f"Bearer {token}"})
        challenge = response.headers.get("www-authenticate")
        shown = f"WWW-Authenticate: {challenge}" if challenge else response.text
        print(f"  {device}: GET /me  Authorization: Bearer <{device} 토큰> → {response.status_code} {shown}")
        return response

    laptop, phone = login("노트북").json()["token"], login("휴대폰").json()["token"]
    first = [me("노트북", laptop).status_code, me("휴대폰", phone).status_code]
    tv = login("TV")
    devices = http.get("/devices", headers={"Authorization": f"Bearer {phone}"}).json()
    print(f"GET /devices → {[d['device'] for d in devices]}")
    laptop_id = next(d["id"] for d in devices if d["device"] == "노트북")
    revoked = http.delete(f"/devices/{laptop_id}", headers={"Authorization": f"Bearer {phone}"})
    print(f"휴대폰에서 DELETE /devices/(노트북) → {revoked.status_code}")
    laptop_after, phone_after = me("노트북", laptop), me("휴대폰", phone)
    tv_again = login("TV")
    anonymous = http.get("/me")
    print(f"토큰 없이 GET /me → {anonymous.status_code}  WWW-Authenticate: {anonymous.headers['www-authenticate']}")

assert first == [200, 200]
expect_status(tv.status_code, 409)  # 세 번째 기기는 동시 로그인 제한에 걸립니다
assert revoked.status_code == 204 and phone_after.status_code == 200, "나머지 기기는 그대로 200"
expect_status(laptop_after.status_code, 401)  # 끊은 노트북만
assert laptop_after.headers["www-authenticate"] == 'Bearer error="invalid_token"'
assert tv_again.status_code == 201 and len(SESSIONS) == 2
expect_status(anonymous.status_code, 401)
assert anonymous.headers["www-authenticate"] == "Bearer"
tv_token = tv_again.json()["token"]
assert set(SESSIONS) == {digest(phone), digest(tv_token)}, "저장소의 열쇠는 토큰의 SHA-256 해시(원문 아님)"
print("확인: 기기마다 다른 토큰, 한 기기만 끊기, 동시 로그인 제한이 모두 예상대로입니다.")
