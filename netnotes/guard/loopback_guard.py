"""Refuse every network address outside loopback (127.0.0.0/8 and ::1).

Installed in each lab process by ``sitecustomize.py`` (the lab runner, ``netnotes/runner.py``, puts this
folder on ``PYTHONPATH`` and sets ``NETNOTES_LOOPBACK_ONLY=1``, so Python processes
a lab starts are guarded too) and in the pytest process by ``tests/conftest.py``.
"""

from __future__ import annotations

import ipaddress
import socket

LOCAL_NAMES = {"localhost", "localhost.", "ip6-localhost"}
WILDCARDS = {"", "0.0.0.0", "::"}


class NonLoopbackAddress(ConnectionRefusedError):
    """A lab tried to reach an address outside loopback."""


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return False
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


def check_address(address: object, *, binding: bool = False) -> None:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return
    host, port = address[0], address[1] if len(address) > 1 else 0
    if binding and host in WILDCARDS and port == 0:
        return
    if not is_loopback(host):
        raise NonLoopbackAddress(f"network guard: {address!r} is outside loopback (127.0.0.0/8, ::1)")


def install() -> None:
    if getattr(socket, "_netnotes_guarded", False):
        return
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_bind = socket.socket.bind
    real_sendto = socket.socket.sendto
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname

    def connect(self, address):
        check_address(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check_address(address)
        return real_connect_ex(self, address)

    def bind(self, address):
        check_address(address, binding=True)
        return real_bind(self, address)

    def sendto(self, data, *args):
        check_address(args[-1])
        return real_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and host not in WILDCARDS and not is_loopback(host):
            raise NonLoopbackAddress(f"network guard: refusing to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host):
        if not is_loopback(host):
            raise NonLoopbackAddress(f"network guard: refusing to resolve {host!r}")
        return real_gethostbyname(host)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.bind = bind
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket._netnotes_guarded = True
