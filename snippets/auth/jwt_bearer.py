"""JWT를 Authorization: Bearer 헤더로 보내고, 서버가 서명과 만료를 검사합니다 (PyJWT, HS256).

JWT는 점(.)으로 이은 세 부분입니다: 헤더.페이로드.서명. 앞의 둘은 base64url일 뿐 암호화가 아니라서
누구나 읽을 수 있습니다. 서버는 비밀 키로 만든 서명으로 '내가 발급했고, 고쳐지지 않았다'만 확인합니다.
"""

import base64
import json
import secrets
import time

import httpx
import jwt

from labkit.expect import expect_error, expect_status
from labkit.servers import wsgi_server

SECRET = secrets.token_bytes(32)  # HS256 키: 서버만 압니다(32바이트 이상 권장, RFC 7518 §3.2)


def issue(user: str, lifetime: int = 300, issued_at: float | None = None) -> str:
    iat = int(issued_at or time.time())
    claims = {"sub": user, "iat": iat, "exp": iat + lifetime, "jti": secrets.token_hex(8)}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def app(environ, start_response):
    """Bearer 토큰을 검증하고, 실패하면 401과 PyJWT 예외 이름을 돌려줍니다."""
    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    try:
        # algorithms를 꼭 고정합니다: 토큰 헤더의 alg를 믿으면 alg=none 위조를 받아들이게 됩니다
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["exp", "sub"]})
        status, body = "200 OK", {"user": claims["sub"]}
    except jwt.PyJWTError as error:  # 토큰이 없거나 Bearer가 아니어도 여기로 옵니다(DecodeError)
        status, body = "401 Unauthorized", {"error": type(error).__name__}
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


def b64url_json(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()


token = issue("alice")
header, payload, signature = token.split(".")
claims = b64url_json(payload)
print(f"토큰 = 헤더({len(header)}자) . 페이로드({len(payload)}자) . 서명({len(signature)}자)")
print(f"  헤더를 base64url로 풀면     {b64url_json(header)}")
print(
    f"  페이로드를 base64url로 풀면 sub={claims['sub']}, exp-iat={claims['exp'] - claims['iat']}초, jti=…  ← 키 없이도 읽힙니다"
)

forged_claims = {**claims, "sub": "admin"}
tampered = f"{header}.{b64url(forged_claims)}.{signature}"  # 페이로드만 바꾸고 서명은 그대로
expired = issue("alice", lifetime=300, issued_at=time.time() - 600)  # 10분 전에 받은 5분짜리 토큰
alg_none = jwt.encode(forged_claims, None, algorithm="none")  # 서명 없는 토큰

cases = {"정상 토큰": token, "sub를 admin으로 고친 토큰": tampered, "만료된 토큰": expired, "alg=none 토큰": alg_none}
results = {}
with (
    wsgi_server(app) as (host, port),
    httpx.Client(base_url=f"http://{host}:{port}", trust_env=False, timeout=5) as http,
):
    for label, value in cases.items():
        response = http.get("/me", headers={"Authorization": f"Bearer {value}"})
        results[label] = (response.status_code, response.json())
        print(f"GET /me  Authorization: Bearer <{label}> → {response.status_code} {response.json()}")

assert results["정상 토큰"] == (200, {"user": "alice"})
for label, error in [("sub를 admin으로 고친 토큰", "InvalidSignatureError"), ("만료된 토큰", "ExpiredSignatureError")]:
    expect_status(results[label][0], 401)
    assert results[label][1] == {"error": error}, results[label]
assert results["alg=none 토큰"] == (401, {"error": "InvalidAlgorithmError"}), "알고리즘을 고정했으므로 거부"
assert claims["sub"] == "alice", "페이로드는 암호화되지 않아 누구나 읽습니다"
assert jwt.decode(expired, SECRET, algorithms=["HS256"], options={"verify_exp": False})["sub"] == "alice", (
    "만료된 토큰도 서명은 맞습니다"
)
with expect_error(jwt.InvalidSignatureError):  # 서버를 거치지 않고 라이브러리에 직접 물어도 같습니다
    jwt.decode(tampered, SECRET, algorithms=["HS256"])
print("확인: 변조는 InvalidSignatureError, 만료는 ExpiredSignatureError, alg=none은 거부됩니다.")
