"""QR codes of survey links, drawn on the server as SVG (no JavaScript, no external service):
the printed invitation carries one, and the team can download it for a slide or a poster."""

from __future__ import annotations

import io

import segno


def _code(url: str) -> segno.QRCode:
    # Level M survives a crease or a smudge on a printed sheet and keeps the code small.
    return segno.make(url, error="m", micro=False)


def qr_svg_inline(url: str, *, title: str = "") -> str:
    """An <svg> element to put into a page; it scales with CSS (no fixed size)."""
    return _code(url).svg_inline(scale=1, border=2, omitsize=True, title=title or None, dark="#000")


def qr_svg_file(url: str, *, title: str = "") -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="svg", scale=10, border=4, title=title or None, dark="#000")
    return buffer.getvalue()
