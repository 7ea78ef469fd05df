"""The team runs the questionnaire from the project; everyone who sees the project sees the summary
(Положение п.10.1, 10.5; МР п.4.4)."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from projects.models import JournalEntry, Project
from surveys import services
from surveys.models import Survey
from tests.factories import make_project
from tests.surveys.factories import answer, make_survey, project_in
from workdays import clock

D = dt.date
TEAM = {"lead", "member"}
VIEWERS = {"coordinator", "mayor", "authority", "observer"}
HIDDEN = {"outsider", "other_coordinator", "other_lead", "foreign_coordinator", "foreign_mayor"}

# url name -> (method, who gets through: "team" or "viewers"); every URL of the app is here.
PAGES = {
    "create": ("get", "team"),
    "detail": ("get", "viewers"),
    "edit": ("get", "team"),
    "print": ("get", "viewers"),
    "print_personal": ("get", "team"),
    "qr": ("get", "viewers"),
    "export": ("get", "viewers"),
}


# Writes (POST only), for the team.
ACTIONS = {"act", "invitations", "invitation_revoke"}
PUBLIC = {"public", "thanks"}
# The coordinator's decision not to hold a survey (Положение п.10.1, 10.5; issue 19.3).
COORDINATOR = {"waive"}


def test_every_url_is_in_the_matrix():
    from surveys.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(PAGES) | ACTIONS | PUBLIC | COORDINATOR


def test_p10_5_only_the_coordinator_opens_the_waiver_page(client, world):
    project = make_project(world)
    url = reverse("surveys:waive", args=[project.pk, "closure"])
    for name, user in world.people().items():
        client.force_login(user)
        status = client.get(url).status_code
        expected = 404 if name in HIDDEN else 200 if name == "coordinator" else 403
        assert status == expected, (name, status)
    client.force_login(world.coordinator)
    assert client.get(reverse("surveys:waive", args=[project.pk, "other"])).status_code == 404


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_permission_matrix(client, world, page):
    project = make_project(world)
    survey = make_survey(world, project) if page != "create" else None
    if page == "create":
        url = reverse("surveys:create", args=[project.pk])
    else:
        url = reverse(f"surveys:{page}", args=[project.pk, survey.pk])
    _method, allowed = PAGES[page]
    for name, user in world.people().items():
        client.force_login(user)
        status = client.get(url).status_code
        if name in HIDDEN:
            expected = 404
        elif name in TEAM or (allowed == "viewers" and name in VIEWERS):
            expected = 200
        else:
            expected = 403
        assert status == expected, (page, name, status)


def test_only_the_team_opens_closes_invites_and_revokes(client, world):
    survey = make_survey(world)
    project = survey.project
    invitation = services.invitations_add(
        survey=survey, by=world.lead, rows=[services.InviteeRow(name="Орлов В.В.")]
    )[0]
    posts = [
        (reverse("surveys:act", args=[project.pk, survey.pk, "close"]), {}),
        (reverse("surveys:act", args=[project.pk, survey.pk, "delete"]), {}),
        (reverse("surveys:invitations", args=[project.pk, survey.pk]), {"people": "Иванов И.И."}),
        (reverse("surveys:invitation_revoke", args=[project.pk, survey.pk, invitation.pk]), {}),
    ]
    for name in sorted(VIEWERS | HIDDEN):
        client.force_login(world.people()[name])
        for url, data in posts:
            status = client.post(url, data).status_code
            assert status == (404 if name in HIDDEN else 403), (name, url, status)
    survey.refresh_from_db()
    assert survey.closed_at is None
    assert list(survey.invitations.values_list("name", flat=True)) == ["Орлов В.В."]
    client.force_login(world.member)
    for url, data in posts[2:]:
        assert client.post(url, data).status_code == 302
    assert list(survey.invitations.values_list("name", flat=True)) == ["Иванов И.И."]
    client.post(posts[0][0])
    survey.refresh_from_db()
    assert survey.closed_at is not None


def test_lead_starts_an_initiation_survey_from_the_project_page(client, world):
    project = make_project(world)
    client.force_login(world.lead)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Анкетирование заказчиков процесса" in page
    assert reverse("surveys:create", args=[project.pk]) + "?phase=initiation" in page
    form = client.get(reverse("surveys:create", args=[project.pk]) + "?phase=initiation").content.decode()
    assert f'value="{project.title}"' in form  # the process name proposed from the project
    response = client.post(
        reverse("surveys:create", args=[project.pk]),
        {
            "phase": "initiation",
            "process_name": "Выдача справок о составе семьи",
            "note": "",
            "opens_on": clock.today().isoformat(),
            "closes_on": (clock.today() + dt.timedelta(days=10)).isoformat(),
            "public_link": "on",
        },
    )
    survey = Survey.objects.get(project=project)
    assert response["Location"] == survey.get_absolute_url()
    assert survey.phase == "initiation" and survey.created_by == world.lead
    assert JournalEntry.objects.filter(project=project, action="survey_create").exists()
    detail = client.get(survey.get_absolute_url()).content.decode()
    assert f"/s/{survey.token}/" in detail


def test_bad_dates_are_answered_next_to_the_field_and_kept(client, world):
    project = make_project(world)
    client.force_login(world.lead)
    response = client.post(
        reverse("surveys:create", args=[project.pk]),
        {
            "phase": "initiation",
            "process_name": "Процесс Х",
            "opens_on": "2026-03-20",
            "closes_on": "2026-03-10",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Дата окончания приёма ответов не может быть раньше даты начала." in html
    assert 'value="2026-03-20"' in html and 'value="Процесс Х"' in html
    response = client.post(
        reverse("surveys:create", args=[project.pk]),
        {"phase": "initiation", "process_name": "Процесс Х", "opens_on": "вчера", "closes_on": ""},
    )
    assert response.status_code == 200 and 'value="вчера"' in response.content.decode()
    assert not Survey.objects.exists()


def test_phases_follow_the_lifecycle(world):
    # Положение п.10.1: before the plan is carried out; п.10.5: from implementation to the closing meeting.
    draft = make_project(world)
    with pytest.raises(services.ActionRefused, match="п.10.5"):
        make_survey(world, draft, phase="closure")
    late = project_in(world, "implementation")
    with pytest.raises(services.ActionRefused, match="п.10.1"):
        make_survey(world, late, phase="initiation")
    make_survey(world, late, phase="closure")
    with pytest.raises(services.ActionRefused, match="уже есть"):
        make_survey(world, late, phase="closure")
    for finished in ("closed", "rejected"):
        with pytest.raises(services.ActionRefused):
            make_survey(world, project_in(world, finished), phase="closure")


def test_open_and_close_and_an_expired_survey_must_be_extended(client, world):
    with clock.frozen_today(D(2026, 3, 2)):
        survey = make_survey(world, opens_on=D(2026, 3, 10), closes_on=D(2026, 3, 20))
        services.survey_open(survey=survey, by=world.lead)
        survey.refresh_from_db()
        assert survey.opens_on == D(2026, 3, 2) and survey.state(clock.today()) == "open"
        services.survey_close(survey=survey, by=world.lead)
        assert survey.state(clock.today()) == "closed"
        services.survey_open(survey=survey, by=world.lead)
        assert survey.state(clock.today()) == "open"
    with clock.frozen_today(D(2026, 3, 23)):
        client.force_login(world.lead)
        response = client.post(
            reverse("surveys:act", args=[survey.project_id, survey.pk, "open"]), follow=True
        )
        assert "Срок приёма ответов истёк 20.03.2026" in response.content.decode()
        response = client.post(
            reverse("surveys:edit", args=[survey.project_id, survey.pk]),
            {
                "process_name": survey.process_name,
                "note": "",
                "opens_on": "2026-03-02",
                "closes_on": "2026-03-27",
                "public_link": "on",
            },
        )
        assert response.status_code == 302
        survey.refresh_from_db()
        assert survey.state(clock.today()) == "open"


def test_a_survey_without_answers_may_be_deleted_an_answered_one_not(client, world):
    survey = make_survey(world)
    answer(survey, (4, 4, 4, 4, 4))
    client.force_login(world.lead)
    response = client.post(reverse("surveys:act", args=[survey.project_id, survey.pk, "delete"]), follow=True)
    assert "удалить её нельзя" in response.content.decode()
    assert Survey.objects.filter(pk=survey.pk).exists()
    empty = make_survey(world, make_project(world, title="Другой"))
    client.post(reverse("surveys:act", args=[empty.project_id, empty.pk, "delete"]))
    assert not Survey.objects.filter(pk=empty.pk).exists()


def test_personal_invitations_from_a_pasted_list(client, world):
    survey = make_survey(world)
    client.force_login(world.lead)
    url = reverse("surveys:invitations", args=[survey.project_id, survey.pk])
    people = (
        f"Петрова Анна Сергеевна; {world.department.name}\nКузнецов Олег\tМФЦ ЗАТО Северск\n\nСмирнова И.П."
    )
    response = client.post(url, {"people": people})
    assert response.status_code == 302
    invitations = {i.name: i for i in survey.invitations.all()}
    assert set(invitations) == {"Петрова Анна Сергеевна", "Кузнецов Олег", "Смирнова И.П."}
    assert invitations["Петрова Анна Сергеевна"].department == world.department
    assert invitations["Кузнецов Олег"].organisation == "МФЦ ЗАТО Северск"
    assert len({i.token for i in invitations.values()} | {survey.token}) == 4

    # The same person twice, and a line without a name: refused, the list stays in the field.
    response = client.post(url, {"people": "Петрова Анна Сергеевна; " + world.department.name})
    assert "Уже приглашены: Петрова Анна Сергеевна." in response.content.decode()
    response = client.post(url, {"people": "Орлов В.В.\n; МФЦ"})
    html = response.content.decode()
    assert "строка 2: нет Ф.И.О." in html and "Орлов В.В." in html
    assert survey.invitations.count() == 3

    answer(survey, (4, 4, 4, 4, 4), invitation=invitations["Кузнецов Олег"])
    slips = client.get(
        reverse("surveys:print_personal", args=[survey.project_id, survey.pk])
    ).content.decode()
    assert "Петрова Анна Сергеевна" in slips and "Кузнецов Олег" not in slips
    assert slips.count("<svg") == 2
    assert invitations["Петрова Анна Сергеевна"].token in slips

    response = client.post(
        reverse(
            "surveys:invitation_revoke", args=[survey.project_id, survey.pk, invitations["Кузнецов Олег"].pk]
        ),
        follow=True,
    )
    assert "уже ответил" in response.content.decode()
    client.post(
        reverse(
            "surveys:invitation_revoke", args=[survey.project_id, survey.pk, invitations["Смирнова И.П."].pk]
        )
    )
    assert survey.invitations.count() == 2


def test_viewers_do_not_see_personal_links(client, world):
    survey = make_survey(world)
    invitation = services.invitations_add(
        survey=survey, by=world.lead, rows=[services.InviteeRow(name="Орлов В.В.")]
    )[0]
    client.force_login(world.observer)
    html = client.get(survey.get_absolute_url()).content.decode()
    assert invitation.token not in html and "Приглашено: 1, ответили: 0." in html
    client.force_login(world.lead)
    assert invitation.token in client.get(survey.get_absolute_url()).content.decode()


def test_printable_invitation_has_the_link_and_a_qr_code(client, world, settings):
    settings.SITE_URL = "https://lean.seversknet.ru"
    survey = make_survey(world)
    client.force_login(world.coordinator)
    html = client.get(reverse("surveys:print", args=[survey.project_id, survey.pk])).content.decode()
    link = f"https://lean.seversknet.ru/s/{survey.token}/"
    assert link in html
    assert '<svg viewBox="0 0' in html
    assert "Удовлетворены ли Вы в целом работой процесса?" in html
    response = client.get(reverse("surveys:qr", args=[survey.project_id, survey.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag.endswith("svg") and root.find("{http://www.w3.org/2000/svg}path") is not None


def test_qr_code_draws_the_link():
    """The SVG is the matrix segno builds for exactly this link at level M (decoding would need a camera)."""
    import re

    import segno

    from surveys.qr import qr_svg_inline

    def path(svg: str) -> str:
        return re.search(r' d="([^"]+)"', svg).group(1)

    link = "https://lean.seversknet.ru/s/abc/"
    own = segno.make(link, error="m", micro=False).svg_inline(scale=1, border=2, omitsize=True)
    assert path(qr_svg_inline(link)) == path(own)
    assert path(qr_svg_inline(link)) != path(qr_svg_inline(link.replace("abc", "abd")))


def test_project_page_shows_the_summary_to_viewers(client, world):
    project = make_project(world)
    survey = make_survey(world, project)
    answer(survey, (4, 3, 2, 4, 1), organisation="МФЦ")
    answer(survey, (3, 3, 1, 4, 2), department=world.department)
    client.force_login(world.mayor)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Опрошено" in html and "<strong>2</strong>" in html
    assert "Итого средний балл" in html and "2,70" in html  # 27 points over 10 answers
    assert "3,50" in html  # question 1: (4+3)/2
    assert reverse("surveys:create", args=[project.pk]) not in html  # the mayor does not run surveys


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_queries_do_not_grow_with_answers(client, world):
    project = make_project(world)
    Project.objects.filter(pk=project.pk).update(status="implementation")
    project.refresh_from_db()
    before = project.surveys.create(
        phase="initiation",
        process_name="П",
        opens_on=clock.today(),
        closes_on=clock.today(),
        created_by=world.lead,
    )
    after = make_survey(world, project, phase="closure")
    services.invitations_add(
        survey=after, by=world.lead, rows=[services.InviteeRow(name=f"Р{i}") for i in range(3)]
    )
    for s in (before, after):
        answer(s, (1, 2, 3, 4, 4), suggestions="Да")
    client.force_login(world.lead)
    urls = [
        project.get_absolute_url(),
        after.get_absolute_url(),
        reverse("surveys:export", args=[project.pk, after.pk]),
    ]
    small = [_count(client, url) for url in urls]
    for i, s in enumerate([before, after] * 10):
        answer(s, (i % 4 + 1, 2, 3, 4, 1), organisation=f"Орг {i}", suggestions="Ещё")
    services.invitations_add(
        survey=after, by=world.lead, rows=[services.InviteeRow(name=f"Н{i}") for i in range(5)]
    )
    assert [_count(client, url) for url in urls] == small


def test_done_when_story(client, world):
    """Issue 6 «Done when»: the lead opens an initiation survey and prints the invitation; five
    respondents from three departments answer through the link; the project page shows the summary;
    at closure a second survey is compared with the first."""
    from django.test import Client

    from tests.surveys.factories import form_data

    project = make_project(world)
    client.force_login(world.lead)
    today = clock.today()

    def start(phase):
        client.post(
            reverse("surveys:create", args=[project.pk]),
            {
                "phase": phase,
                "process_name": project.title,
                "opens_on": today.isoformat(),
                "closes_on": (today + dt.timedelta(days=10)).isoformat(),
                "public_link": "on",
            },
        )
        survey = Survey.objects.get(project=project, phase=phase)
        printed = client.get(reverse("surveys:print", args=[project.pk, survey.pk])).content.decode()
        assert f"/s/{survey.token}/" in printed and "<svg" in printed
        return survey

    def five_answer(survey, scores):
        departments = [world.department, world.other_department, None, world.department, None]
        for i, department in enumerate(departments):
            phone = Client()  # a respondent without an account
            data = form_data(
                scores,
                department=str(department.pk) if department else "other",
                organisation="" if department else "МФЦ",
                **{
                    f"comment_{q}": "Долго"
                    for q in ("satisfaction", "simplicity", "duration", "documentation", "support")
                },
            )
            assert (
                phone.post(
                    reverse("surveys:public", args=[survey.token]), data, REMOTE_ADDR=f"10.0.0.{i}"
                ).status_code
                == 302
            )

    five_answer(start("initiation"), (2, 2, 3, 2, 2))
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Опрошено: <strong>5</strong>; подразделений и организаций: <strong>3</strong>" in page
    assert "Итого средний балл: <strong>2,20</strong>" in page

    Project.objects.filter(pk=project.pk).update(status="results")
    five_answer(start("closure"), (4, 3, 4, 4, 3))
    page = client.get(project.get_absolute_url()).content.decode()
    assert "До и после" in page
    assert "2,20" in page and "3,60" in page and "+1,40" in page


def test_survey_link_and_qr_use_the_request_address_when_site_url_is_unset(client, world, settings):
    # issue 21: the demo runs on whatever host and port; a printed link must reach it
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["demo.local"]
    survey = make_survey(world)
    client.force_login(world.coordinator)
    html = client.get(
        reverse("surveys:print", args=[survey.project_id, survey.pk]), HTTP_HOST="demo.local:8123"
    ).content.decode()
    assert f"http://demo.local:8123/s/{survey.token}/" in html
    assert "127.0.0.1:8000" not in html


def test_site_url_wins_over_the_request_address(rf, settings):
    from leanproj.site import site_url

    settings.ALLOWED_HOSTS = ["demo.local"]
    request = rf.get("/", HTTP_HOST="demo.local:8123")
    settings.SITE_URL = "https://lean.example.ru/"
    assert site_url(request) == "https://lean.example.ru"
    settings.SITE_URL = ""
    assert site_url(request) == "http://demo.local:8123"
    assert site_url() == "http://127.0.0.1:8000"  # a worker without a request
