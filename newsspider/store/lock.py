"""Who may write the corpus: one crawl at a time (`CorpusLock`), and only
a process that can write the file and its folder (`unwritable`)."""

from __future__ import annotations

import fcntl
import os
import pwd
import stat
from pathlib import Path


class CorpusUnwritable(RuntimeError):
    """This process cannot write the corpus or the folder it lives in."""


def unwritable(db_path: str | Path) -> str | None:
    """Why this process cannot write the corpus at `db_path` (None if it can),
    found before SQLite opens it: a connection that cannot write still leaves
    `-wal` and `-shm` files behind, read-only for the next run.

    >>> unwritable("/dev/null/news.db")
    '/dev/null is not a folder: give -s NEWS_DB a path in a folder'
    >>> import tempfile; unwritable(Path(tempfile.mkdtemp()) / "new" / "news.db") is None
    True
    """
    path, real = Path(db_path), Path(db_path).resolve()
    if real.is_dir():
        return f"{path} is a folder, not a database file: give -s NEWS_DB the file's path"
    files = [f for f in (real, *journal_files(real)) if f.exists()]
    blocked = [f for f in files if not os.access(f, os.R_OK | os.W_OK)]
    if blocked:
        names = " ".join(str(f) for f in blocked)
        return (
            f"cannot write {names} ({owner_and_mode(blocked[0])}): give {whoami()} read and "
            f"write access (e.g. sudo chown {whoami()} {names} && sudo chmod u+rw {names}), "
            "or use -s NEWS_DB=PATH"
        )
    folder = next(p for p in real.parents if p.exists())
    if not folder.is_dir():
        return f"{folder} is not a folder: give -s NEWS_DB a path in a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"cannot write in {folder} ({owner_and_mode(folder)}), where the corpus {path} "
            f"and its journal and lock files go: make it writable for {whoami()}, "
            "or use -s NEWS_DB=PATH"
        )
    return None


def journal_files(db: Path) -> list[Path]:
    """SQLite's files beside a WAL-mode database."""
    return [Path(f"{db}-wal"), Path(f"{db}-shm")]


def owner_and_mode(path: Path) -> str:
    st = path.stat()
    try:
        owner = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        owner = str(st.st_uid)
    return f"owner {owner}, mode {stat.filemode(st.st_mode)}"


def whoami() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


class CorpusBusy(RuntimeError):
    """Another crawl holds the corpus lock."""


class CorpusLock:
    """An exclusive, non-blocking lock beside the corpus (``news.db.lock``),
    held by one crawl at a time; the OS drops it when the process dies, even
    by SIGKILL, so a killed run never blocks the next one.

    The lock belongs to the database file, not to one spelling of its path: a
    symlink, ``..`` or a relative path to the same file finds the same lock.
    """

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.fh = None

    def __enter__(self) -> CorpusLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            fh.close()
            raise CorpusBusy(f"another crawl (pid {holder}) is writing {self.db_path}") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self.fh = fh
        return self

    def __exit__(self, *exc) -> None:
        if self.fh is not None:
            self.fh.close()  # closing releases the lock
            self.fh = None


def lock_path(db_path: str | Path) -> Path:
    """The lock file of the corpus at `db_path`: beside the real file, every
    symlink followed.

    >>> lock_path("/tmp/../tmp/news.db") == lock_path("/tmp/news.db")
    True
    """
    return Path(f"{Path(db_path).resolve()}.lock")
