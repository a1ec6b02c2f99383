"""시스템 프로그램(nginx, redis-server)이 필요한 실습은 ``require_program``을 부릅니다.

* 설치되어 있으면 그 경로를 돌려줍니다.
* 노트북 등에 없으면 건너뛴 이유를 출력하고 0으로 끝납니다. 페이지에 그 이유가 나오고,
  테스트는 ``LAB-SKIPPED:`` 줄을 보고 skip으로 보고합니다.
* ``REQUIRE_SERVICES=1``(.ci/run이 설정)인데 없으면 1로 끝납니다. 즉 실패입니다.
"""

from __future__ import annotations

import os
import shutil
import sys

SKIP_MARKER = "LAB-SKIPPED:"


def require_program(name: str, debian_package: str | None = None) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if path:
        return path
    package = debian_package or name
    reason = f"{name} 이(가) 설치되어 있지 않습니다 (Debian: apt-get install -y {package})"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        sys.exit(f"REQUIRE_SERVICES=1 인데 {reason}")
    print(f"이 실습은 건너뛰었습니다: {reason}")
    print(f"{SKIP_MARKER} {reason}")
    sys.exit(0)
