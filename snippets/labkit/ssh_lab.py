"""SSH 실습 도구: 루프백에서 도는 작은 asyncssh 서버와, 사용자 설정을 읽지 않는 클라이언트.

* ``ssh_server(host_key, authorized=[...])``: 포트 0에 SSH 서버를 띄웁니다. 셸 대신 명령 몇 개
  (``whoami``, ``hostname``)에만 답합니다. 서버가 인증 중에 '받은 것'을 ``AuthLog``에 기록합니다.
* ``connect(port, ...)``: ``~/.ssh``의 키·설정·known_hosts와 ssh-agent를 전혀 쓰지 않고,
  인자로 준 것만 쓰는 클라이언트 연결.
* ``known_hosts_line(port, key)``: 22번이 아닌 포트의 known_hosts 한 줄(``[127.0.0.1]:PORT 키``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncssh

HOST = "127.0.0.1"
USERNAME = "learner"


@dataclass
class AuthLog:
    """서버가 인증 과정에서 클라이언트로부터 받은 것."""

    public_keys: list[asyncssh.SSHKey] = field(default_factory=list)
    passwords: list[str] = field(default_factory=list)


class LabServer(asyncssh.SSHServer):
    """공개키(그리고 ``passwords``를 주면 비밀번호)로 사용자를 확인하는 서버."""

    def __init__(self, authorized: list[asyncssh.SSHKey], passwords: dict[str, str] | None, log: AuthLog):
        self.authorized = [key.public_data for key in authorized]
        self.passwords = passwords
        self.log = log

    def begin_auth(self, username: str) -> bool:
        return True  # 인증이 필요합니다

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        # 여기서는 '이 공개키가 authorized_keys에 있는가'만 답합니다.
        # 서명 검증(개인키를 가졌는지 확인)은 asyncssh가 이 공개키로 합니다(RFC 4252 §7).
        self.log.public_keys.append(key)
        return key.public_data in self.authorized

    def password_auth_supported(self) -> bool:
        return self.passwords is not None

    def validate_password(self, username: str, password: str) -> bool:
        self.log.passwords.append(password)  # 비밀번호 인증이면 서버는 비밀번호 원문을 받습니다
        return self.passwords is not None and self.passwords.get(username) == password


async def run_command(process: asyncssh.SSHServerProcess) -> None:
    """셸 대신 아는 명령 몇 개에만 답합니다."""
    answers = {"whoami": process.get_extra_info("username"), "hostname": "lab-server"}
    answer = answers.get(process.command or "")
    process.stdout.write(f"{answer}\n" if answer else f"unknown command: {process.command}\n")
    process.exit(0 if answer else 127)


@dataclass
class RunningServer:
    port: int
    log: AuthLog


@contextlib.asynccontextmanager
async def ssh_server(
    host_key: asyncssh.SSHKey,
    authorized: list[asyncssh.SSHKey] = (),
    passwords: dict[str, str] | None = None,
) -> AsyncIterator[RunningServer]:
    """``host_key``로 자신을 증명하는 SSH 서버. 블록을 나가면 닫습니다."""
    log = AuthLog()
    acceptor = await asyncssh.create_server(
        lambda: LabServer(list(authorized), passwords, log),
        HOST,
        0,
        server_host_keys=[host_key],
        process_factory=run_command,
        login_timeout=5,
    )
    try:
        yield RunningServer(acceptor.sockets[0].getsockname()[1], log)
    finally:
        acceptor.close()
        await acceptor.wait_closed()


def known_hosts_line(port: int, host_key: asyncssh.SSHKey) -> str:
    """22번이 아닌 포트는 ``[호스트]:포트`` 형식으로 적습니다(OpenSSH sshd(8) 'SSH_KNOWN_HOSTS FILE FORMAT')."""
    return f"[{HOST}]:{port} {host_key.export_public_key().decode().strip()}\n"


def connect(port: int, *, client_keys=(), known_hosts, password: str | None = None, host: str = HOST):
    """사용자의 ~/.ssh(키, 설정, known_hosts, 인증서)와 ssh-agent를 쓰지 않는 연결(``async with``로 씁니다).

    ``known_hosts``는 반드시 넘깁니다: 문자열이면 known_hosts 파일의 '내용'입니다.
    """
    if isinstance(known_hosts, str):
        known_hosts = asyncssh.import_known_hosts(known_hosts)
    return asyncssh.connect(
        host,
        port,
        username=USERNAME,
        client_keys=list(client_keys) or None,  # 빈 목록이면 ~/.ssh의 기본 키를 찾으므로 None
        password=password,
        known_hosts=known_hosts,
        agent_path=None,  # ssh-agent 사용 안 함
        config=None,  # ~/.ssh/config 읽지 않음
        x509_trusted_certs=None,  # ~/.ssh/ca-bundle.crt 읽지 않음
        x509_trusted_cert_paths=[],  # ~/.ssh/crt 읽지 않음
        gss_auth=False,
        gss_kex=False,
        connect_timeout=3,
        login_timeout=3,
    )
