import io
import re

import pytest
from pypdf import PdfReader

from tests.factories import World


@pytest.fixture
def world(db) -> World:
    return World()


class Pdf:
    """A PDF as a reader sees it: its pages, their text and their size."""

    def __init__(self, content: bytes):
        assert content.startswith(b"%PDF-"), content[:20]
        self.reader = PdfReader(io.BytesIO(content))
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.text = "\n".join(self.pages)
        # Line breaks and hyphenation inside a paragraph must not hide a phrase.
        self.flat = re.sub(r"-\n", "", self.text)
        self.flat = re.sub(r"\s+", " ", self.flat)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def has(self, phrase: str) -> bool:
        return re.sub(r"\s+", " ", phrase) in self.flat

    def fragments(self, index: int) -> list[tuple[str, float, float]]:
        """The text pieces of a page with their position (x, y from the bottom left, in points)."""
        found = []

        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                # tm is in text space, cm maps it to the page
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((text.strip(), x, y))

        self.reader.pages[index].extract_text(visitor_text=visit)
        return found

    def top_margin_centre(self, index: int) -> str:
        """What is printed in the top margin (above 20 mm from the top), near the centre."""
        width, height = (float(v) for v in self.reader.pages[index].mediabox.upper_right)
        return " ".join(
            text
            for text, x, y in self.fragments(index)
            if y > height - 20 * 72 / 25.4 and abs(x - width / 2) < 40
        )

    def top_margin_right(self, index: int) -> str:
        width, height = (float(v) for v in self.reader.pages[index].mediabox.upper_right)
        return " ".join(
            text for text, x, y in self.fragments(index) if y > height - 20 * 72 / 25.4 and x > width * 0.6
        )

    @property
    def is_draft(self) -> bool:
        return re.search(r"(?<![А-ЯЁ])ПРОЕКТ(?![А-ЯЁ])", self.text) is not None


@pytest.fixture
def as_pdf():
    return Pdf
