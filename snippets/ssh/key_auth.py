"""SSH 키 인증: 개인키는 클라이언트를 떠나지 않고, 서버는 공개키와 서명만 받습니다.

1. 등록된 키로 접속해 명령 하나를 실행합니다.
2. 등록되지 않은 키로는 거절됩니다(PermissionDenied).
3. 중계기로 오간 바이트를 모두 녹화해, 개인키가 선에 없었음을 확인합니다.
"""

import asyncio

import asyncssh
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from labkit.expect import expect_error
from labkit.ssh_lab import connect, known_hosts_line, ssh_server
from labkit.tls_lab import eavesdropping_relay

host_key = asyncssh.generate_private_key("ssh-ed25519")  # 서버의 호스트 키
my_key = asyncssh.generate_private_key("ssh-ed25519")  # 내 키 쌍(보통 ssh-keygen으로 만듭니다)
stranger_key = asyncssh.generate_private_key("ssh-ed25519")  # 서버에 등록하지 않은 키


async def main():
    async with ssh_server(host_key, authorized=[my_key]) as server:
        known_hosts = known_hosts_line(server.port, host_key)  # 서버의 호스트 키를 미리 알고 있습니다
        print(f"known_hosts 한 줄: {known_hosts.strip()[:60]}…")

        # 1) 등록된 키: 중계기를 거쳐 접속하고 명령을 실행합니다
        with eavesdropping_relay(("127.0.0.1", server.port)) as ((_, relay_port), seen):
            relay_known_hosts = known_hosts_line(relay_port, host_key)  # 클라이언트가 보기엔 중계기가 서버입니다
            async with connect(relay_port, client_keys=[my_key], known_hosts=relay_known_hosts) as conn:
                result = await conn.run("whoami", check=True, timeout=3)
            # 서버(이 이벤트 루프 안)가 연결을 마저 닫을 수 있도록, 기다리는 일은 다른 스레드에서
            assert await asyncio.to_thread(seen.wait_closed), "중계가 끝나지 않았습니다"
        wire = bytes(seen.to_server + seen.to_client)
        print(f"1) 내 키로 접속 → `whoami` 결과: {result.stdout.strip()} (종료 코드 {result.exit_status})")

        # 2) 등록되지 않은 키
        with expect_error(asyncssh.PermissionDenied) as failure:
            async with connect(server.port, client_keys=[stranger_key], known_hosts=known_hosts):
                pass
        refused = failure.error
        print(f"2) 모르는 키로 접속 → {type(refused).__name__}: {refused.reason}")
        return result, refused, wire, server.log


result, refused, wire, log = asyncio.run(main())

my_private_raw = my_key.export_private_key("openssh")
seed = my_key.pyca_key.private_bytes_raw()  # ed25519 개인키의 핵심 32바이트
print(f"3) 서버가 인증 중에 받은 키 {len(log.public_keys)}개, 모두 공개키:")
for key in log.public_keys:
    whose = "내 키" if key.public_data == my_key.public_data else "모르는 키"
    print(f"   {key.get_fingerprint()}  {type(key.pyca_key).__name__} ← {whose}")
print(f"   녹화한 {len(wire)}바이트 안에 개인키 32바이트가 있나? {seed in wire}")
banner = wire.split(b"\r\n")[0].decode()
print(f"   평문으로 보이는 것: {banner} (버전 문자열), 키 교환 알고리즘 이름 목록")

# 이 실습이 보여 준 사실을 확인합니다.
assert result.stdout == "learner\n" and result.exit_status == 0
assert [key.public_data for key in log.public_keys] == [my_key.public_data] * 2 + [stranger_key.public_data], (
    "내 키는 두 번(묻기, 서명한 요청), 모르는 키는 첫 질문에서 거절되어 한 번"
)
assert all(isinstance(key.pyca_key, Ed25519PublicKey) for key in log.public_keys), "서버가 받은 것은 공개키뿐"
assert log.passwords == [], "비밀번호는 한 번도 오가지 않았습니다"
assert seed not in wire and my_private_raw not in wire, "개인키는 선에 없습니다"
assert wire.startswith(b"SSH-2.0-") and b"curve25519-sha256" in wire, "버전과 알고리즘 협상은 평문입니다"
print("→ 서버는 공개키를 authorized_keys와 대조하고, 서명으로 개인키 보유만 확인합니다.")
