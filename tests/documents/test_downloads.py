"""Downloads: nobody downloads a document of a project they cannot see (issue 8 «Bad input»); every
document URL × every role × own / other department / other municipality, with the expected status
(CONVENTIONS «A permission matrix»: a new URL without an entry fails the suite). File names carry the
project number and a readable Russian name (RFC 5987)."""

import re
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import urls as document_urls
from documents.files import PDF, PPTX, XLSX
from projects.models import Meeting, PlanRevision
from tests.documents.builders import initiation_survey
from tests.factories import make_project

PEOPLE_WHO_SEE = {"lead", "member", "coordinator", "mayor", "authority", "observer"}
PEOPLE_WHO_DO_NOT = {"outsider", "other_coordinator", "other_lead", "foreign_coordinator", "foreign_mayor"}

# url name -> how to build its arguments from the setting (project, meeting, card entry, plan
# revision, survey); None: a list export, no project
MATRIX = {
    "card_pdf": lambda s: [s.project.pk],
    "card_version_pdf": lambda s: [s.project.pk, s.entry.pk],
    "protocol_pdf": lambda s: [s.project.pk, s.meeting.pk],
    "project_deadlines_xlsx": lambda s: [s.project.pk],
    "maps_pdf": lambda s: [s.project.pk],
    "plan_pdf": lambda s: [s.project.pk],
    "plan_revision_pdf": lambda s: [s.project.pk, s.revision.number],
    "plan_xlsx": lambda s: [s.project.pk],
    "indicators_xlsx": lambda s: [s.project.pk],
    "report_pdf": lambda s: [s.project.pk],
    "survey_pdf": lambda s: [s.project.pk],
    "survey_xlsx": lambda s: [s.project.pk, s.survey.phase],
    "presentation_pdf": lambda s: [s.project.pk],
    "presentation_pptx": lambda s: [s.project.pk],
    "working_pdf": lambda s: [s.project.pk],
    "registry_xlsx": None,
    "deadlines_xlsx": None,
}


# an uploaded file and the documents of a practice (not of a project): their access is proved in
# tests/security/test_access_matrix.py and tests/documents/test_defence_slides.py (issue 20)
UPLOADS = {"card_scan", "practice_presentation_pdf", "practice_presentation_pptx"}


def test_every_document_url_is_in_the_matrix():
    assert {p.name for p in document_urls.urlpatterns} - UPLOADS == set(MATRIX)


@pytest.fixture
def setting(world):
    from projects import services

    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    meeting = Meeting.objects.create(
        project=project, kind="kickoff", starts_at=timezone.now(), place="каб. 1", created_by=world.lead
    )
    entry = project.journal.get(action="submit_card")
    # a draft plan revision and an initiation survey: every project document has something to print
    revision = PlanRevision.objects.create(project=project, number=1, created_by=world.lead)
    survey = initiation_survey(project, world)
    return SimpleNamespace(project=project, meeting=meeting, entry=entry, revision=revision, survey=survey)


@pytest.mark.parametrize("name", [n for n, build in MATRIX.items() if build is not None])
@pytest.mark.parametrize("person", sorted(PEOPLE_WHO_SEE | PEOPLE_WHO_DO_NOT))
def test_project_documents_are_served_only_to_those_who_see_the_project(client, world, setting, name, person):
    client.force_login(world.people()[person])
    response = client.get(reverse(f"documents:{name}", args=MATRIX[name](setting)))
    assert response.status_code == (200 if person in PEOPLE_WHO_SEE else 404)
    if response.status_code == 200:
        assert response["Cache-Control"] == "private, no-store"
        assert response.content[:4] in (b"%PDF", b"PK\x03\x04")
        assert response["Content-Type"] in (PDF, XLSX, PPTX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_is_sent_to_the_login_page(client, world, setting, name):
    build = MATRIX[name]
    url = reverse(f"documents:{name}", args=build(setting) if build else [])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["registry_xlsx", "deadlines_xlsx"])
@pytest.mark.parametrize("person", sorted(PEOPLE_WHO_SEE | PEOPLE_WHO_DO_NOT))
def test_list_exports_open_to_every_user_with_their_own_projects(client, world, setting, name, person):
    client.force_login(world.people()[person])
    assert client.get(reverse(f"documents:{name}")).status_code == 200


