"""Limits on what an uploaded file may cost the server to look at (issue 18, hole 5).

- Pictures: the width and height are read from the header (Pillow's `Image.open` is lazy) and a
  picture over `MAX_PIXELS` is refused before a single pixel is decoded — a 60-megapixel PNG took
  643 MB to decode. `Image.MAX_IMAGE_PIXELS` is set to the same limit, so Pillow itself raises on
  anything twice as large wherever an image is opened.
- ZIP packages (DOCX, XLSX, ODT …): the sizes declared in the central directory are checked before
  any entry is read: the number of entries, the total uncompressed size and the compression ratio of
  each entry and of the whole — a .docx holding a 1 GiB entry of zeros is about 1 MB.

The functions raise `UploadRefused` with a Russian message the forms show next to the field."""

from __future__ import annotations

import re
import warnings
import zipfile

from django.utils.translation import gettext as _
from PIL import Image

MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

ZIP_MAX_ENTRIES = 2_000  # a long report in DOCX has a few dozen parts, a workbook a few hundred
ZIP_MAX_TOTAL = 100 * 1024 * 1024  # uncompressed
ZIP_MAX_RATIO = 100  # OOXML and ODF parts compress 3–20 times; zeros compress 1 000 times
ZIP_RATIO_FROM = 1024 * 1024  # a small part may compress as it likes: it cannot exhaust anything


class UploadRefused(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _megapixels(n: int) -> str:
    return f"{n / 1_000_000:.1f}".replace(".", ",")


def too_many_pixels(width: int | None, height: int | None, pixels: int | None = None) -> UploadRefused:
    limit = MAX_PIXELS // 1_000_000
    if width and height:
        text = _(
            "Слишком большое изображение: %(w)s × %(h)s точек (%(mp)s Мп), можно не больше %(max)s Мп. "
            "Уменьшите его и загрузите снова."
        ) % {"w": width, "h": height, "mp": _megapixels(width * height), "max": limit}
    elif pixels:
        text = _(
            "Слишком большое изображение: %(mp)s Мп, можно не больше %(max)s Мп. Уменьшите его и загрузите снова."
        ) % {"mp": _megapixels(pixels), "max": limit}
    else:
        text = _(
            "Слишком большое изображение: можно не больше %(max)s Мп. Уменьшите его и загрузите снова."
        ) % {"max": limit}
    return UploadRefused(text, "too_big")


def image_header(fileobj) -> tuple[str | None, int, int]:
    """(format, width, height) of a picture read from its header alone; raises UploadRefused
    (code «too_big») when it has more than MAX_PIXELS, before anything is decoded, and lets
    Pillow's own errors through for what is not a picture."""
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            # between MAX_PIXELS and twice that Pillow only warns; the check below refuses
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                fmt, (width, height) = image.format, image.size
    except Image.DecompressionBombError as exc:
        # over twice the limit Pillow refuses in open(); its message carries the pixel count
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise too_many_pixels(None, None, int(found.group(1)) if found else None) from None
    finally:
        fileobj.seek(0)
    if width * height > MAX_PIXELS:
        raise too_many_pixels(width, height)
    return fmt, width, height


def stored_image_fits(path) -> bool:
    """Whether a stored picture may be decoded (put into a document): its header says at most
    MAX_PIXELS. False for what cannot be read as a picture at all."""
    try:
        with open(path, "rb") as handle:
            image_header(handle)
    except (UploadRefused, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"


def check_zip(package: zipfile.ZipFile) -> None:
    """Refuses a «zip bomb» by what its central directory declares, before any entry is read
    (an entry is never read beyond its declared size: zipfile stops there)."""
    infos = package.infolist()
    if len(infos) > ZIP_MAX_ENTRIES:
        raise UploadRefused(
            _("В документе слишком много частей: %(n)s, можно не больше %(max)s. Такой файл не принимается.")
            % {"n": len(infos), "max": ZIP_MAX_ENTRIES},
            "zip_entries",
        )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > ZIP_MAX_TOTAL:
        raise UploadRefused(
            _(
                "Распакованный документ занял бы %(size)s МБ, можно не больше %(max)s МБ: "
                "такой файл не принимается («zip-бомба»). Сохраните документ заново и приложите ещё раз."
            )
            % {"size": _mb(total), "max": _mb(ZIP_MAX_TOTAL)},
            "zip_size",
        )
    squeezed = [
        i
        for i in infos
        if i.file_size > ZIP_RATIO_FROM and i.file_size > ZIP_MAX_RATIO * max(i.compress_size, 1)
    ]
    if squeezed or (total > ZIP_RATIO_FROM and total > ZIP_MAX_RATIO * max(packed, 1)):
        raise UploadRefused(
            _(
                "Документ сжат неправдоподобно сильно (больше чем в %(max)s раз): "
                "такой файл не принимается («zip-бомба»). Сохраните документ заново и приложите ещё раз."
            )
            % {"max": ZIP_MAX_RATIO},
            "zip_ratio",
        )


# --- Scans: a signed paper document as PDF, JPEG or PNG ----------------------------------------------

SCAN_MAX_BYTES = 20 * 1024 * 1024  # a scanned A4 page at 300 dpi is 1–5 MB; a phone photo up to 10 MB


def check_scan(upload, *, max_bytes: int = SCAN_MAX_BYTES) -> tuple[str, str]:
    """(content type, extension) of a scan recognised by what the file contains, not by its name:
    a PDF that ends as a PDF does, or a JPEG / PNG whose header fits `MAX_PIXELS` and whose pixels
    decode. Raises `UploadRefused` with a Russian message otherwise."""
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise UploadRefused(_("Файл пустой. Выберите скан или фотографию документа."), "empty")
    if size > max_bytes:
        raise UploadRefused(
            _(
                "Файл слишком большой: %(size)s МБ, можно не больше %(max)s МБ. Отсканируйте с меньшим разрешением."
            )
            % {"size": _mb(size), "max": _mb(max_bytes)},
            "too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    if head.startswith(b"%PDF-"):
        upload.seek(max(0, size - 2048))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise UploadRefused(
                _("PDF-файл повреждён или не дозагрузился — сохраните его заново и загрузите ещё раз."),
                "broken",
            )
        return "application/pdf", "pdf"
    kinds = {
        b"\xff\xd8\xff": ("JPEG", "image/jpeg", "jpg"),
        b"\x89PNG\r\n\x1a\n": ("PNG", "image/png", "png"),
    }
    found = next((v for k, v in kinds.items() if head.startswith(k)), None)
    upload.seek(0)
    if found is None:
        raise UploadRefused(
            _("Этот файл не скан: загрузите документ в формате PDF, JPEG или PNG."),
            "type",
        )
    expected, content_type, extension = found
    broken = UploadRefused(
        _("Изображение повреждено или не дозагрузилось — откройте его на компьютере и загрузите ещё раз."),
        "broken",
    )
    try:
        fmt, _width, _height = image_header(upload)  # refuses an oversized picture before decoding
        if fmt != expected:
            raise broken
        with Image.open(upload) as image:
            image.load()
    except UploadRefused:
        raise
    except Exception:  # Pillow raises many kinds of errors on bad input
        raise broken from None
    finally:
        upload.seek(0)
    return content_type, extension
