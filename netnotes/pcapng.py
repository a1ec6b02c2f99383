"""Just enough of the pcapng format (and of Ethernet/IP/TCP/UDP headers) for the capture pipeline:
drop the readiness probes from a capture, and find which server port speaks what.

The dissection a reader sees is Wireshark's (``tshark``); this module only saves two tshark runs
per captured lab (each costs about 0.4 s to start). Format: the pcapng spec, draft-ietf-opsawg-pcapng
§4 (Section Header, Interface Description and Enhanced Packet Blocks).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SECTION_HEADER, ENHANCED_PACKET = 0x0A0D0D0A, 6
ETHERNET, IPV4, IPV6, TCP, UDP = 1, 0x0800, 0x86DD, 6, 17


@dataclass(frozen=True)
class Segment:
    protocol: int  # TCP or UDP
    source_port: int
    destination_port: int
    payload: bytes


def blocks(data: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """(block type, raw block, body) in file order; the byte order comes from the section header."""
    order, offset = "<", 0
    while offset + 12 <= len(data):
        if struct.unpack_from("<I", data, offset)[0] == SECTION_HEADER:
            order = "<" if data[offset + 8 : offset + 12] == b"\x4d\x3c\x2b\x1a" else ">"
        kind, length = struct.unpack_from(order + "II", data, offset)
        yield kind, data[offset : offset + length], data[offset + 8 : offset + length - 4]
        offset += length


def segment(body: bytes) -> Segment | None:
    """The TCP/UDP segment inside an Enhanced Packet Block carrying an Ethernet frame (Linux ``lo``)."""
    captured = struct.unpack_from("<I", body, 12)[0]
    frame = body[20 : 20 + captured]
    if len(frame) < 14:
        return None
    ethertype = struct.unpack_from("!H", frame, 12)[0]
    packet = frame[14:]
    if ethertype == IPV4 and len(packet) >= 20:
        protocol, start = packet[9], (packet[0] & 0x0F) * 4
    elif ethertype == IPV6 and len(packet) >= 40:
        protocol, start = packet[6], 40
    else:
        return None
    transport = packet[start:]
    if protocol == TCP and len(transport) >= 20:
        return Segment(TCP, *struct.unpack_from("!HH", transport), transport[(transport[12] >> 4) * 4 :])
    if protocol == UDP and len(transport) >= 8:
        return Segment(UDP, *struct.unpack_from("!HH", transport), transport[8:])
    return None


def segments(path: Path) -> list[Segment]:
    return [s for kind, _, body in blocks(path.read_bytes()) if kind == ENHANCED_PACKET and (s := segment(body))]


def without_udp_port(source: Path, target: Path, port: int) -> None:
    """Copy a capture, leaving out every UDP datagram from or to ``port``."""
    kept = []
    for kind, raw, body in blocks(source.read_bytes()):
        if kind == ENHANCED_PACKET:
            found = segment(body)
            if found and found.protocol == UDP and port in (found.source_port, found.destination_port):
                continue
        kept.append(raw)
    target.write_bytes(b"".join(kept))
