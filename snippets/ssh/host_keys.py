"""호스트 키 확인: 클라이언트도 서버를 검증합니다. known_hosts가 중간자(가짜 서버)를 막습니다.

1. known_hosts에 없는 서버(처음 보는 호스트 키) → 접속 거부
2. known_hosts의 키와 다른 키를 내미는 서버(바뀐 호스트 키) → 접속 거부
3. 위험한 예: 호스트 키 확인을 끈 채(known_hosts=None) 비밀번호로 가짜 서버에 접속하면?
"""

import asyncio

import asyncssh

from labkit.expect import expect_error
from labkit.ssh_lab import connect, known_hosts_line, ssh_server

real_host_key = asyncssh.generate_private_key("ssh-ed25519")  # 진짜 서버의 호스트 키
fake_host_key = asyncssh.generate_private_key("ssh-ed25519")  # 같은 주소에 나타난 가짜 서버의 키
PASSWORD = "correct-horse-battery"


async def attempt(port: int, known_hosts, expected: type[Exception] | None = None) -> Exception | None:
    """비밀번호로 접속을 시도합니다. ``expected``를 주면 정확히 그 예외로 실패해야 하고, 그 예외를 돌려줍니다."""
    if expected is None:
        async with connect(port, password=PASSWORD, known_hosts=known_hosts):
            return None
    with expect_error(expected) as failure:
        async with connect(port, password=PASSWORD, known_hosts=known_hosts):
            pass
    return failure.error


async def main():
    results = {}
    # 가짜 서버: 어떤 비밀번호든 받아 적고 '틀렸다'고 답합니다
    async with ssh_server(fake_host_key, passwords={}) as fake:
        # 1) 처음 보는 서버: known_hosts가 비어 있습니다
        results["처음 보는 호스트 키"] = await attempt(fake.port, "", asyncssh.HostKeyNotVerifiable)
        # 2) 이 주소:포트에는 진짜 서버의 키가 기록되어 있는데, 다른 키가 나타났습니다
        recorded = known_hosts_line(fake.port, real_host_key)
        results["바뀐 호스트 키"] = await attempt(fake.port, recorded, asyncssh.HostKeyNotVerifiable)
        stolen_while_checking = list(fake.log.passwords)
        # 3) 위험: 호스트 키 확인을 끕니다 (이 실습 밖에서는 절대 쓰지 마세요)
        results["확인을 끈 경우"] = await attempt(fake.port, None, asyncssh.PermissionDenied)
        stolen_without_check = list(fake.log.passwords)

    # 대조군: 진짜 서버, 올바른 known_hosts
    async with ssh_server(real_host_key, passwords={"learner": PASSWORD}) as real:
        results["진짜 서버"] = await attempt(real.port, known_hosts_line(real.port, real_host_key))
    return results, stolen_while_checking, stolen_without_check


results, stolen_while_checking, stolen_without_check = asyncio.run(main())

for title, error in results.items():
    outcome = "접속 성공" if error is None else f"{type(error).__name__}: {error.reason}"
    print(f"- {title}: {outcome}")
print(f"가짜 서버가 받아 적은 비밀번호 (확인을 켰을 때): {stolen_while_checking}")
print(f"가짜 서버가 받아 적은 비밀번호 (확인을 껐을 때): {stolen_without_check}")

# 이 실습이 보여 준 사실을 확인합니다.
# (처음 보는 키·바뀐 키는 HostKeyNotVerifiable, 확인을 끈 경우는 PermissionDenied임을 attempt()가 확인했습니다)
assert stolen_while_checking == [], "호스트 키 확인에서 멈췄으므로 비밀번호는 보내지 않았습니다"
assert stolen_without_check == [PASSWORD], "확인을 끄면 가짜 서버가 비밀번호 원문을 받습니다"
assert results["진짜 서버"] is None
print("→ 호스트 키 확인은 인증보다 먼저 일어납니다. 끄면 비밀번호를 가짜 서버에 넘겨줄 수 있습니다.")
