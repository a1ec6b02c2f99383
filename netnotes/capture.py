"""See the packets: a lab's own traffic, captured when the site is built and dissected by Wireshark.

A fence with ``capture="<profile>"`` runs its lab in a network namespace of its own
(``netnotes/capture_ns.py``: ``unshare -rn``, or ``unshare -n`` as root), where dumpcap may
capture that namespace's loopback as a normal user. The lab stays a plain script: capture belongs
to the runner. For TLS labs every ``SSLContext`` writes its keys to a key log
(``SSLKEYLOGFILE`` format; ``netnotes/guard/lab_events.py``), so the page can show the same
handshake twice: as an eavesdropper sees it, and decrypted with the keys.

After the run, ``tshark`` (Wireshark's own dissector, not our code) turns the capture into a packet
table; a ladder diagram is drawn from the same packets; the ``.pcapng`` (and key log) are copied into
the site to download. Each profile asserts what the pages say about such captures (``CHECKS``), and
``{{ packet("lab", "regex") }}`` in the prose names the first packet whose summary matches, so a page
that points at "packet 3" is checked by the build too.

Where capture is impossible (not Linux, no dumpcap/tshark, no user namespaces) the lab still runs
and the page says why the packet view is missing; ``REQUIRE_SERVICES=1`` makes that a failure.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import posixpath
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from netnotes import ladder, pcapng
from netnotes.config import ROOT, settings

CAPTURES = ROOT / ".cache" / "labs" / "captures"
TSHARK_TIMEOUT = 30
# One line per packet. Extra fields feed the profile checks and the table's columns.
FIELDS = [
    "frame.number",
    "frame.time_relative",
    "ip.src",
    "ipv6.src",
    "tcp.srcport",
    "udp.srcport",
    "ip.dst",
    "ipv6.dst",
    "tcp.dstport",
    "udp.dstport",
    "_ws.col.Protocol",
    "frame.len",
    "_ws.col.Info",
    "tcp.stream",
    "tcp.flags",
    "tcp.len",
    "tls.handshake.type",
    "http.request.line",
    "http.response.code",
    "http2.type",
    "dns.id",
    "dns.flags.response",
    "ssh.protocol",
    "ssh.message_code",
]
TLS_HANDSHAKE = {"1": "ClientHello", "2": "ServerHello", "8": "EncryptedExtensions", "11": "Certificate"}


@dataclass
class Plan:
    work: Path
    command_prefix: list[str] = field(default_factory=list)
    problem: str = ""  # why this run is not captured


@dataclass
class Packet:
    number: int
    time: float
    source: str
    destination: str
    protocol: str
    length: int
    info: str
    fields: dict[str, str]


# -- can we capture here? ---------------------------------------------------------------------


@functools.cache
def availability() -> str:
    """ "ok", or why packets can't be captured on this machine."""
    if not settings().capture:
        return "NETNOTES_CAPTURE=0 이 설정되어 있습니다"
    if not sys.platform.startswith("linux"):
        return f"패킷 캡처는 리눅스의 네트워크 네임스페이스가 필요합니다 (이 컴퓨터: {sys.platform})"
    for program, package in (
        ("dumpcap", "tshark"),
        ("tshark", "tshark"),
        ("unshare", "util-linux"),
        ("ip", "iproute2"),
    ):
        if not shutil.which(program, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin"):
            return f"{program} 이(가) 없습니다 (Debian: apt-get install -y {package})"
    try:
        done = subprocess.run([*namespace_command(), "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"네트워크 네임스페이스를 만들 수 없습니다: {error}"
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        return f"네트워크 네임스페이스를 만들 수 없습니다 (사용자 네임스페이스가 막힌 시스템?): {reason}"
    return "ok"


def namespace_command() -> list[str]:
    return ["unshare", "-n", "--"] if os.geteuid() == 0 else ["unshare", "-rn", "--"]


def plan(fence, work: Path, env: dict[str, str]) -> Plan:
    """How to run this lab so that its packets are captured (or why they can't be)."""
    state = availability()
    if state != "ok":
        return Plan(work, problem=state)
    if PROFILES[fence.capture].keylog:
        env["NETNOTES_KEYLOG"] = str(work / "keys.log")
    runner = str(ROOT / "netnotes" / "capture_ns.py")
    prefix = [*namespace_command(), sys.executable, runner, str(work), str(os.getuid()), str(os.getgid()), "--"]
    return Plan(work, command_prefix=prefix)


# -- after the run: dissect, check, keep -------------------------------------------------------


def finish(plan: Plan, result) -> None:
    """Turn the raw capture into the packet view of ``result``; a problem becomes a visible skip."""
    raw = plan.work / "raw.pcapng"
    problem = plan.problem or read(plan.work / "capture-problem")
    if not problem and not raw.exists():
        problem = "캡처 파일이 없습니다: " + read(plan.work / "dumpcap.log")[-300:]
    if problem:
        result.partial.append(f"패킷 보기를 만들지 못했습니다: {problem}")
        return
    if not result.ok:
        return
    profile = PROFILES[result.fence.capture]
    clean = plan.work / "lab.pcapng"
    pcapng.without_udp_port(raw, clean, int(read(plan.work / "probe-port")))
    keys = plan.work / "keys.log"
    try:
        decode = decode_as(clean, dns=profile.dns)
        views = {"wire": dissect(clean, decode)}
        if profile.keylog and keys.exists():
            views["keys"] = dissect(clean, decode, keys)
    except (RuntimeError, subprocess.TimeoutExpired) as error:  # tshark failed: the lab fails, naming why
        result.problem = f"packet capture: {error}"
        return
    failures = [message for check in profile.checks if (message := check(views))]
    if failures:
        result.problem = "packet capture: " + "; ".join(failures)
        return
    digest = hashlib.sha256(clean.read_bytes()).hexdigest()[:16]
    kept = CAPTURES / digest
    kept.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(clean, kept / "lab.pcapng")
    files = {"pcapng": str((kept / "lab.pcapng").relative_to(ROOT))}
    if "keys" in views:
        shutil.copyfile(keys, kept / "keys.log")
        files["keys"] = str((kept / "keys.log").relative_to(ROOT))
    result.packets = {
        "profile": result.fence.capture,
        "tshark": tshark_version(),
        "files": files,
        "views": {name: [packet.__dict__ for packet in packets] for name, packets in views.items()},
    }


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").strip() if path.exists() else ""


def tshark(args: list[str]) -> str:
    done = subprocess.run(["tshark", *args], capture_output=True, text=True, timeout=TSHARK_TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(f"tshark {' '.join(args)}: {done.stderr.strip()[-300:]}")
    return done.stdout


@functools.cache
def tshark_version() -> str:
    """ "TShark 4.0.17" (the first line says "TShark (Wireshark) 4.0.17 (Git …)")."""
    words = tshark(["--version"]).split()
    return f"TShark {words[2]}" if len(words) > 2 else "TShark"


def decode_as(capture: Path, dns: bool = False) -> list[str]:
    """Servers listen on ports the OS chose, so tell tshark what each server port speaks,
    judged by the first bytes a client sent: TLS record, SSH banner, HTTP/2 preface or HTTP.
    With ``dns``, the UDP destinations are DNS servers."""
    decided: dict[int, str] = {}
    udp_ports: list[int] = []
    for found in pcapng.segments(capture):
        if found.protocol == pcapng.UDP:
            udp_ports.append(found.destination_port)
            continue
        if not found.payload or found.destination_port in decided or found.source_port in decided:
            continue
        head = found.payload[:8]
        if head[:1] == b"\x16":
            decided[found.destination_port] = "tls"
        elif head.startswith(b"SSH-"):
            decided[found.destination_port] = "ssh"
        elif head.startswith(b"PRI * HT"):
            decided[found.destination_port] = "http2"
        elif head[:1].isalpha():
            decided[found.destination_port] = "http"
    options = [f"tcp.port=={port},{protocol}" for port, protocol in decided.items()]
    if dns:
        options += [f"udp.port=={port},dns" for port in list(dict.fromkeys(udp_ports))[:8] if port not in {53, 5353}]
    return [arg for option in options for arg in ("-d", option)]


def dissect(capture: Path, decode: list[str], keys: Path | None = None) -> list[Packet]:
    args = [
        "-r",
        str(capture),
        *decode,
        "-T",
        "fields",
        "-E",
        "separator=\t",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=,",
    ]
    if keys is not None:
        args += ["-o", f"tls.keylog_file:{keys}"]
    for name in FIELDS:
        args += ["-e", name]
    packets = []
    for line in tshark(args).splitlines():
        values = dict(zip(FIELDS, line.split("\t"), strict=False))
        for name in FIELDS[2:10]:  # addresses and ports: the outer header's (an ICMP error quotes the inner one)
            values[name] = values.get(name, "").split(",")[0]
        host_from = values.get("ip.src") or values.get("ipv6.src", "")
        host_to = values.get("ip.dst") or values.get("ipv6.dst", "")
        port_from = values.get("tcp.srcport") or values.get("udp.srcport", "")
        port_to = values.get("tcp.dstport") or values.get("udp.dstport", "")
        packets.append(
            Packet(
                number=int(values["frame.number"]),
                time=float(values.get("frame.time_relative") or 0),
                source=endpoint(host_from, port_from),
                destination=endpoint(host_to, port_to),
                protocol=values.get("_ws.col.Protocol", ""),
                length=int(values.get("frame.len") or 0),
                info=values.get("_ws.col.Info", ""),
                fields={name: value for name, value in values.items() if value and name not in FIELDS[:13]},
            )
        )
    return packets


def endpoint(host: str, port: str) -> str:
    if not port:
        return host
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# -- what each profile asserts about its capture -----------------------------------------------


def has_flag(packet: Packet, bit: int) -> bool:
    return bool(int(packet.fields.get("tcp.flags", "0x0"), 16) & bit)


FIN, SYN, RST, ACK = 0x001, 0x002, 0x004, 0x010


def check_handshake_first(views) -> str:
    """Every TCP connection: SYN, SYN+ACK, ACK, and only then the first data segment."""
    streams: dict[str, list[Packet]] = {}
    for packet in views["wire"]:
        if "tcp.stream" in packet.fields:
            streams.setdefault(packet.fields["tcp.stream"], []).append(packet)
    if not streams:
        return "TCP 연결이 하나도 캡처되지 않았습니다"
    for stream, packets in streams.items():
        if len(packets) >= 2 and has_flag(packets[1], RST):  # refused: nobody listened yet (a readiness probe)
            continue
        first = [(has_flag(p, SYN), has_flag(p, ACK)) for p in packets[:3]]
        if first != [(True, False), (True, True), (False, True)]:
            return f"TCP 연결 {stream}이(가) SYN, SYN+ACK, ACK 로 시작하지 않습니다: {[p.info for p in packets[:3]]}"
        data = [index for index, p in enumerate(packets) if int(p.fields.get("tcp.len", "0") or 0) > 0]
        if data and data[0] != 3:
            return f"TCP 연결 {stream}의 첫 데이터가 핸드셰이크 세 패킷 뒤가 아닙니다 ({data[0] + 1}번째)"
    return ""


def check_udp(views) -> str:
    if not any(p.protocol in {"UDP", "DNS"} or "udp" in p.info.lower() for p in views["wire"]):
        return "UDP 데이터그램이 캡처되지 않았습니다"
    if any("tcp.stream" in p.fields for p in views["wire"]):
        return "UDP 실습에 TCP 패킷이 섞여 있습니다"
    return ""


def check_dns_answered(views) -> str:
    queries = {p.fields["dns.id"] for p in views["wire"] if p.fields.get("dns.flags.response") in {"0", "False"}}
    answers = {p.fields["dns.id"] for p in views["wire"] if p.fields.get("dns.flags.response") in {"1", "True"}}
    if not queries:
        return "DNS 질의가 해석되지 않았습니다"
    if queries - answers:
        return f"응답이 없는 DNS 질의: {sorted(queries - answers)}"
    return ""


def check_http_seen(views) -> str:
    view = views.get("keys") or views["wire"]
    if not any(p.fields.get("http.request.line") or "HTTP/1" in p.info for p in view):
        return "HTTP 요청이 보이지 않습니다"
    if not any(p.fields.get("http.response.code") for p in view):
        return "HTTP 응답 상태가 보이지 않습니다"
    return ""


def handshake_types(packets: list[Packet]) -> set[str]:
    return {kind for p in packets for kind in p.fields.get("tls.handshake.type", "").split(",") if kind}


def check_tls_hidden_then_decrypted(views) -> str:
    """Without keys the Certificate and the HTTP request are invisible; with the key log they appear."""
    if "keys" not in views:
        return "TLS 키 로그가 없습니다 (SSLContext.keylog_filename)"
    wire, keys = handshake_types(views["wire"]), handshake_types(views["keys"])
    if "1" not in wire:
        return "ClientHello 가 보이지 않습니다"
    if "11" in wire:
        return "키 없이도 Certificate 메시지가 보입니다 (TLS 1.3 이 아닌가요?)"
    if not {"11", "20"} <= keys:
        return f"키 로그로도 Certificate/Finished 가 풀리지 않았습니다: {sorted(keys)}"
    if any(p.fields.get("http.request.line") or p.fields.get("http2.type") for p in views["wire"]):
        return "키 없이도 HTTP 가 보입니다"
    if not any(p.fields.get("http.request.line") or p.fields.get("http2.type") for p in views["keys"]):
        return "키 로그로 풀어도 HTTP 요청이 보이지 않습니다"
    return ""


def check_certificate_by_version(views) -> str:
    """The eavesdropper lab: in a TLS 1.3 connection the Certificate is visible only with the keys;
    in the TLS 1.2 control connection it crosses the wire in the clear."""
    seen: dict[str, dict[str, set[str]]] = {}
    for name in ("wire", "keys"):
        for packet in views.get(name, []):
            if "tcp.stream" in packet.fields and packet.protocol.startswith("TLSv1."):
                versions = seen.setdefault(packet.fields["tcp.stream"], {"wire": set(), "keys": set(), "v": set()})
                versions["v"].add(packet.protocol)
                versions[name] |= handshake_types([packet])
    tls13 = [s for s in seen.values() if "TLSv1.3" in s["v"]]
    tls12 = [s for s in seen.values() if "TLSv1.2" in s["v"] and "TLSv1.3" not in s["v"]]
    if not tls13 or not tls12:
        return f"TLS 1.3 연결과 TLS 1.2 대조 연결이 모두 있어야 합니다 (1.3: {len(tls13)}, 1.2: {len(tls12)})"
    if any("11" in s["wire"] for s in tls13) or not all("11" in s["keys"] for s in tls13):
        return "TLS 1.3 연결의 Certificate 가 키 없이 보이거나, 키로도 풀리지 않습니다"
    if not all("11" in s["wire"] for s in tls12):
        return "TLS 1.2 대조 연결의 Certificate 가 선로에 보이지 않습니다"
    return ""


def check_ssh(views) -> str:
    protocols = [p.fields["ssh.protocol"] for p in views["wire"] if p.fields.get("ssh.protocol")]
    if len(protocols) < 2 or not all(value.startswith("SSH-2.0-") for value in protocols):
        return f"양쪽의 SSH-2.0 식별 문자열이 보이지 않습니다: {protocols}"
    codes = {code for p in views["wire"] for code in p.fields.get("ssh.message_code", "").split(",") if code}
    if not {"20", "21"} <= codes:  # SSH_MSG_KEXINIT, SSH_MSG_NEWKEYS (RFC 4253 §7, §7.3)
        return f"KEXINIT/NEWKEYS 가 보이지 않습니다: {sorted(codes)}"
    return ""


@dataclass(frozen=True)
class Profile:
    description: str
    checks: tuple = ()
    keylog: bool = False
    dns: bool = False  # the lab's UDP is DNS on ports the OS chose


PROFILES = {
    "tcp": Profile("TCP 연결", (check_handshake_first,)),
    "udp": Profile("UDP 데이터그램", (check_udp,)),
    "dns": Profile("DNS 질의와 응답", (check_dns_answered,), dns=True),
    "http": Profile("HTTP/1.1 교환", (check_handshake_first, check_http_seen)),
    "tls": Profile("TLS 1.3 위의 HTTP", (check_handshake_first, check_tls_hidden_then_decrypted), keylog=True),
    "relay": Profile(
        "중계기를 거친 HTTP, TLS 1.3, TLS 1.2", (check_handshake_first, check_certificate_by_version), keylog=True
    ),
    "ssh": Profile("SSH 연결", (check_handshake_first, check_ssh)),
    "web": Profile(
        "DNS, TCP, TLS, HTTP 전부", (check_dns_answered, check_handshake_first, check_http_seen), keylog=True
    ),
}


# -- on the page ------------------------------------------------------------------------------

VIEW_TITLES = {
    "wire": "선로에 보이는 그대로 (도청자의 눈)",
    "keys": "키 로그로 푼 것 (Wireshark 에 키를 주면)",
}


def capture_url(result, page_url: str, kind: str) -> str:
    name = result.fence.snippet.removeprefix("snippets/").removesuffix(".py") if result.fence.snippet else "inline"
    suffix = ".pcapng" if kind == "pcapng" else ".keys.log"
    return posixpath.relpath(f"captures/{name}{suffix}", page_url.rstrip("/") or ".")


def packets_of(result, view: str = "") -> list[Packet]:
    views = (result.packets or {}).get("views", {})
    chosen = views.get(view) or views.get("wire") or []
    return [Packet(**packet) for packet in chosen]


def render_html(result, fence, page_url: str) -> str:
    """The packet view under a lab's output: downloads, a ladder diagram, the dissection table(s)."""
    if not result.packets:
        return ""
    files = result.packets["files"]
    links = [f'<a href="{capture_url(result, page_url, "pcapng")}" download>캡처 파일(.pcapng)</a>']
    if "keys" in files:
        links.append(f'<a href="{capture_url(result, page_url, "keys")}" download>TLS 키 로그</a>')
    views = result.packets["views"]
    shown = "keys" if "keys" in views else "wire"
    parts = [
        '<div class="lab-packets">',
        f'<p class="lab-packets__title"><strong>이 실습이 실제로 주고받은 패킷</strong> — '
        f"빌드할 때 캡처해 Wireshark 의 해석기(<code>{html.escape(result.packets['tshark'])}</code>)로 읽었습니다. "
        + " · ".join(links)
        + "</p>",
        ladder.svg(packets_of(result, shown), title=f"{fence.snippet or '실습'}의 패킷 흐름"),
    ]
    for name in views:
        packets = packets_of(result, name)
        summary = f"패킷 표: {VIEW_TITLES[name]} — {len(packets)}개"
        opened = " open" if name == shown and len(packets) <= 30 else ""
        parts.append(
            f'<details class="lab-packets__table"{opened}><summary>{summary}</summary>{table(packets)}</details>'
        )
    parts.append("</div>")
    return "\n".join(parts)


def table(packets: list[Packet]) -> str:
    rows = "".join(
        f"<tr><td>{p.number}</td><td>{p.time * 1000:.1f}</td>"
        f'<td class="lab-packets__path"><code>{html.escape(p.source)}</code> → <code>{html.escape(p.destination)}</code></td>'
        f"<td>{html.escape(p.protocol)}</td><td>{p.length}</td><td>{html.escape(p.info)}</td></tr>"
        for p in packets
    )
    head = "<tr><th>번호</th><th>시각(ms)</th><th>보낸 쪽 → 받는 쪽</th><th>프로토콜</th><th>길이</th><th>Wireshark 요약(Info)</th></tr>"
    return f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table><thead>{head}</thead><tbody>{rows}</tbody></table></div></div>'


def publish(site_dir: Path, results) -> None:
    """Copy every capture (and key log) into the site: ``captures/<section>/<name>.pcapng``."""
    target = site_dir / "captures"
    if target.exists():
        shutil.rmtree(target)
    for result in results:
        if not result.packets:
            continue
        for kind, path in result.packets["files"].items():
            destination = site_dir / capture_url(result, "", kind)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / path, destination)
