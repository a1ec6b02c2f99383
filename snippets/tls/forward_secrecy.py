"""전방 비밀성: 오늘 녹화한 암호문을, 나중에 서버 개인키를 훔쳐서 풀 수 있을까?

같은 서버 RSA 키(인증서의 키)를 쓰는 두 가지 방식을 비교합니다.

* 정적 RSA 키 전송(TLS 1.2 이하의 RSA 키 교환, TLS 1.3에서 삭제): 클라이언트가 세션 키를 만들어
  서버 공개키로 암호화해 보냅니다.
* 임시 DH(ECDHE, TLS 1.3의 유일한 방식): 양쪽이 임시 X25519 키로 키를 합의하고,
  서버 RSA 키는 자기 공개값에 '서명'하는 데만 씁니다. 임시 키는 연결이 끝나면 버립니다.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.MAX_LENGTH)
SECRET_REQUEST = b"POST /transfer HTTP/1.1\r\n\r\namount=1000000&to=alice"


def seal(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def unseal(key: bytes, sealed: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:12], sealed[12:], None)


def hkdf(secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"lab key").derive(secret)


def rsa_transport_session(server_public: rsa.RSAPublicKey) -> list[bytes]:
    """클라이언트가 세션 키를 골라 서버 공개키로 암호화해 보냅니다. 녹화본(선의 바이트)을 돌려줍니다."""
    session_key = os.urandom(32)
    return [server_public.encrypt(session_key, OAEP), seal(session_key, SECRET_REQUEST)]


def ephemeral_dh_session(server_private: rsa.RSAPrivateKey) -> list[bytes]:
    """임시 X25519 키 합의. 서버는 장기 키로 자기 공개값에 서명만 합니다."""
    client_eph, server_eph = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    client_share = client_eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    server_share = server_eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = server_private.sign(client_share + server_share, PSS, hashes.SHA256())  # CertificateVerify 역할
    server_private.public_key().verify(
        signature, client_share + server_share, PSS, hashes.SHA256()
    )  # 클라이언트 쪽 확인
    key = hkdf(client_eph.exchange(X25519PublicKey.from_public_bytes(server_share)))
    recording = [client_share, server_share, signature, seal(key, SECRET_REQUEST)]
    del client_eph, server_eph, key  # 연결이 끝나면 임시 키를 버립니다
    return recording


def attack_with_leaked_key(leaked: rsa.RSAPrivateKey, recording: list[bytes]) -> bytes | None:
    """도청자의 시도: 훔친 개인키로 녹화본의 모든 조각을 복호화해 보고, 나온 값으로 암호문을 엽니다."""
    candidate_keys = []
    for piece in recording:
        try:
            candidate_keys.append(leaked.decrypt(piece, OAEP))
        except ValueError:  # 이 개인키로 암호화된 조각이 아님
            pass
    candidate_keys += [hkdf(piece) for piece in recording[:-1]]  # 공개값에서 키를 만들어 보기도 합니다
    for key in candidate_keys:
        try:
            return unseal(key, recording[-1])
        except (InvalidTag, ValueError):
            continue
    return None


server_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # 인증서에 담긴 장기 키

# 오늘: 도청자가 두 방식의 연결을 녹화합니다
recorded_rsa = rsa_transport_session(server_key.public_key())
recorded_dh = ephemeral_dh_session(server_key)
print(f"녹화한 바이트: RSA 키 전송 {sum(map(len, recorded_rsa))}B, 임시 DH {sum(map(len, recorded_dh))}B")

# 유출 전: 도청자에게는 엉뚱한 키밖에 없으므로 둘 다 열리지 않습니다
guess = rsa.generate_private_key(public_exponent=65537, key_size=2048)
before = [attack_with_leaked_key(guess, recorded_rsa), attack_with_leaked_key(guess, recorded_dh)]
print(f"유출 전, 두 녹화본 열기        : {before}")

# 몇 년 뒤: 서버 개인키가 유출됩니다
leaked = server_key
from_rsa = attack_with_leaked_key(leaked, recorded_rsa)
from_dh = attack_with_leaked_key(leaked, recorded_dh)
print(f"유출 후, RSA 키 전송 녹화본 열기: {from_rsa!r}")
print(f"유출 후, 임시 DH 녹화본 열기    : {from_dh!r}")

# 이 실습이 보여 준 사실을 확인합니다.
assert from_rsa == SECRET_REQUEST, "RSA 키 전송: 개인키가 새면 과거 녹화본이 풀립니다"
assert from_dh is None, "임시 DH: 같은 개인키가 새도 과거 녹화본은 풀리지 않습니다(전방 비밀성)"
assert before == [None, None], "개인키 없이는 어느 쪽도 열 수 없습니다"
print("→ 장기 키로 '암호화'하면 장기 키가 새는 순간 과거가 풀리고, '서명'만 하면 과거는 안전합니다.")
