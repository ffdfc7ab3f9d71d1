"""The scheduling units and docs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)
def test_systemd_units_verify(tmp_path):
    scrapy = Path(sys.executable).with_name("scrapy")
    for unit in UNITS.iterdir():  # the real units, pointed at this machine's scrapy
        text = unit.read_text().replace("/opt/newsspider/.venv/bin/scrapy", str(scrapy))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_the_service_treats_a_busy_corpus_as_success():
    service = (UNITS / "newsspider.service").read_text()
    assert "SuccessExitStatus=75" in service
    assert "ExecStart=/opt/newsspider/.venv/bin/scrapy crawl news" in service


def test_docs_show_the_units_and_the_cron_line():
    doc = (ROOT / "docs" / "scheduling.md").read_text()
    assert "flock -n" in doc and "scrapy crawl news" in doc
    for line in ("SuccessExitStatus=75", "Type=oneshot"):
        assert line in doc and line in (UNITS / "newsspider.service").read_text()
