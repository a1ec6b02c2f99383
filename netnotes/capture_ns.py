"""Inside a lab's own network namespace: bring up loopback, start dumpcap, run the lab, stop dumpcap.

Started by the runner (``netnotes/capture.py``) as
``unshare -rn python -m netnotes.capture_ns DIR UID GID -- python snippets/x.py`` (``unshare -n``
when the runner is root). In the new namespace this process may capture on ``lo``; the lab
itself runs as the original user again (a nested user namespace maps it back), so it never
sees root privileges it would not have had. Every lab gets its own loopback: labs running in
parallel never see each other's packets.

dumpcap hands packets to its file in blocks (about once a second), so readiness and the final
flush are both checked with probe datagrams sent to a socket of our own: the file grows once
dumpcap writes, and everything sent before a written probe is in the file. The probes are
filtered out afterwards (their port is written to ``DIR/probe-port``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def wait_for_growth(path: Path, probe: socket.socket, deadline: float) -> bool:
    """Send probes until the capture file grows (dumpcap wrote a block that contains them)."""
    start_size = path.stat().st_size if path.exists() else 0
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        probe.sendto(b"netnotes-probe", probe.getsockname())
        size = path.stat().st_size if path.exists() else 0
        if start_size and size > start_size:
            return True
        start_size = start_size or size
        time.sleep(0.01)
    return False


def main() -> int:
    work, uid, gid = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    command = sys.argv[sys.argv.index("--") + 1 :]
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
    raw = work / "raw.pcapng"
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    (work / "probe-port").write_text(str(probe.getsockname()[1]))
    with open(work / "dumpcap.log", "wb") as log:
        dumpcap = subprocess.Popen(["dumpcap", "-q", "-i", "lo", "-w", str(raw)], stdout=log, stderr=log)
    try:
        if not wait_for_growth(raw, probe, 10):
            (work / "capture-problem").write_text("dumpcap 이 10초 안에 캡처를 시작하지 않았습니다")
        if os.geteuid() == 0 and uid != 0:  # back to the user who started the build
            command = ["unshare", "--user", f"--map-user={uid}", f"--map-group={gid}", "--", *command]
        lab = subprocess.run(command)
        wait_for_growth(raw, probe, 10)
    finally:
        dumpcap.send_signal(signal.SIGTERM)
        try:
            dumpcap.wait(timeout=10)
        except subprocess.TimeoutExpired:
            dumpcap.kill()
        probe.close()
    return lab.returncode


if __name__ == "__main__":
    sys.exit(main())
