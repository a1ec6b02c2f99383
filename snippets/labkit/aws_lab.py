"""moto로 흉내 낸 가짜 AWS: 진짜 계정·자격 증명·네트워크 없이 boto3 호출을 실습합니다.

``mocked_aws()`` 블록 안에서 만든 boto3 클라이언트의 요청은 인터넷으로 나가지 않고, 메모리 안의
moto가 받아 AWS처럼 응답합니다. 블록을 나가면 만든 자원이 모두 사라집니다.

격리 규칙(실수로 진짜 계정에 요청하지 않도록):

* 가짜 자격 증명을 환경 변수로 넣습니다(``testing``). ``AWS_PROFILE``은 지웁니다.
* ``~/.aws/config``, ``~/.aws/credentials``를 읽지 않도록 두 파일 경로를 ``/dev/null``로 돌립니다.
* 클라이언트는 언제나 ``region_name``을 명시해서 만듭니다(``client()``).

moto는 API의 '설정'을 흉내 낼 뿐, DNS 질의에 답하거나 패킷을 걸러 주지는 않습니다.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import boto3
from moto import mock_aws

REGION = "ap-northeast-2"  # 서울 리전. Route 53 같은 글로벌 서비스도 클라이언트에는 리전을 줍니다

ISOLATED_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",  # 인스턴스 메타데이터(169.254.169.254)에 묻지 않기
}
_active = 0  # 지금 열려 있는 mocked_aws() 블록 수


@contextlib.contextmanager
def mocked_aws() -> Iterator[None]:
    """가짜 자격 증명으로 환경을 격리하고 moto를 켭니다. 나갈 때 환경 변수를 되돌립니다."""
    global _active
    saved = {key: os.environ.get(key) for key in [*ISOLATED_ENV, "AWS_PROFILE"]}
    os.environ.update(ISOLATED_ENV)
    os.environ.pop("AWS_PROFILE", None)
    try:
        with mock_aws():
            _active += 1
            try:
                yield
            finally:
                _active -= 1
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def client(service: str, region: str = REGION):
    """리전을 명시한 boto3 클라이언트. ``mocked_aws()`` 블록 밖에서는 만들지 않습니다."""
    if not _active:
        raise RuntimeError("mocked_aws() 블록 밖에서는 AWS 클라이언트를 만들지 않습니다")
    return boto3.client(service, region_name=region)
