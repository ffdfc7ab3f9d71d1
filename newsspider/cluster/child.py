"""The process each source's crawl runs in.

Twisted's reactor cannot be started twice in one process, so a worker runs
every crawl in a new process. Importing Scrapy, the commands, the spider and
the pipelines costs a crawl about 1.5 s of CPU; so a worker forks its crawls
from a fork server that imported them once (multiprocessing's forkserver:
a fresh single-threaded process, not the worker with its threads). No
reactor is installed by these imports: each crawl installs its own.
"""

from __future__ import annotations

import ctypes
import importlib
import pkgutil
import signal

import scrapy.cmdline
import scrapy.crawler

import newsspider.commands
import newsspider.spiders

#: what `scrapy cluster crawl` imports: every command (Scrapy lists them
#: all), every spider, and the item pipelines
for package in (newsspider.commands, newsspider.spiders):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
for step in ("extract", "clean", "normalise", "validate", "dedupe", "store"):
    importlib.import_module(f"pipelines.{step}")


def crawl(argv: list[str]) -> None:
    """Run ``scrapy cluster crawl NAME ...`` here; its exit status is this
    process's."""
    die_with_parent()
    scrapy.cmdline.execute(argv)


def die_with_parent() -> None:
    """Be killed when the process that started this one dies (the fork
    server, which itself ends with its worker)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
