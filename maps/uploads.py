"""The photo or scan of a paper map (Прил. 4, слайды 3 и 5): JPEG, PNG or PDF, recognised by what
the file contains — not by its name — and limited in size."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leanproj import uploads

MAX_BYTES = 15 * 1024 * 1024  # a phone photo of an A1 sheet is 3–8 MB; a scanned PDF rarely more
MAX_PIXELS = uploads.MAX_PIXELS  # 40 Mp, checked from the header before decoding (issue 18)


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str


def _human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " " + _("МБ")


def check_upload(upload, *, max_bytes: int | None = None) -> CheckedUpload:
    """Raises ValidationError with a Russian message unless the file really is a JPEG, PNG or PDF
    of acceptable size (`max_bytes`: the evidence of a plan activity may be bigger than a map photo)."""
    size = getattr(upload, "size", None) or 0
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if size == 0:
        raise ValidationError(_("Файл пустой. Выберите фотографию, скан или PDF карты."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _(
                "Файл слишком большой: %(size)s, можно не больше %(max)s. Уменьшите фото или отсканируйте с меньшим разрешением."
            )
            % {"size": _human_size(size), "max": _human_size(max_bytes)},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return _check_pdf(upload, size)
    if head.startswith(b"\xff\xd8\xff"):
        return _check_image(upload, "JPEG", CheckedUpload("image/jpeg", "jpg"))
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _check_image(upload, "PNG", CheckedUpload("image/png", "png"))
    raise ValidationError(
        _("Этот файл не фотография и не PDF. Загрузите снимок или скан карты в формате JPEG, PNG или PDF."),
        code="type",
    )


def _check_image(upload, expected: str, result: CheckedUpload) -> CheckedUpload:
    from PIL import Image

    broken = ValidationError(
        _("Изображение повреждено или не дозагрузилось — откройте его на компьютере и загрузите ещё раз."),
        code="broken",
    )
    try:
        # the size from the header alone: an oversized picture is refused before it is decoded
        fmt, _width, _height = uploads.image_header(upload)
        if fmt != expected:
            raise broken
        with Image.open(upload) as image:
            image.verify()
        # verify() checks the structure; decoding the pixels finds a truncated file.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except ValidationError:
        raise
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.message, code=exc.code) from None
    except Exception:  # Pillow raises many kinds of errors on bad input
        raise broken from None
    finally:
        upload.seek(0)
    return result


def _check_pdf(upload, size: int) -> CheckedUpload:
    upload.seek(max(0, size - 2048))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError(
            _("PDF-файл повреждён или не дозагрузился — сохраните его заново и загрузите ещё раз."),
            code="broken",
        )
    return CheckedUpload("application/pdf", "pdf")
