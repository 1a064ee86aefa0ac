"""The one writer: outputs are written atomically and never overwrite without ``--force``."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from siteselect.errors import OutputError

STDOUT = "-"


def is_stdout(path: Path | str | None) -> bool:
    """Whether an output path means standard output (``-`` or none)."""
    return path is None or str(path) == STDOUT


def is_stream(path: Path) -> bool:
    """Whether ``path`` is an existing device, pipe or socket (``/dev/null``, ``/dev/stdout``,
    a FIFO): written through, never replaced by a file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def resolve_target(path: Path) -> Path:
    """The file an output lands in: a symbolic link's target (the link stays a link)."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_writable(path: Path, *, force: bool = False) -> Path:
    """Raise :class:`OutputError` unless ``path`` can be written; return its folder.

    Called before long computations, so a refused output costs nothing: the file must not
    exist (unless ``force``), must not be a folder, and a probe file must be creatable in
    its folder (permissions, read-only mounts). A device or pipe is written through, with
    no ``--force`` (nothing is replaced); a symbolic link's target is the file checked.
    """
    path = resolve_target(Path(path))
    if is_stream(path):
        if not os.access(path, os.W_OK):
            msg = f"cannot write {path}: permission denied"
            raise OutputError(msg)
        return path.parent
    if path.is_dir():
        msg = f"cannot write {path}: it is a folder; give a file name"
        raise OutputError(msg)
    if path.exists() and not force:
        msg = f"{path} exists; use --force to overwrite it"
        raise OutputError(msg)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        # A file where the folder should be (``-o parks.csv/out.csv``) exists: say what it is.
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        msg = f"cannot write {path}: folder {folder} {what}"
        raise OutputError(msg)
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=folder)
    except OSError as exc:
        msg = f"cannot write {path}: folder {folder} is not writable ({exc.strerror or exc})"
        raise OutputError(msg) from None
    os.close(fd)
    Path(probe).unlink(missing_ok=True)
    return folder


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _removed_on_interrupt(tmp: Path) -> Iterator[None]:
    """Remove the temporary file if SIGINT arrives while it is being written."""
    previous: Any = signal.getsignal(signal.SIGINT)

    def _handler(signum: int, frame: Any) -> None:
        tmp.unlink(missing_ok=True)
        if callable(previous):
            previous(signum, frame)
        raise KeyboardInterrupt

    installed = False
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGINT, _handler)
        installed = True
    try:
        yield
    finally:
        if installed:
            signal.signal(signal.SIGINT, previous)


def write_bytes(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write a file atomically: a temporary file in the target folder, then a rename.

    New files get the usual ``0666 & ~umask``; with ``force`` an existing file keeps its
    mode. The temporary file is removed on any failure, Ctrl-C included.
    """
    path = resolve_target(Path(path))
    folder = check_writable(path, force=force)
    if is_stream(path):
        _write_through(path, data)
        return
    mode = (path.stat().st_mode & 0o7777) if path.exists() else (0o666 & ~_umask())
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        with _removed_on_interrupt(tmp), os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise OutputError(msg) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_through(path: Path, data: bytes) -> None:
    """Write to a device or pipe as it is (no temporary file, no rename)."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise OutputError(msg) from None


def write_text(path: Path, text: str, *, force: bool = False) -> None:
    """Write text (UTF-8, newlines as given) atomically; see :func:`write_bytes`."""
    write_bytes(path, text.encode("utf-8"), force=force)


def write_output(path: Path | str | None, text: str, *, force: bool = False) -> None:
    """Write text to a file, or to standard output for ``-`` or no path."""
    if is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_text(Path(str(path)), text, force=force)


def write_file_with(path: Path, write: Callable[[Path], None], *, force: bool = False) -> None:
    """Let ``write`` create a file (a GeoPackage through GDAL) and move it into place atomically.

    ``write`` receives a temporary path in the target folder that does not exist yet; the
    rules of :func:`write_bytes` apply (mode, ``force``, removal on any failure and Ctrl-C).
    """
    path = resolve_target(Path(path))
    folder = check_writable(path, force=force)
    if is_stream(path):  # GDAL writes a file: write it aside, then through to the stream
        with tempfile.TemporaryDirectory() as aside:
            tmp = Path(aside) / f"out{path.suffix}"
            write(tmp)
            _write_through(path, tmp.read_bytes())
        return
    mode = (path.stat().st_mode & 0o7777) if path.exists() else (0o666 & ~_umask())
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=folder)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # GDAL creates the file itself
    try:
        with _removed_on_interrupt(tmp):
            write(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise OutputError(msg) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
