"""Packet capture of a lab's own traffic (stub; filled in below)."""

from __future__ import annotations

PROFILES: dict[str, dict] = {}


def availability() -> str:
    return "off"


def plan(fence, work, env):
    return None


def finish(plan, result) -> None:
    return None


def render_html(result, fence, page_url) -> str:
    return ""


def publish(site_dir, results) -> None:
    return None
