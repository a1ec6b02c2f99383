"""실습의 일부나 전부를 건너뛸 때: 이유를 밝히고, CI에서는 실패가 됩니다.

* ``require_program("nginx")``: 설치되어 있으면 경로를 돌려줍니다. 없으면 실습 전체를 건너뜁니다.
* ``skip_lab(이유)``: 실습 전체를 건너뜁니다(이유를 출력하고 0으로 끝남).
* ``skip_part(이유)``: 실습의 한 부분만 건너뛰고 나머지를 계속합니다(예: IPv6가 꺼진 컴퓨터).
* ``require_loopback("127.0.53.1", …)``: 127.0.0.1 말고 다른 루프백 주소를 쓰는 실습은 먼저 확인합니다.
  리눅스는 127.0.0.0/8 전체가 루프백이지만, macOS에는 127.0.0.1만 있어 그 실습을 건너뜁니다.

건너뛴 이유는 페이지에 눈에 띄게 나오고, 테스트는 skip으로 보고합니다. ``REQUIRE_SERVICES=1``
(CI, ``.ci/run``)에서는 실습 실행기가 어떤 건너뛰기든 실패로 바꿉니다. 건너뛴 실행은 캐시하지 않습니다.
"""

from __future__ import annotations

import shutil
import socket
import sys

try:  # 실습 실행기(netnotes/guard)의 이벤트 채널. 독자가 직접 실행할 때는 없습니다.
    from lab_events import record
except ImportError:

    def record(kind: str, **fields: object) -> None:
        pass


def skip_part(reason: str) -> None:
    """이 부분만 건너뜁니다. 실습은 계속됩니다."""
    print(f"[건너뜀] {reason}")
    record("skip", whole=False, reason=reason)


def skip_lab(reason: str) -> None:
    """실습 전체를 건너뜁니다."""
    print(f"[건너뜀] 이 실습은 건너뛰었습니다: {reason}")
    record("skip", whole=True, reason=reason)
    sys.exit(0)


def require_program(name: str, debian_package: str | None = None) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if path:
        return path
    skip_lab(f"{name} 이(가) 설치되어 있지 않습니다 (Debian: apt-get install -y {debian_package or name})")
    raise AssertionError("unreachable")


def require_loopback(*addresses: str) -> None:
    """이 주소들에 바인드할 수 없으면(macOS 등) 실습 전체를 건너뜁니다."""
    for address in addresses:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind((address, 0))
            except OSError:
                skip_lab(
                    f"이 컴퓨터의 루프백에 {address} 가 없습니다 (리눅스는 127.0.0.0/8 전체가 루프백입니다; "
                    f"macOS: sudo ifconfig lo0 alias {address})"
                )
