"""Serve the bundled sample sites on 127.0.0.1, for `scrapy demo` and tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from newsspider.demo.build import build_site, sources_toml
from newsspider.demo.catalog import RENDERED, SITES
from newsspider.demo.model import Expected
from newsspider.demo.server import SiteServer


@dataclass
class RunningDemo:
    servers: dict[str, SiteServer]
    expected: Expected
    sources_path: Path

    @property
    def base_urls(self) -> dict[str, str]:
        return {name: server.base_url for name, server in self.servers.items()}


@contextmanager
def serve_demo(root: Path, render: bool = False) -> Iterator[RunningDemo]:
    """Build the sample sites under `root` and serve each on its own port;
    with `render`, also the site whose pages need a browser."""
    names = (*SITES, RENDERED) if render else SITES
    with ExitStack() as stack:
        servers = {name: stack.enter_context(SiteServer()) for name in names}
        base_urls = {name: s.base_url for name, s in servers.items()}
        expected = build_site(root, base_urls)
        for name, server in servers.items():
            server.root = root / name
        sources_path = root / "sources.toml"
        sources_path.write_text(sources_toml(base_urls), encoding="utf-8")
        yield RunningDemo(servers, expected, sources_path)
