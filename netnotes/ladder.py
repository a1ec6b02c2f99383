"""A ladder (sequence) diagram of captured packets, drawn as a static SVG when the site is built.

One vertical line per endpoint, one arrow per packet from sender to receiver, labelled with its
number and Wireshark's summary. Servers (endpoints that received a SYN or the first datagram of a
conversation) keep a lane each; a client's ephemeral ports share one lane per host, so a lab with
many short connections still reads as "client ↔ servers". Colours follow ``currentColor``, so the
diagram follows the light and dark themes.
"""

from __future__ import annotations

import html
import re

MAX_PACKETS = 40
WIDTH = 700  # about the width of the text column
MARGIN = 95
TOP = 46
ROW = 24
CHAR_WIDTH = 6.7  # monospace at 11px
TCP_NOISE = re.compile(r"^\d+ → \d+ |(?<=\] )\d+ → \d+ |\s(?:(?:Win|MSS|TSval|TSecr|WS)=\S*|SACK_PERM)")


def roles(packets) -> tuple[list[str], dict[str, str]]:
    """(server endpoints in order of appearance, lane of every endpoint)."""
    servers: list[str] = []
    talked: set[frozenset] = set()
    for packet in packets:
        pair = frozenset((packet.source, packet.destination))
        syn_only = packet.fields.get("tcp.flags") == "0x0002"
        first_datagram = "tcp.stream" not in packet.fields and pair not in talked
        if (syn_only or first_datagram) and packet.destination not in servers and packet.source not in servers:
            servers.append(packet.destination)
        talked.add(pair)
    lanes: dict[str, str] = {}
    for packet in packets:
        for point in (packet.source, packet.destination):
            if point not in lanes:
                lanes[point] = point if point in servers else f"{host_of(point)} (클라이언트)"
    return servers, lanes


def host_of(point: str) -> str:
    return point.rsplit(":", 1)[0].strip("[]") if point.count(":") != 0 else point


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label_of(packet) -> str:
    """Wireshark's summary, without what every TCP line repeats (ports, window, options)."""
    return TCP_NOISE.sub("", packet.info).strip() if "tcp.stream" in packet.fields else packet.info


def svg(packets, title: str) -> str:
    if not packets:
        return ""
    drawn = packets[:MAX_PACKETS]
    _, lane_of = roles(packets)
    lanes = list(dict.fromkeys(lane_of[p] for packet in drawn for p in (packet.source, packet.destination)))
    gap = max(170, (WIDTH - 2 * MARGIN) // max(1, len(lanes) - 1))
    x = {lane: MARGIN + index * gap for index, lane in enumerate(lanes)}
    width = 2 * MARGIN + gap * max(1, len(lanes) - 1)
    limit = int((gap - 10) / CHAR_WIDTH)
    height = TOP + ROW * (len(drawn) + 1) + (ROW if len(packets) > len(drawn) else 0)
    out = [
        f'<svg class="lab-ladder" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="ladder-title">',
        f'<title id="ladder-title">{html.escape(title)}</title>',
        "<desc>캡처한 패킷을 보낸 순서대로 그린 사다리 그림. 세로선은 주고받는 쪽, 화살표는 패킷 하나입니다.</desc>",
        '<defs><marker id="ladder-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>',
        '<g font-family="var(--md-code-font-family, monospace)" font-size="11" fill="currentColor">',
    ]
    for lane in lanes:
        out.append(
            f'<text x="{x[lane]}" y="18" text-anchor="middle" font-weight="bold">{html.escape(short(lane, 30))}</text>'
        )
        out.append(
            f'<line x1="{x[lane]}" y1="26" x2="{x[lane]}" y2="{height - 6}" stroke="currentColor" '
            'stroke-opacity="0.35" stroke-dasharray="3 3"/>'
        )
    for row, packet in enumerate(drawn, start=1):
        y = TOP + row * ROW - ROW // 2
        start, end = x[lane_of[packet.source]], x[lane_of[packet.destination]]
        label = html.escape(f"{packet.number}. {short(label_of(packet), limit)}")
        if start == end:  # same lane (e.g. two ports of one client host): a short loop
            out.append(
                f'<path d="M{start},{y - 5} h26 v10 h-24" fill="none" stroke="currentColor" marker-end="url(#ladder-arrow)"/>'
            )
            out.append(f'<text x="{start + 32}" y="{y + 4}">{label}</text>')
            continue
        out.append(
            f'<line x1="{start}" y1="{y}" x2="{end}" y2="{y}" stroke="currentColor" stroke-width="1.2" '
            'marker-end="url(#ladder-arrow)"/>'
        )
        out.append(f'<text x="{(start + end) / 2:.0f}" y="{y - 4}" text-anchor="middle">{label}</text>')
    if len(packets) > len(drawn):
        more = f"… 이후 {len(packets) - len(drawn)}개는 아래 표에 있습니다"
        out.append(f'<text x="{MARGIN}" y="{height - 8}">{html.escape(more)}</text>')
    out.append("</g></svg>")
    return '<div class="lab-ladder-wrap">' + "".join(out) + "</div>"
