"""Pictures a user gives a report (a developer's logo, a photo of the park): read and checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from siteselect.errors import DataError

KINDS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ImageFile:
    """A checked PNG or JPEG: its bytes, kind (``png``/``jpeg``) and size in pixels."""

    data: bytes
    kind: str
    width: int
    height: int
    name: str


def read_image(path: Path, option: str) -> ImageFile:
    """Read a PNG or JPEG file and check it decodes.

    A missing path, a folder or a file that is not a readable PNG or JPEG is a
    :class:`DataError` (exit 3, as for every input file of data: candidates, facts, layers;
    only a TOML configuration is a :class:`ConfigError`). ``option`` names the option or
    config key in the message.
    """
    path = Path(path)
    if not path.exists():
        msg = f"{option}: {path.name} does not exist"
        raise DataError(msg)
    if path.is_dir():
        msg = f"{option}: {path.name} is a folder; give a PNG or JPEG file"
        raise DataError(msg)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"{option}: cannot read {path.name}: {exc.strerror or exc}"
        raise DataError(msg) from None
    if len(data) > MAX_BYTES:
        msg = f"{option}: {path.name} is larger than 20 MB; give a smaller PNG or JPEG"
        raise DataError(msg)
    kind = next((k for magic, k in KINDS.items() if data.startswith(magic)), None)
    if kind is None:
        msg = f"{option}: {path.name} is not a PNG or JPEG image"
        raise DataError(msg)
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width, height = image.size
            mode = image.mode
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        msg = f"{option}: {path.name} is not a readable {kind.upper()} image ({exc})"
        raise DataError(msg) from None
    if width < 1 or height < 1:
        msg = f"{option}: {path.name} has no pixels"
        raise DataError(msg)
    if kind == "png" and mode not in ("RGB", "L", "P", "RGBA", "LA"):
        msg = f"{option}: {path.name} is a PNG in mode {mode}; save it as 8-bit RGB or RGBA"
        raise DataError(msg)
    return ImageFile(data, kind, int(width), int(height), path.name)
