"""인증서 체인 읽기: 루트 CA → 중간 CA → 서버 인증서의 내용을 읽고, 서명을 한 고리씩 검증합니다.

인증서는 암호문이 아니라 누구나 읽을 수 있는 공개 문서입니다. CA는 그 내용에 '서명'할 뿐이고,
클라이언트는 발급자(상위 CA)의 공개키로 그 서명을 '검증'합니다.
"""

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from labkit.expect import expect_error
from labkit.tls_lab import HOST_NAME, issue, make_ca


def load(pem_blob) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem_blob.bytes())


def describe(title: str, cert: x509.Certificate) -> None:
    """사람이 읽는 필드만 골라 보여 줍니다."""
    is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    print(f"[{title}]")
    print(f"  주체(subject)  : {cert.subject.rfc4514_string()}")
    print(f"  발급자(issuer) : {cert.issuer.rfc4514_string()}")
    print(f"  유효 기간      : {cert.not_valid_before_utc:%Y-%m-%d} ~ {cert.not_valid_after_utc:%Y-%m-%d}")
    print(f"  CA인가         : {is_ca}")
    print(
        f"  공개키         : {type(cert.public_key()).__name__.removesuffix('PublicKey')} {cert.public_key().key_size}비트"
    )
    print(
        f"  서명           : {cert.signature_hash_algorithm.name} 해시에 발급자 키로 서명, {len(cert.signature)}바이트"
    )
    if not is_ca:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        print(f"  SAN(DNS 이름)  : {san.get_values_for_type(x509.DNSName)}")


root_ca = make_ca("Lab Root CA")
intermediate_ca = make_ca("Lab Intermediate CA", parent=root_ca)
today = datetime.now(UTC)
leaf = issue(intermediate_ca, HOST_NAME, not_before=today, not_after=today + timedelta(days=90))

root = load(root_ca.cert_pem)
intermediate = load(intermediate_ca.cert_pem)
server = load(leaf.cert_chain_pems[0])  # 서버가 보내는 체인: [서버 인증서, 중간 CA 인증서]

for title, cert in [("서버 인증서", server), ("중간 CA", intermediate), ("루트 CA", root)]:
    describe(title, cert)

# 1) 서명 검증: 각 인증서의 서명을 '발급자'의 공개키로 확인합니다 (복호화가 아닙니다)
server.verify_directly_issued_by(intermediate)  # 이름이 맞는지 + 서명이 맞는지
intermediate.verify_directly_issued_by(root)
root.verify_directly_issued_by(root)  # 루트는 자기 자신이 서명(self-signed)
# 같은 일을 풀어 쓰면: 서명 대상(tbsCertificate)과 서명값을 발급자 공개키로 검증
intermediate.public_key().verify(
    server.signature, server.tbs_certificate_bytes, ec.ECDSA(server.signature_hash_algorithm)
)
print("\n서명 검증: 서버 ← 중간 CA ← 루트 CA, 세 고리 모두 통과")

# 2) 변조: 인증서 안의 이름을 같은 길이의 다른 이름으로 바꿔 봅니다
der = server.public_bytes(Encoding.DER)
assert HOST_NAME.encode() in der, "인증서 안의 이름은 평문 그대로 들어 있습니다"
forged = x509.load_der_x509_certificate(der.replace(HOST_NAME.encode(), b"www.evil-me.test"))
print(
    f"변조한 인증서의 SAN: {forged.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)}"
)
with expect_error(InvalidSignature):
    forged.verify_directly_issued_by(intermediate)
print("변조한 인증서의 서명 검증: InvalidSignature → 내용이 조금만 바뀌어도 서명이 맞지 않습니다")

# 3) 이름만 같은 가짜 CA: 주체 이름을 똑같이 흉내 낸 CA가 발급한 인증서
impostor_ca = make_ca("Lab Intermediate CA")  # 이름은 같지만 키는 다릅니다
impostor = load(issue(impostor_ca, HOST_NAME).cert_chain_pems[0])
with expect_error(InvalidSignature):
    impostor.verify_directly_issued_by(intermediate)
print("이름만 같은 가짜 CA가 발급한 인증서: 발급자 이름은 일치, 서명 검증은 InvalidSignature")

# 이 실습이 보여 준 사실을 확인합니다.
assert server.issuer == intermediate.subject and intermediate.issuer == root.subject and root.issuer == root.subject
assert HOST_NAME in server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
    x509.DNSName
)
assert forged.signature == server.signature and forged.tbs_certificate_bytes != server.tbs_certificate_bytes
assert impostor.issuer == server.issuer, "가짜 CA는 진짜와 같은 이름을 씁니다(그래도 서명은 InvalidSignature)"
is_ca = {
    cert: cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    for cert in (server, intermediate, root)
}
assert is_ca == {server: False, intermediate: True, root: True}, "서버 인증서만 CA가 아닙니다"
assert server.not_valid_after_utc - server.not_valid_before_utc == timedelta(days=90), "서버 인증서는 90일"
assert root.not_valid_after_utc - root.not_valid_before_utc > timedelta(days=100 * 365), "실습 CA는 아주 긴 기간"
print("→ 인증서는 '발급자의 개인키로 한 서명'과 '발급자의 공개키로 하는 검증'으로 이어진 사슬입니다.")
