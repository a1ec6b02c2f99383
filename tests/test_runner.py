"""The runner's verdicts: each way a lab can be wrong while still exiting 0 is caught.

Small inline labs (at most five lines) stand in for real ones; every case here is a mistake a
real lab made or could make (a server thread's traceback on the page, a warning, an expected error
that was a different one, a partial skip, a leftover process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, strict_build
from netnotes.fences import Fence
from netnotes.runner import run_fence


def lab(body: str, **options: str) -> Fence:
    return Fence("test/runner.md", 1, "python", {"exec": "1", **options}, textwrap.dedent(body).strip())


def verdict(body: str, **options: str):
    return run_fence(lab(body, **options))


def test_a_clean_lab_passes():
    result = verdict("print('ok')")
    assert result.ok and result.status == "passed" and result.output == "ok"


def test_an_exception_in_a_thread_fails_the_lab_even_when_it_exits_0():
    result = verdict("""
        import threading
        t = threading.Thread(target=lambda: 1 / 0, name="server")
        t.start(); t.join()
        print("끝")
    """)
    assert result.returncode == 0
    assert "ZeroDivisionError raised in thread 'server'" in result.problem


def test_a_printed_traceback_fails_the_lab():
    """socketserver and wsgiref print a handler's traceback themselves, without any hook."""
    result = verdict("""
        import traceback
        try: 1 / 0
        except ZeroDivisionError: traceback.print_exc()
    """)
    assert result.returncode == 0 and "printed a traceback" in result.problem


def test_an_undeclared_warning_fails_and_a_declared_one_passes():
    body = "import warnings; warnings.warn('옛 API', DeprecationWarning, stacklevel=1)"
    assert "DeprecationWarning" in verdict(body).problem
    assert verdict(body, warnings="DeprecationWarning").ok


def test_expected_errors_must_be_exactly_the_declared_ones():
    body = """
        import ssl
        from labkit.expect import expect_error
        with expect_error(ssl.SSLCertVerificationError):
            raise ssl.SSLCertVerificationError("모르는 CA")
    """
    assert verdict(body, expect="SSLCertVerificationError").ok
    assert (
        "missing ['HostKeyNotVerifiable']"
        in verdict(body, expect="SSLCertVerificationError, HostKeyNotVerifiable").problem
    )
    assert "undeclared ['SSLCertVerificationError']" in verdict(body).problem


def test_expect_error_refuses_a_different_exception():
    body = """
        import ssl
        from labkit.expect import expect_error
        with expect_error(ssl.SSLCertVerificationError):
            raise ssl.SSLError("다른 오류")
    """
    result = verdict(body, expect="SSLCertVerificationError")
    assert not result.ok and "SSLError" in result.output


def test_a_lab_may_end_with_its_declared_exception():
    result = verdict("raise PermissionError('일부러')", expect="PermissionError")
    assert result.ok and result.expected == ["PermissionError"]
    assert "exited with code 1" in verdict("raise PermissionError('일부러')").problem


def test_an_expected_status_is_checked_and_recorded():
    body = "from labkit.expect import expect_status\nexpect_status(403, 403)"
    assert verdict(body, expect="HTTP 403").ok
    assert not verdict("from labkit.expect import expect_status\nexpect_status(200, 403)", expect="HTTP 403").ok


def test_a_partial_skip_is_visible_and_fails_when_services_are_required():
    body = "from labkit.services import skip_part\nskip_part('IPv6 가 꺼져 있습니다')\nprint('IPv4 만')"
    env = {**os.environ, "REQUIRE_SERVICES": "0"}
    code = textwrap.dedent(f"""
        import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "tests")!r}]
        from test_runner import verdict
        result = verdict({body!r})
        print(result.status, result.partial, repr(result.problem))
    """)
    for required, expected in (("0", "partial ['IPv6 가 꺼져 있습니다'] ''"), ("1", "skipped with REQUIRE_SERVICES=1")):
        env["REQUIRE_SERVICES"] = required
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
        assert expected in done.stdout, done.stdout + done.stderr


def test_a_lab_skipped_before_its_expected_errors_is_a_skip_not_a_mismatch():
    body = "from labkit.services import require_program\nrequire_program('no-such-program-here')"
    result = verdict(body, expect="JSTypeError")
    assert result.skipped and result.expected == []
    assert result.ok or "REQUIRE_SERVICES" in result.problem, result.problem


