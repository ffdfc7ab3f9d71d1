"""`scrapy extract` over a hostile manifest: every bad line gets its own
output line with an `error` and the run goes on; the exit status says when
the output is incomplete; `-o -` is standard output; a missing output folder
is one line."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from badweb import bomb
from test_commands import saved_articles
from test_hostile_memory import MAX_RSS_MB, PROBE

ROOT = Path(__file__).resolve().parents[1]


def extract(*args: str, probe: bool = False, **options) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "scrapy", "extract", *args, "-s", "NEWS_EXTRACT_WORKERS=1"]
    if probe:
        argv = [sys.executable, "-c", PROBE, *argv]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300, **options)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Three sample articles in a folder, as manifest entries."""
    root = tmp_path_factory.mktemp("hostile")
    saved, _ = saved_articles(root, 3)
    return root, [
        {"id": f"a{n}", "url": a.url, "path": str(path.relative_to(root))}
        for n, (a, path) in enumerate(saved)
    ]


def lines(*entries) -> bytes:
    return b"".join(e if isinstance(e, bytes) else json.dumps(e).encode() + b"\n" for e in entries)


def test_every_bad_line_gets_an_error_and_the_run_goes_on(pages, tmp_path):
    root, (a0, a1, a2) = pages
    (root / "bomb.html.gz").write_bytes(bomb(1 << 30))  # 1 MB packed, 1 GiB unpacked
    os.mkfifo(root / "fifo.html")
    url = "https://x.example/"
    (root / "manifest.jsonl").write_bytes(lines(
        a0,
        b'{"id": "latin-1", "url": "https://x.example/caf\xe9", "path": "x.html"}\n',
        a1,
        {"id": "bomb", "url": url, "path": "bomb.html.gz"},
        {"id": "zero", "url": url, "path": "/dev/zero"},
        {"id": "fifo", "url": url, "path": "fifo.html"},
        {"id": "folder", "url": url, "path": "site"},
        {"id": "nul", "url": url, "path": "a\u0000b.html"},
        {"url": url},
        [url, "a.html"],
        b'{"url": "\\ud800", "path": "x.html"}\n',
        b'{"url": "' + b"x" * 70_000 + b'", "path": "x.html"}\n',
        a2,
    ))  # fmt: skip
    out = tmp_path / "out.jsonl"
    result = extract(str(root / "manifest.jsonl"), "-o", str(out), probe=True)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    errors = {r["id"]: r.get("error") for r in rows}
    assert list(errors) == ["a0", "line 2", "a1", "bomb", "zero", "fifo", "folder", "nul",
                            "line 9", "line 10", "line 11", "line 12", "a2"]  # fmt: skip
    assert errors["a0"] is errors["a1"] is errors["a2"] is None
    assert errors["line 2"] == "bad manifest line 2: not UTF-8 (byte 48)"
    assert (
        errors["bomb"]
        == f"cannot read {root}/bomb.html.gz: over the size cap of 16777216 bytes unpacked"
    )
    for special in ("zero", "fifo", "folder"):
        assert errors[special].endswith(": not a regular file")
    assert errors["nul"].endswith("embedded null byte")
    for n in (9, 10):
        assert (
            errors[f"line {n}"] == f'bad manifest line {n}: not a JSON object with "url" and "path"'
        )
    assert errors["line 11"] == "bad manifest line 11: not valid Unicode"
    assert errors["line 12"] == "bad manifest line 12: longer than 65536 bytes"
    peak_mb = int(result.stdout.split()[-1]) / 1024  # PROBE prints it
    assert peak_mb < MAX_RSS_MB, f"{peak_mb:.0f} MB"


def test_dash_writes_to_standard_output(pages):
    root, entries = pages
    (root / "two.jsonl").write_bytes(lines(*entries[:2]))
    result = extract(str(root / "two.jsonl"), "-o", "-")
    try:
        assert result.returncode == 0, result.stderr
        assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a0", "a1"]
        assert "2 pages -> -" in result.stderr
        assert not (ROOT / "-").exists()
    finally:
        (ROOT / "-").unlink(missing_ok=True)


def test_an_output_in_a_missing_folder_is_one_line(pages, tmp_path):
    root, entries = pages
    (root / "one.jsonl").write_bytes(lines(entries[0]))
    out = tmp_path / "missing" / "out.jsonl"
    result = extract(str(root / "one.jsonl"), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: cannot write {out}: No such file or directory"]


def test_an_incomplete_output_exits_1(pages, tmp_path):
    root, entries = pages
    (root / "many.jsonl").write_bytes(lines(*entries * 4))
    out = tmp_path / "out.jsonl"

    def small_disk():  # the output cannot grow past 20 kB: it will miss lines
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = extract(str(root / "many.jsonl"), "-o", str(out), preexec_fn=small_disk)
    assert result.returncode == 1
    written = out.read_text().count("\n")  # whole lines: the last one may be cut
    assert written < 12
    assert result.stderr.splitlines()[-1] == (
        f"error: the output is incomplete: {written} of 12 manifest lines written "
        "([Errno 27] File too large)"
    )


def test_confined_paths_stay_in_the_manifest_folder(pages, tmp_path):
    root, (a0, *_) = pages
    inside = root / "confined"
    inside.mkdir(exist_ok=True)
    (inside / "page.html").write_bytes((root / a0["path"]).read_bytes())
    (inside / "link.html").unlink(missing_ok=True)
    (inside / "link.html").symlink_to(root / a0["path"])
    url = a0["url"]
    (inside / "m.jsonl").write_bytes(lines(
        {"id": "in", "url": url, "path": "page.html"},
        {"id": "up", "url": url, "path": f"../{a0['path']}"},
        {"id": "abs", "url": url, "path": str(root / a0["path"])},
        {"id": "link", "url": url, "path": "link.html"},
    ))  # fmt: skip
    out = tmp_path / "out.jsonl"
    result = extract(str(inside / "m.jsonl"), "-o", str(out), "-s", "NEWS_EXTRACT_CONFINE=True")
    assert result.returncode == 0, result.stderr
    errors = {r["id"]: r.get("error") for r in map(json.loads, out.read_text().splitlines())}
    assert errors["in"] is None
    for outside in ("up", "abs", "link"):
        assert errors[outside].endswith("outside the manifest's folder (NEWS_EXTRACT_CONFINE)")
    result = extract(str(inside / "m.jsonl"), "-o", str(out))  # not confined by default
    assert all("error" not in r for r in map(json.loads, out.read_text().splitlines()))
