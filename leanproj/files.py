"""Uploaded files leave the server only through views that first check access to their project
(issue 18, hole 5): nothing under MEDIA_URL is public, in any settings module.

`file_response` streams a stored file after that check:

- `DJANGO_FILES_SENDFILE` empty (the default): Django streams it (`FileResponse`);
- `x-accel-redirect`: nginx streams it from its `internal` location `FILES_ACCEL_PREFIX`, which
  aliases MEDIA_ROOT (README «Production»);
- `x-sendfile`: Apache (mod_xsendfile) or lighttpd streams the absolute path.

The type sent is the one the file's first bytes show, never its name's: a picture or a PDF opens
in the browser, anything else is downloaded, always with `X-Content-Type-Options: nosniff` and a
file name safe for every client (RFC 6266 / RFC 5987)."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

SENDFILE_MODES = ("", "x-accel-redirect", "x-sendfile")

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
OCTET = "application/octet-stream"
# ZIP packages are told apart by the extension the upload check stored them under (it read their
# manifest); a ZIP stored under any other name is sent as bytes.
PACKAGES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}
INLINE = {PDF, JPEG, PNG}
EXTENSION = {PDF: "pdf", JPEG: "jpg", PNG: "png", **{v: k for k, v in PACKAGES.items()}}


def sendfile_mode() -> str:
    mode = (getattr(settings, "FILES_SENDFILE", "") or "").strip().lower()
    if mode not in SENDFILE_MODES:
        raise ImproperlyConfigured(
            f"DJANGO_FILES_SENDFILE must be one of {', '.join(repr(m) for m in SENDFILE_MODES)}, not {mode!r}"
        )
    return mode


def content_type_of(head: bytes, name: str) -> str:
    """The type the first bytes of a file show; its name only tells which ZIP package it is."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return PACKAGES.get(name.rsplit(".", 1)[-1].lower(), OCTET)
    return OCTET


def _clean_name(filename: str) -> str:
    # no control, format (bidi overrides, zero-width) or unassigned characters: «‮fdp.exe»
    name = "".join(ch for ch in unicodedata.normalize("NFC", filename) if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[\\/:*?"<>|«»]+', " ", name)
    return re.sub(r"\s+", " ", name).strip(" .")[:150].strip(" .")


def content_disposition(filename: str, *, inline: bool) -> str:
    """`inline`/`attachment` with an ASCII `filename` for old clients and the real (Russian) name in
    RFC 5987 `filename*`."""
    name = _clean_name(filename) or "file"
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9.-]+", "_", ascii_stem).strip("_.") or "file"
    ascii_ext = re.sub(r"[^A-Za-z0-9]+", "", extension)
    fallback = f"{ascii_stem}.{ascii_ext}" if ascii_ext else ascii_stem
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _download_name(filename: str, content_type: str) -> str:
    """The name the user gets ends with the extension of what the file is («ул. Ленина» keeps its
    «. Ленина»: only a short Latin tail is an extension)."""
    stem, dot, tail = filename.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", tail):
        stem = filename
    extension = EXTENSION.get(content_type)
    return f"{stem}.{extension}" if extension else filename


def file_response(field, *, filename: str = "") -> HttpResponse:
    """The stored file of a FileField/ImageField, for a user whose access the caller has checked."""
    if not field:
        raise Http404(_("Файл не приложен"))
    try:
        handle = field.storage.open(field.name, "rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404(_("Файл не найден")) from None
    head = handle.read(16)
    content_type = content_type_of(head, field.name)
    name = _download_name(filename or posixpath.basename(field.name), content_type)
    mode = sendfile_mode()
    if mode:
        handle.close()
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            prefix = settings.FILES_ACCEL_PREFIX.rstrip("/") + "/"
            response["X-Accel-Redirect"] = prefix + quote(field.name.lstrip("/"), safe="/")
        else:
            # the path's UTF-8 bytes go out as they are (a header is Latin-1 on the wire)
            response["X-Sendfile"] = field.storage.path(field.name).encode("utf-8")
    else:
        handle.seek(0)
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, inline=content_type in INLINE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
