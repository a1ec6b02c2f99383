"""JWT는 서버 세션처럼 '지워서' 끝낼 수 없습니다. 무엇을 더해야 끊을 수 있는지 보입니다.

1. 서버 세션: 저장소에서 지우면 그 순간 무효.
2. JWT: 서버에 지울 것이 없습니다. 로그아웃해도 복사해 둔 토큰은 만료 전까지 계속 통합니다.
3. 짧은 액세스 토큰(5분) + 서버에 저장하는 리프레시 토큰: 리프레시를 지우면 '연장'이 끊깁니다.
   다만 이미 나간 액세스 토큰은 만료될 때까지 남습니다.
4. 거부 목록(deny-list): jti를 적어 두면 즉시 끊지만, 요청마다 서버 저장소를 봐야 합니다.
"""

import hashlib
import secrets
import time

import jwt

SECRET = secrets.token_bytes(32)
ACCESS_LIFETIME = 300  # 액세스 토큰 5분
REFRESH_TOKENS: dict[str, str] = {}  # sha256(리프레시 토큰) → 사용자. 서버 쪽 상태
DENY_LIST: set[str] = set()  # 강제로 끊은 액세스 토큰의 jti. 이것도 서버 쪽 상태


def issue_access(user: str, issued_at: float | None = None) -> str:
    iat = int(issued_at or time.time())
    claims = {"sub": user, "iat": iat, "exp": iat + ACCESS_LIFETIME, "jti": secrets.token_hex(8)}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def login(user: str, issued_at: float | None = None) -> tuple[str, str]:
    refresh_token = secrets.token_urlsafe(32)
    REFRESH_TOKENS[hashlib.sha256(refresh_token.encode()).hexdigest()] = user
    return issue_access(user, issued_at), refresh_token


def check(access_token: str) -> str:
    """API 서버가 요청마다 하는 검사. '200 alice' 또는 '401 이유'."""
    try:
        claims = jwt.decode(access_token, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as error:
        return f"401 {type(error).__name__}"
    if claims["jti"] in DENY_LIST:
        return "401 revoked"
    return f"200 {claims['sub']}"


def refresh(refresh_token: str) -> str | None:
    """리프레시 토큰이 서버 저장소에 있을 때만 새 액세스 토큰을 줍니다."""
    user = REFRESH_TOKENS.get(hashlib.sha256(refresh_token.encode()).hexdigest())
    return issue_access(user) if user else None


def logout_everywhere(user: str) -> None:
    for key in [k for k, owner in REFRESH_TOKENS.items() if owner == user]:
        del REFRESH_TOKENS[key]


print("[1] 서버 세션")
sessions = {"sid-1": "alice"}
before = sessions.get("sid-1")
del sessions["sid-1"]  # 로그아웃 = 서버에서 지우기
print(f"  로그아웃 전 조회: {before} / 로그아웃 뒤 조회: {sessions.get('sid-1')}  → 즉시 무효")

print("[2] JWT만 쓸 때")
access, _ = login("alice")
stolen_copy = access  # 누군가 복사해 둔 토큰
access = None  # 클라이언트의 '로그아웃': 자기 사본을 버릴 뿐, 서버는 아무것도 모릅니다
after_logout = check(stolen_copy)
print(f"  로그아웃 뒤 복사본으로 요청 → {after_logout}  (exp까지 최대 {ACCESS_LIFETIME}초 유효)")

print("[3] 짧은 액세스 토큰 + 리프레시 토큰")
old_access, refresh_token = login("alice", issued_at=time.time() - 600)  # 10분 전에 로그인
expired = check(old_access)
new_access = refresh(refresh_token)
renewed = check(new_access)
print(f"  10분 전에 받은 액세스 토큰 → {expired}; 리프레시로 새로 받은 토큰 → {renewed}")
logout_everywhere("alice")  # 서버 저장소에서 리프레시 토큰 삭제
refused = refresh(refresh_token)
still_valid = check(new_access)
print(
    f"  모든 기기 로그아웃 뒤: 리프레시 → {'거부' if refused is None else '새 토큰'}; 이미 받은 액세스 토큰 → {still_valid} (만료까지 남음)"
)

print("[4] 거부 목록")
DENY_LIST.add(jwt.decode(new_access, SECRET, algorithms=["HS256"])["jti"])
denied = check(new_access)
print(f"  jti를 거부 목록에 넣은 뒤 → {denied}  (대신 모든 요청이 거부 목록을 조회합니다)")

assert before == "alice" and "sid-1" not in sessions
assert after_logout == "200 alice", "JWT는 로그아웃해도 서버 쪽에서 무효가 되지 않습니다"
assert expired == "401 ExpiredSignatureError" and renewed == "200 alice"
assert refused is None and still_valid == "200 alice", "리프레시는 끊겼지만 나간 액세스 토큰은 남습니다"
assert denied == "401 revoked"
print("확인: 서버 세션은 지우면 끝, JWT는 만료를 기다리거나 서버 쪽 상태(리프레시 저장소·거부 목록)가 필요합니다.")
