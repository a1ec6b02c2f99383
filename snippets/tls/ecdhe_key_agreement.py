"""임시 키 합의(ECDHE): X25519 공개값만 주고받고, 양쪽이 같은 대칭키를 각자 계산합니다.

TLS 1.3의 ClientHello/ServerHello에 실리는 key_share가 바로 이 공개값입니다(RFC 8446 §4.2.8).
'선'(wire)에는 공개값만 지나가고, 공유 비밀과 대칭키는 한 번도 지나가지 않습니다.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

wire: list[tuple[str, bytes]] = []  # 도청자가 보는 모든 것: (방향, 바이트)


def send(direction: str, data: bytes) -> bytes:
    wire.append((direction, data))
    return data


def raw(public_key) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def derive_key(shared_secret: bytes, transcript: bytes) -> bytes:
    """HKDF(RFC 5869): 공유 비밀 + 지금까지 오간 메시지 → 32바이트 대칭키."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"lab key" + transcript).derive(shared_secret)


def try_open(key: bytes, sealed: bytes) -> bytes | None:
    """논스(12바이트) + 암호문을 ``key``로 열어 봅니다. 키가 틀리면 인증 태그 검사에서 실패합니다."""
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], None)
    except InvalidTag:
        return None


# 1) 양쪽이 이번 연결만을 위한 임시(ephemeral) 키 쌍을 만듭니다
client_private = X25519PrivateKey.generate()
server_private = X25519PrivateKey.generate()

# 2) 공개값만 교환합니다 (ClientHello.key_share, ServerHello.key_share에 해당)
client_share = send("→", raw(client_private.public_key()))
server_share = send("←", raw(server_private.public_key()))
transcript = client_share + server_share

# 3) 각자 '내 개인키 + 상대 공개값'으로 같은 공유 비밀을 계산합니다
client_secret = client_private.exchange(X25519PublicKey.from_public_bytes(server_share))
server_secret = server_private.exchange(X25519PublicKey.from_public_bytes(client_share))
client_key, server_key = derive_key(client_secret, transcript), derive_key(server_secret, transcript)

# 4) 그 키로 실제 데이터를 대칭 암호(AEAD, AES-GCM)로 주고받습니다
nonce = os.urandom(12)
request = b"GET /account HTTP/1.1\r\nHost: www.example.test\r\n\r\n"
sealed = send("→", nonce + AESGCM(client_key).encrypt(nonce, request, None))
opened = try_open(server_key, sealed)


# 도청자는 두 공개값을 다 보았지만, 어느 쪽 개인키도 없습니다. 선에서 본 값과 자기 키로 키를 만들어 봅니다
stranger = X25519PrivateKey.generate().exchange(X25519PublicKey.from_public_bytes(client_share))
guesses = [derive_key(seen, transcript) for seen in (client_share, server_share, transcript, stranger)]

everything_on_wire = b"".join(data for _, data in wire)
print(f"클라이언트 공개값(→) : {client_share.hex()[:32]}… ({len(client_share)}바이트)")
print(f"서버 공개값(←)       : {server_share.hex()[:32]}… ({len(server_share)}바이트)")
print(f"클라이언트가 계산한 키: {client_key.hex()[:32]}…")
print(f"서버가 계산한 키      : {server_key.hex()[:32]}…")
print(f"선을 지나간 바이트    : {len(everything_on_wire)}바이트 (공개값 2개 + 암호문 1개)")
print(f"서버가 복호화한 요청  : {opened.splitlines()[0].decode()}")

# 이 실습이 보여 준 사실을 확인합니다.
assert client_secret == server_secret and client_key == server_key, "양쪽이 같은 키를 계산했습니다"
assert client_secret not in everything_on_wire and client_key not in everything_on_wire, (
    "공유 비밀도 키도 선에 없습니다"
)
assert request not in everything_on_wire and opened == request, "데이터는 대칭키로 암호화되어 갔습니다"
assert not any(try_open(guess, sealed) for guess in guesses), "선에서 본 값으로 만든 키로는 열리지 않습니다"
assert len(everything_on_wire) == 32 + 32 + 12 + len(request) + 16, "공개값 2개 + 논스 + 암호문 + 인증 태그"
assert [direction for direction, _ in wire] == ["→", "←", "→"]
print("→ 키는 '보낸' 것이 아니라 양쪽이 각자 '계산한' 것입니다. 선에는 공개값과 암호문만 있습니다.")
