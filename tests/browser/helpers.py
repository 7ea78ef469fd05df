"""What a person does in the browser, written once: log in and out through the form, press the act
buttons of the project page, download a document and read its text as the recipient would."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

PASSWORD = "pass12345"  # tests/factories.UserFactory
DOCUMENT_TIMEOUT = 120_000  # WeasyPrint builds the bigger PDFs (maps, presentation) in seconds


# --- Logging in and out ----------------------------------------------------------------------------


def login(page: Page, base_url: str, username: str, *, password: str = PASSWORD, name: str = "") -> None:
    """Through the login form, as people do; `name` is what the menu then shows (the short name)."""
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    menu = page.get_by_role("navigation", name="Главное меню")
    expect(menu.get_by_role("link", name="Уведомления")).to_be_visible()
    if name:
        expect(menu.get_by_role("button", name=name)).to_be_visible()


def logout(page: Page) -> None:
    """The user menu in the top right corner → «Выйти»; the login form comes back."""
    menu = page.get_by_role("navigation", name="Главное меню")
    menu.locator(".dropdown-toggle").click()
    menu.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("heading", name="Вход в систему")).to_be_visible()


def nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name=label, exact=True).click()


# --- The project page -----------------------------------------------------------------------------


def act_form(page: Page, button: str) -> Locator:
    """The form of one act in «Действия» (a <details> opened by its summary)."""
    details = page.locator("details.act").filter(has=page.locator("summary", has_text=button))
    expect(details).to_have_count(1)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def perform_act(page: Page, button: str, *, comment: str = "", fill=None) -> None:
    """Opens the act, types the comment, fills the extra inputs and confirms it."""
    form = act_form(page, button)
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    if fill is not None:
        fill(form)
    form.get_by_role("button", name=re.compile(r"^Подтвердить:")).click()


def expect_status(page: Page, label: str) -> None:
    """The stage badge under the title of the project page."""
    expect(page.locator("main .badge").filter(has_text=label).first).to_be_visible()


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages").filter(has_text=text)).to_be_visible()


def deadline_alert(page: Page, stage: str) -> Locator:
    """The coloured line of an open statutory clock at the top of the project page."""
    return page.locator("main .alert[role=status]").filter(has_text=stage)


# --- Documents ------------------------------------------------------------------------------------


@dataclass
class Document:
    title: str
    filename: str
    data: bytes
    text: str

    def has(self, needle: str) -> bool:
        return squash(needle) in squash(self.text)


def squash(text: str) -> str:
    """Text compared as a reader sees it: line breaks, hyphenation and spacing do not matter."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"[\s\-‐]+", "", text)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    assert data.startswith(b"%PDF"), data[:40]
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if v is None else str(v) for v in row))
    return "\n".join(lines)


def pptx_slides(data: bytes) -> list[str]:
    from pptx import Presentation

    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        slides.append("\n".join(parts))
    return slides


def text_of(filename: str, data: bytes) -> str:
    if filename.endswith(".pdf"):
        return pdf_text(data)
    if filename.endswith(".xlsx"):
        return xlsx_text(data)
    if filename.endswith(".pptx"):
        return "\n".join(pptx_slides(data))
    raise AssertionError(f"unexpected document {filename}")


def download(page: Page, link: Locator, title: str = "") -> Document:
    with page.expect_download(timeout=DOCUMENT_TIMEOUT) as info:
        link.click()
    download_ = info.value
    assert download_.failure() is None, download_.failure()
    data = Path(download_.path()).read_bytes()
    filename = download_.suggested_filename
    return Document(title=title or filename, filename=filename, data=data, text=text_of(filename, data))


def documents_panel(page: Page) -> Locator:
    return page.locator(".card").filter(has=page.get_by_role("heading", name="Документы", exact=True))


def download_documents(page: Page) -> dict[str, Document]:
    """Every document the «Документы» panel of the project page offers, by its title."""
    panel = documents_panel(page)
    expect(panel).to_be_visible()
    links = panel.get_by_role("link")
    titles = [t.strip() for t in links.all_inner_texts()]
    assert titles, "the «Документы» panel offers nothing"
    documents = {}
    for n, title in enumerate(titles):
        documents[title] = download(page, links.nth(n), title)
    return documents


# --- Accessibility --------------------------------------------------------------------------------

UNLABELLED_JS = """
() => {
  const text = (ids) => ids.split(/\\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)).filter(Boolean)
    .map((el) => el.textContent.trim()).join(' ');
  const unlabelled = [];
  const english = [];
  const fields = document.querySelectorAll('input, select, textarea');
  let checked = 0;
  for (const el of fields) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    checked += 1;
    const name = [
      ...Array.from(el.labels || []).map((l) => l.textContent.trim()),
      (el.getAttribute('aria-label') || '').trim(),
      text(el.getAttribute('aria-labelledby') || ''),
    ].filter(Boolean).join(' ');
    const tag = `<${el.tagName.toLowerCase()} name="${el.name}" id="${el.id}">`;
    if (!name) unlabelled.push(tag);
    else if (/[A-Za-z]/.test(name) && !/[А-Яа-яЁё]/.test(name)) english.push(`${tag} «${name}»`);
  }
  const dangling = [];
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    const missing = el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)
      .filter((id) => !document.getElementById(id));
    if (missing.length) dangling.push(`${el.id || el.name}: ${missing.join(' ')}`);
  }
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  return {
    fields: checked,
    unlabelled: unlabelled,
    english: english,
    dangling_descriptions: dangling,
    duplicate_ids: Object.keys(seen).filter((id) => seen[id] > 1),
  };
}
"""


def form_labels(page: Page) -> dict:
    """Every field of the page (hidden inputs and buttons aside, closed <details> included) that has
    no label — neither a <label> of its own (`for` or around it) nor aria-label/aria-labelledby —
    the fields whose label is English only (the interface is Russian), the ids used twice (a
    `<label for>` names only the first of two fields with one id), and the aria-describedby that
    point at nothing (a hint a screen reader never reads)."""
    return page.evaluate(UNLABELLED_JS)


def tab_to(page: Page, matches: str, *, limit: int = 120) -> None:
    """Presses Tab until the focused element satisfies the JS predicate `matches` (a function of
    the element); fails if the keyboard never gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!el && ({matches})(el); }})()"
        ):
            return
    raise AssertionError(f"Tab never reached the element: {matches}")


def focused(page: Page) -> str:
    return page.evaluate(
        "(() => { const el = document.activeElement; return el ? (el.id || el.name || el.textContent.trim()) : ''; })()"
    )
