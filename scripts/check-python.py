# -*- coding: utf-8 -*-
"""Before .venv is made: is this interpreter one the project supports?

Run by the Makefile as ``$(PYTHON) scripts/check-python.py``. Written so that any Python
(even 2.7) can run it and print the reason, instead of a pip resolver error later.
Exit 0: go on (a newer, untested version only warns). Exit 3: stop, the reason is printed.
"""

from __future__ import print_function

import platform
import sys

SUPPORTED = ((3, 11), (3, 13))  # 가장 낮은 것과 가장 높은 것 (둘 다 포함); README, ci.yml 과 맞춥니다
RANGE = "CPython %d.%d ~ %d.%d (Debian 12 의 3.11.2 포함)" % (SUPPORTED[0] + SUPPORTED[1])
HOW_TO_CHOOSE = """  다른 인터프리터를 고르려면 PYTHON 을 주세요. 예:
      make serve PYTHON=python3.12        (make test 도 같습니다)
      make serve PYTHON=/usr/bin/python3.11
  설치된 버전 찾기: ls /usr/bin/python3.* /usr/local/bin/python3.*  (pyenv 를 쓰면 pyenv versions)"""


def main():
    python = sys.argv[1] if len(sys.argv) > 1 else sys.executable
    found = "%s %s" % (platform.python_implementation(), platform.python_version())
    minor = sys.version_info[:2]
    if platform.python_implementation() != "CPython" or minor < SUPPORTED[0]:
        print("[python] %s 은(는) %s 입니다. 이 프로젝트는 %s 에서 동작합니다." % (python, found, RANGE))
        print(HOW_TO_CHOOSE)
        return 3
    if minor > SUPPORTED[1]:
        print("[python] 경고: %s 은(는) %s 입니다. 검증한 범위(%s)보다 새 버전이라" % (python, found, RANGE))
        print("  설치나 실습이 실패할 수 있습니다. 그러면 검증된 버전을 고르세요:")
        print(HOW_TO_CHOOSE)
    try:
        import ensurepip  # noqa: F401  (Debian/Ubuntu 는 python3-venv 패키지에 들어 있습니다)
        import venv  # noqa: F401
    except ImportError:
        print("[python] %s (%s) 에 venv/ensurepip 모듈이 없습니다." % (python, found))
        print("  Debian/Ubuntu: sudo apt-get install python3-venv   (또는 python%d.%d-venv)" % minor)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
