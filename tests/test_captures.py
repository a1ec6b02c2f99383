"""The packet view: every capture in the built site opens in Wireshark and holds the packets its page
shows; the profile checks bite; the pcapng helper keeps everything but the readiness probes.

Capturing needs Linux, dumpcap/tshark and user namespaces: without them these tests skip
(laptop) or fail (``REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import shutil
import struct
import subprocess

from conftest import SITE, built, require
from netnotes import capture, pcapng, record
from netnotes.fences import Fence
from netnotes.runner import run_fence

RECORD = record.load()


def captured_labs() -> list[dict]:
    return [lab for lab in RECORD.values() if lab.get("packets")]


def tshark_count(path, *options: str) -> int:
    done = subprocess.run(["tshark", "-r", str(path), *options], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return len(done.stdout.splitlines())


def test_at_least_ten_labs_on_eight_pages_show_their_packets():
    require(capture.availability() == "ok", f"패킷 캡처를 할 수 없습니다: {capture.availability()}")
    require(RECORD, "결과 기록(.cache/labs/results.json)이 없습니다: 먼저 make build")
    labs = captured_labs()
    pages = {lab["page"] for lab in labs}
    assert len(labs) >= 10 and len(pages) >= 8, (len(labs), sorted(pages))


def test_every_published_capture_opens_in_tshark_and_matches_its_page():
    site = built(SITE)
    require(shutil.which("tshark"), "tshark 가 없습니다 (apt-get install -y tshark)")
    labs = captured_labs()
    require(labs, "캡처한 실습이 없습니다")
    for lab in labs:
        name = lab["snippet"].removeprefix("snippets/").removesuffix(".py")
        pcap = site / "captures" / f"{name}.pcapng"
        wire = lab["packets"]["views"]["wire"]
        assert tshark_count(pcap) == len(wire), f"{pcap}: 페이지의 표와 패킷 수가 다릅니다"
        page = (site / lab["page"].removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert f"{len(wire)}개</summary>" in page, f"{lab['page']}: 패킷 표({len(wire)}개)가 페이지에 없습니다"
        assert f'captures/{name}.pcapng" download' in page
        if "keys" in lab["packets"]["views"]:
            keys = site / "captures" / f"{name}.keys.log"
            assert "CLIENT_HANDSHAKE_TRAFFIC_SECRET" in keys.read_text(), keys
            certificate = ["-Y", "tls.handshake.type == 11"]
            if lab["packets"]["profile"] == "tls":  # (the eavesdropper lab's TLS 1.2 control shows it, on purpose)
                assert tshark_count(pcap, *certificate) == 0, f"{pcap}: 키 없이 Certificate 가 보입니다"
            assert tshark_count(pcap, "-o", f"tls.keylog_file:{keys}", *certificate) >= 1, f"{pcap}: 키로도 안 풀립니다"


def test_a_profile_check_fails_the_lab_when_the_capture_contradicts_it():
    """capture="tcp" promises a TCP handshake: a lab that only sends a UDP datagram must fail."""
    require(capture.availability() == "ok", f"패킷 캡처를 할 수 없습니다: {capture.availability()}")
    body = "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(b'x', ('127.0.0.1', 9))\ns.close()"
    result = run_fence(Fence("test/capture.md", 1, "python", {"exec": "1", "capture": "tcp"}, body))
    assert "TCP 연결이 하나도 캡처되지 않았습니다" in result.problem, result.problem
    passing = run_fence(Fence("test/capture.md", 1, "python", {"exec": "1", "capture": "udp"}, body))
    assert passing.ok, passing.problem
    assert [p["protocol"] for p in passing.packets["views"]["wire"]][0] == "UDP"


# -- the pcapng helper ---------------------------------------------------------------------


def block(kind: int, body: bytes) -> bytes:
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", kind, len(body) + 12) + body + struct.pack("<I", len(body) + 12)


def udp_frame(source_port: int, destination_port: int, payload: bytes) -> bytes:
    udp = struct.pack("!HHHH", source_port, destination_port, 8 + len(payload), 0) + payload
    ip = struct.pack(
        "!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])
    )
    return b"\0" * 12 + b"\x08\x00" + ip + udp


def packet_block(frame: bytes) -> bytes:
    return block(pcapng.ENHANCED_PACKET, struct.pack("<IIIII", 0, 0, 0, len(frame), len(frame)) + frame)


def test_pcapng_drops_only_the_probe_datagrams(tmp_path):
    header = block(pcapng.SECTION_HEADER, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    interface = block(1, struct.pack("<HHI", pcapng.ETHERNET, 0, 0))
    frames = [udp_frame(40000, 9999, b"probe"), udp_frame(40001, 53000, b"query"), udp_frame(9999, 9999, b"probe")]
    source, target = tmp_path / "raw.pcapng", tmp_path / "clean.pcapng"
    source.write_bytes(header + interface + b"".join(packet_block(frame) for frame in frames))
    pcapng.without_udp_port(source, target, 9999)
    kept = pcapng.segments(target)
    assert [(s.source_port, s.destination_port, s.payload) for s in kept] == [(40001, 53000, b"query")]
    if shutil.which("tshark"):
        assert tshark_count(target) == 1 and tshark_count(source) == 3
