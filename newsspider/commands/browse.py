"""`scrapy browse`: open the corpus in Datasette with the project's metadata,
templates and a SQL time limit; `--publish` adds the read-only settings for
serving it on the open web (docs/browsing.md)."""

from __future__ import annotations

import errno
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.export import NO_CORPUS

ROOT = Path(__file__).resolve().parents[2]
METADATA = ROOT / "data" / "metadata.yml"
TEMPLATES = ROOT / "templates"

#: Settings for every browse: no query runs longer than a second.
#: Facet suggestions try every column on every table page: seconds on a large
#: corpus, for facets the metadata already chooses.
SETTINGS = {"sql_time_limit_ms": "1000", "facet_time_limit_ms": "500", "suggest_facets": "off"}
#: Added by --publish: no arbitrary SQL, no download of the whole file, no
#: unbounded CSV, smaller pages, and responses that caches may keep.
PUBLISH_SETTINGS = {
    "default_allow_sql": "off",
    "allow_download": "off",
    "allow_csv_stream": "off",
    "max_returned_rows": "500",
    "default_cache_ttl": "300",
}


def database_name(db: Path) -> str:
    """The name Datasette gives a database file.

    >>> database_name(Path("data/news.db")), database_name(Path("/tmp/demo.db"))
    ('news', 'demo')
    """
    return db.stem


def metadata_for(db: Path, metadata: dict) -> dict | None:
    """`metadata` with the `news` configuration copied under `db`'s name, or
    None when the file already configures that name.

    >>> metadata_for(Path("news.db"), {"databases": {"news": {"tables": {}}}}) is None
    True
    >>> metadata_for(Path("x/snapshot.db"), {"databases": {"news": {"title": "N"}}})["databases"]["snapshot"]
    {'title': 'N'}
    """
    databases = metadata.get("databases") or {}
    name = database_name(db)
    if name in databases:
        return None
    return {**metadata, "databases": {**databases, name: databases["news"]}}


def datasette_args(
    db: Path,
    metadata: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    publish: bool = False,
    templates: Path = TEMPLATES,
) -> list[str]:
    """The `datasette serve` command line (without the executable).

    >>> " ".join(datasette_args(Path("news.db"), Path("m.yml"), templates=Path("t"))[:6])
    'serve news.db -m m.yml --template-dir t'
    >>> "-i" in datasette_args(Path("news.db"), Path("m.yml"), publish=True)
    True
    """
    args = ["serve", "-i" if publish else "", str(db), "-m", str(metadata)]
    args = [a for a in args if a]
    args += ["--template-dir", str(templates), "--host", host, "--port", str(port)]
    for name, value in (SETTINGS | (PUBLISH_SETTINGS if publish else {})).items():
        args += ["--setting", name, value]
    return args


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Browse the corpus in Datasette: search, facets, article pages, feeds, chart"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--db", metavar="PATH", help="the corpus (default: the NEWS_DB setting)"
        )
        parser.add_argument("-p", "--port", type=int, default=8001, help="port (default: 8001)")
        parser.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="read-only for the open web: immutable file, no custom SQL, no download",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print the datasette command and exit"
        )

    def run(self, args, opts) -> None:
        if args:
            raise UsageError("scrapy browse takes no arguments; use --db PATH")
        db = Path(opts.db or self.settings.get("NEWS_DB"))
        if not db.is_file():
            return self.fail(2, NO_CORPUS.format(db))
        if opts.dry_run:  # a command to keep: its metadata file stays, beside the database
            try:
                metadata = _metadata_file(db, db.parent)
            except OSError as exc:
                return self.fail(1, f"cannot write the metadata for {db}: {exc}")
            print(shlex.join(_command(db, metadata, opts)))
            return None
        if problem := port_problem(opts.host, opts.port):
            return self.fail(2, problem)
        with tempfile.TemporaryDirectory(prefix="newsspider-browse-") as tmp:
            argv = _command(db, _metadata_file(db, Path(tmp)), opts)
            print(f"Browse {db} at http://{opts.host}:{opts.port}/ (Ctrl-C to stop)", flush=True)
            self.exitcode = _serve(argv)
        return None

    def fail(self, status: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = status


def port_problem(host: str, port: int) -> str | None:
    """Why Datasette could not listen on `host`:`port` (naming the option
    that changes it), or None when it can.

    >>> port_problem("127.0.0.1", 70000)
    'cannot listen on 127.0.0.1 port 70000: a port is 1 to 65535; choose one with -p PORT'
    """
    if not 0 < port < 65536:
        return f"cannot listen on {host} port {port}: a port is 1 to 65535; choose one with -p PORT"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Datasette does
            probe.bind(address)
    except socket.gaierror as exc:
        return f"cannot listen on {host}: {exc.strerror}; choose the address with --host"
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return (
                f"port {port} on {host} is in use (another scrapy browse or Datasette?): "
                f"choose another with -p, e.g. scrapy browse -p {port + 1}"
            )
        return f"cannot listen on {host} port {port}: {exc.strerror}; choose another with -p PORT"
    return None


def _command(db: Path, metadata: Path, opts) -> list[str]:
    args = datasette_args(db, metadata, host=opts.host, port=opts.port, publish=opts.publish)
    return [sys.executable, "-m", "datasette", *args]


def _metadata_file(db: Path, folder: Path) -> Path:
    """data/metadata.yml, or a copy in `folder` (NAME.metadata.yml) that also
    configures `db`'s own name."""
    aliased = metadata_for(db, yaml.safe_load(METADATA.read_text()))
    if aliased is None:
        return METADATA
    path = folder / f"{database_name(db)}.metadata.yml"
    path.write_text(yaml.safe_dump(aliased, sort_keys=False, allow_unicode=True))
    return path


def _serve(argv: list[str]) -> int:
    """Run Datasette until it stops; a SIGTERM to us stops it too."""
    process = subprocess.Popen(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:  # Ctrl-C reached Datasette too
        return process.wait()
