"""Labs a reader can take home: every lab has its command and download link, and the labs archive
runs on its own (its README's commands, its own labkit copy)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

from conftest import ROOT, SITE, built
from netnotes.fences import find_labs

ARCHIVE = "labs/network-notes-labs.zip"


def test_every_lab_shows_its_command_and_a_working_download_link():
    site = built(SITE)
    for fence in find_labs(ROOT / "docs", ROOT):
        if not fence.snippet:
            continue
        page = (site / fence.page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        if fence.page.endswith("index.md"):
            page = (site / fence.page.removesuffix("index.md") / "index.html").read_text(encoding="utf-8")
        assert f"<code>$ python {fence.snippet}</code>" in page, fence.label
        name = fence.snippet.removeprefix("snippets/")
        assert re.search(rf'href="[./]*labs/{re.escape(name)}" download', page), fence.label
        assert (site / "labs" / name).read_bytes() == (ROOT / fence.snippet).read_bytes(), fence.label


def test_the_labs_archive_runs_the_dns_and_https_labs_from_its_own_copy(tmp_path):
    site = built(SITE)
    with zipfile.ZipFile(site / ARCHIVE) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    folder = tmp_path / "network-notes-labs"
    assert "network-notes-labs/snippets/labkit/dns_lab.py" in names
    readme = (folder / "README.md").read_text(encoding="utf-8")
    requirements = (folder / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^dnslib==[\d.]+$", requirements, re.M) and "mkdocs" not in requirements
    # packages labs import outside the "# Labs" section of requirements.in are there too, pinned
    assert re.search(r"^playwright==[\d.]+$", requirements, re.M) and re.search(r"^psutil==[\d.]+$", requirements, re.M)
    for lab in ("snippets/dns/iterative_trace.py", "snippets/tls/https_connection.py"):
        assert f"PYTHONPATH=snippets .venv/bin/python {lab}" in readme
        # the archive's own labkit comes first on the path (PYTHONPATH=snippets), as in the README
        env = {**os.environ, "PYTHONPATH": "snippets"}
        done = subprocess.run([sys.executable, lab], cwd=folder, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "labkit" in {path.split("/")[2] for path in names if path.count("/") > 2}
