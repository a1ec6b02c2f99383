"""일부러 일으키는 오류를 확인합니다: 정확히 그 예외(또는 그 HTTP 상태)였는지.

오류를 보여 주는 실습(믿지 않는 인증서, 바뀐 호스트 키, CSRF 403 …)은 이렇게 씁니다.

    with expect_error(ssl.SSLCertVerificationError) as failure:
        connect(...)
    print(failure.error.verify_code)

    expect_status(response.status_code, 403)

* 다른 예외가 나면 그대로 올라가고, 아무 예외도 나지 않으면 ``AssertionError``입니다.
  하위 클래스도 통과시키지 않습니다: 정확히 그 종류여야 합니다.
* 실습 실행기 안에서는 확인한 오류의 이름을 기록합니다. 페이지의 블록은 ``expect="…"``로
  어떤 오류를 보여 줄지 밝히고, 실행기는 밝힌 오류와 실제로 난 오류가 같은지 확인합니다.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

try:  # 실습 실행기(netnotes/guard)의 이벤트 채널. 독자가 직접 실행할 때는 없습니다.
    from lab_events import record
except ImportError:

    def record(kind: str, **fields: object) -> None:
        pass


@dataclass
class Failure:
    error: BaseException | None = None


@contextlib.contextmanager
def expect_error(kind: type[BaseException], match: str = "") -> Iterator[Failure]:
    """블록 안에서 정확히 ``kind`` 예외가 나야 합니다(``match``: 메시지가 맞아야 할 정규식)."""
    failure = Failure()
    try:
        yield failure
    except BaseException as error:
        if type(error) is not kind:
            raise
        assert re.search(match, str(error)), f"{kind.__name__}의 메시지가 {match!r}와 맞지 않습니다: {error}"
        failure.error = error
        record("expected", name=kind.__name__, message=str(error)[:300])
        return
    raise AssertionError(f"{kind.__name__}이(가) 나야 하는데 아무 예외도 나지 않았습니다")


def expect_status(status: int, expected: int) -> None:
    """HTTP 응답 상태가 ``expected``여야 합니다(예: CSRF 토큰 없는 POST → 403)."""
    assert status == expected, f"HTTP {expected}이어야 하는데 {status}입니다"
    if expected >= 400:
        record("expected", name=f"HTTP {expected}")