def test_a_leftover_process_is_killed_and_fails_the_lab():
    body = "import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])"
    result = verdict(body)
    assert "left processes running" in result.problem


def test_a_hanging_lab_is_ended_at_its_time_limit():
    result = verdict("import time; time.sleep(30)", timeout="1")
    assert "did not finish within 1 s" in result.problem and result.seconds < 10


@pytest.mark.parametrize(
    "page, expected",
    [
        (
            '```python exec="1"\nimport threading\nt = threading.Thread(target=lambda: 1 / 0)\nt.start(); t.join()\n```\n',
            "docs/index.md:3 [inline python]: lab ZeroDivisionError raised in thread",
        ),
        ('> ```python exec="1"\n> print(1)\n> ```\n', "netnotes/fences.py 가 찾지 못했습니다"),
    ],
    ids=["thread-traceback", "fence-the-finder-misses"],
)
def test_the_strict_build_fails_and_names_the_page(tmp_path, page, expected):
    config = "plugins: [markdown-exec]\nmarkdown_extensions: [pymdownx.superfences]\n"
    build = strict_build(tmp_path, "# 실습\n\n" + page, config, CHROMIUM="")
    assert build.returncode != 0
    assert expected in build.stderr, build.stderr


LAB = {"snippets/t/trace.py": "print('TTL 300')\n"}
THREAD_LAB = {
    "snippets/t/server.py": "import threading\nt = threading.Thread(target=lambda: 1 / 0)\nt.start(); t.join()\n"
}
PYRUN_CONFIG = "plugins: [markdown-exec]\nmarkdown_extensions: [pymdownx.superfences]\n"


@pytest.mark.parametrize(
    "files, prose, expected",
    [
        (THREAD_LAB, "", "docs/index.md:3 [snippets/t/server.py]: lab ZeroDivisionError raised in thread"),
        (LAB, '남은 TTL: {{ out("trace", "TTL (\\d+)초") }}', "글이 인용한 출력 'TTL (\\\\d+)초' 이"),
        (LAB, '{{ out("trace") }}', "의 인자는"),
        (LAB, '{{ out("nosuch", "TTL") }}', "이 페이지에 'nosuch' 실습이 없습니다"),
    ],
    ids=["pyrun-thread-traceback", "quote-not-in-output", "quote-malformed", "quote-names-no-lab"],
)
def test_the_strict_build_checks_labs_and_the_output_prose_quotes(tmp_path, files, prose, expected):
    lab = next(iter(files))
    build = strict_build(tmp_path, f'# 실습\n\n```pyrun exec="1"\n{lab}\n```\n\n{prose}\n', PYRUN_CONFIG, files)
    assert build.returncode != 0
    assert expected in build.stderr, build.stderr


def test_a_quote_from_the_output_is_inserted_from_the_run(tmp_path):
    build = strict_build(
        tmp_path,
        '# 실습\n\n```pyrun exec="1"\nsnippets/t/trace.py\n```\n\n남은 TTL은 {{ out("trace", "TTL (\\d+)") }}초',
        PYRUN_CONFIG,
        LAB,
    )
    assert build.returncode == 0, build.stderr
    assert "남은 TTL은 300초" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_demonstration_inside_a_skipped_part_may_be_missing_but_never_undeclared():
    body = "from labkit.services import skip_part\nskip_part('IPv6 가 꺼져 있습니다')"
    result = verdict(body, expect="ConnectionRefusedError")  # the skip is shown instead (and fails in CI)
    assert result.partial and "expected errors" not in result.problem
    extra = "import ssl\nfrom labkit.expect import expect_error\nwith expect_error(ssl.SSLError):\n    raise ssl.SSLError('x')"
    assert (
        "undeclared ['SSLError']" in verdict(extra + "\nfrom labkit.services import skip_part; skip_part('x')").problem
    )


def test_a_lab_needing_a_missing_loopback_address_skips_with_the_fix():
    """macOS has only 127.0.0.1 on lo0: labs on 127.0.53.x etc. skip there instead of failing.
    (Here the loopback guard refuses an address outside 127/8, standing in for a missing alias.)"""
    result = verdict("from labkit.services import require_loopback\nrequire_loopback('192.0.2.1')\nprint('never')")
    assert result.skipped.startswith("이 컴퓨터의 루프백에 192.0.2.1 가 없습니다") and "never" not in result.output
