"""Tests for siteselect.report.writer: atomic writes, --force, modes, stdout."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from siteselect.errors import OutputError
from siteselect.report.writer import check_writable, write_output, write_text


def test_write_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_text(target, "one")
    with pytest.raises(OutputError, match="use --force"):
        write_text(target, "two")
    assert target.read_text() == "one"
    write_text(target, "three", force=True)
    assert target.read_text() == "three"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left behind
    with pytest.raises(OutputError, match="does not exist"):
        write_text(tmp_path / "missing" / "x.json", "x")
    # A file in the folder's place was said not to exist.
    with pytest.raises(OutputError, match=r"folder .*out.json is a file, not a folder$"):
        write_text(target / "x.json", "x")


def test_new_files_follow_the_umask_and_force_keeps_the_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "a.csv"
        write_text(target, "x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o664)
        write_text(target, "y", force=True)
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(old)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="not writable"):
            check_writable(folder / "out.json")
    finally:
        folder.chmod(0o755)


def test_a_folder_is_not_an_output_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        check_writable(tmp_path)


def test_dash_means_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_output("-", "hello\n")
    write_output(None, "again\n")
    assert capsys.readouterr().out == "hello\nagain\n"


def test_a_pipe_is_written_through_never_replaced(tmp_path: Path) -> None:
    """`-o FIFO` (or /dev/null, /dev/stdout) writes into it: with --force the writer once
    replaced the device by a regular file (as root, /dev/null itself)."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_text(fifo, "hola\n")  # no --force needed: nothing is replaced
    reader.join(timeout=10)
    assert got == [b"hola\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    write_text(Path(os.devnull), "nada", force=True)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_symlink_keeps_pointing_at_its_file(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    with pytest.raises(OutputError, match="exists"):
        write_text(link, "[1]")
    write_text(link, "[1]", force=True)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "[1]"