def test_records_of_another_project_are_not_found(client, world, setting):
    project, meeting, entry = setting.project, setting.meeting, setting.entry
    other = make_project(world, title="Другой проект")
    client.force_login(world.authority)
    assert client.get(reverse("documents:protocol_pdf", args=[other.pk, meeting.pk])).status_code == 404
    assert client.get(reverse("documents:card_version_pdf", args=[other.pk, entry.pk])).status_code == 404
    created = project.journal.get(action="create")  # a journal row without a card snapshot
    assert client.get(reverse("documents:card_version_pdf", args=[project.pk, created.pk])).status_code == 404
    assert client.get(reverse("documents:card_pdf", args=[999999])).status_code == 404
    # a revision or a survey of another project, a phase that does not exist
    assert client.get(reverse("documents:plan_revision_pdf", args=[other.pk, 1])).status_code == 404
    assert client.get(reverse("documents:plan_revision_pdf", args=[project.pk, 7])).status_code == 404
    assert client.get(reverse("documents:survey_xlsx", args=[other.pk, "initiation"])).status_code == 404
    assert client.get(reverse("documents:survey_xlsx", args=[project.pk, "closure"])).status_code == 404
    assert client.get(reverse("documents:survey_xlsx", args=[project.pk, "nonsense"])).status_code == 404


def _filenames(disposition: str) -> tuple[str, str]:
    plain = re.search(r'filename="([^"]+)"', disposition).group(1)
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
    return plain, unquote(encoded)


def test_file_names_carry_the_project_number_and_a_russian_name(client, world, setting):
    project, meeting = setting.project, setting.meeting
    client.force_login(world.lead)

    card = client.get(reverse("documents:card_pdf", args=[project.pk]))
    assert card["Content-Type"] == "application/pdf"
    assert card["Content-Disposition"].startswith("inline;")
    plain, russian = _filenames(card["Content-Disposition"])
    assert russian == f"{project.number} Карточка проекта (проект).pdf"
    assert plain == f"{project.number}_Kartochka_proekta_proekt.pdf"

    protocol = client.get(reverse("documents:protocol_pdf", args=[project.pk, meeting.pk]))
    _plain, russian = _filenames(protocol["Content-Disposition"])
    local = timezone.localtime(meeting.starts_at)
    assert (
        russian == f"{project.number} Протокол установочного совещания № 1 от {local:%d.%m.%Y} (проект).pdf"
    )

    deadlines = client.get(reverse("documents:project_deadlines_xlsx", args=[project.pk]))
    assert deadlines["Content-Disposition"].startswith("attachment;")
    assert _filenames(deadlines["Content-Disposition"])[1] == f"{project.number} Сроки проекта.xlsx"

    registry = client.get(reverse("documents:registry_xlsx"))
    assert _filenames(registry["Content-Disposition"])[1].startswith("Реестр проектов ")

    n = project.number
    expected = {
        "maps_pdf": f"{n} Карты процесса (проект).pdf",
        "plan_pdf": f"{n} План мероприятий редакция 1 (проект).pdf",  # issue 20: the revision in the name
        "plan_xlsx": f"{n} План мероприятий.xlsx",
        "indicators_xlsx": f"{n} Показатели проекта.xlsx",
        "report_pdf": f"{n} Отчёт о результатах (проект).pdf",
        "survey_pdf": f"{n} Анкетирование заказчиков процесса (проект).pdf",
        "presentation_pdf": f"{n} Отчётная презентация (проект).pdf",
        "presentation_pptx": f"{n} Отчётная презентация (проект).pptx",
        "working_pdf": f"{n} Рабочая презентация.pdf",
    }
    for name, filename in expected.items():
        response = client.get(reverse(f"documents:{name}", args=[project.pk]))
        assert _filenames(response["Content-Disposition"])[1] == filename, name
    survey = client.get(reverse("documents:survey_xlsx", args=[project.pk, "initiation"]))
    assert _filenames(survey["Content-Disposition"])[1] == f"{n} Анкетирование при инициации проекта.xlsx"
    pptx = client.get(reverse("documents:presentation_pptx", args=[project.pk]))
    assert pptx["Content-Disposition"].startswith("attachment;")


def test_project_page_lists_its_documents(client, world, setting):
    project, meeting = setting.project, setting.meeting
    client.force_login(world.observer)
    html = client.get(project.get_absolute_url()).content.decode()
    assert reverse("documents:card_pdf", args=[project.pk]) in html
    assert reverse("documents:protocol_pdf", args=[project.pk, meeting.pk]) in html
    assert reverse("documents:project_deadlines_xlsx", args=[project.pk]) in html
    assert "Карточка проекта (Прил. 1)" in html
    # the draft plan and the survey exist: their documents are one click away; the presentation
    # waits for the project to be opened (Положение п.15)
    for name in ("plan_pdf", "plan_xlsx", "indicators_xlsx", "survey_pdf", "working_pdf"):
        assert reverse(f"documents:{name}", args=[project.pk]) in html, name
    assert reverse("documents:survey_xlsx", args=[project.pk, "initiation"]) in html
    assert reverse("documents:presentation_pdf", args=[project.pk]) not in html
