"""`scrapy browse`: open the corpus in Datasette with the project's metadata,
templates and a SQL time limit; `--publish` adds the read-only settings for
serving it on the open web (docs/browsing.md)."""

from __future__ import annotations

import shlex
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

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
            print(
                f"No corpus at {db}: run `scrapy crawl news` or `scrapy demo` first",
                file=sys.stderr,
            )
            self.exitcode = 2
            return
        with tempfile.TemporaryDirectory(prefix="newsspider-browse-") as tmp:
            metadata = _metadata_file(db, Path(tmp))
            argv = [sys.executable, "-m", "datasette"]
            argv += datasette_args(
                db, metadata, host=opts.host, port=opts.port, publish=opts.publish
            )
            if opts.dry_run:
                print(shlex.join(argv))
                return
            print(f"Browse {db} at http://{opts.host}:{opts.port}/ (Ctrl-C to stop)", flush=True)
            self.exitcode = _serve(argv)


def _metadata_file(db: Path, tmp: Path) -> Path:
    """data/metadata.yml, or a copy that also configures `db`'s own name."""
    aliased = metadata_for(db, yaml.safe_load(METADATA.read_text()))
    if aliased is None:
        return METADATA
    path = tmp / "metadata.yml"
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
