"""The public form as a respondent meets it: no account, one survey reached by its token, the comment
rule, dates, personal links answered once (МР п.4.4, «АНКЕТА заказчика процесса»)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import services
from surveys.models import Response
from surveys.questions import QUESTIONS
from tests.factories import DepartmentFactory, make_project
from tests.surveys.factories import answer, form_data, make_survey
from workdays import clock

D = dt.date


def _url(token: str) -> str:
    return reverse("surveys:public", args=[token])


def _html(response) -> str:
    return response.content.decode()


# --- An anonymous respondent --------------------------------------------------------------------


def test_anonymous_respondent_sees_the_regulations_form_and_answers(client, world):
    survey = make_survey(world)
    response = client.get(_url(survey.token))
    html = _html(response)
    assert response.status_code == 200
    assert survey.process_name in html
    for q in QUESTIONS:
        assert str(q.text) in html
    for label in ("Нет", "Скорее нет", "Скорее да", "Да", "Процесс", "Поддержка пользователей процесса"):
        assert f">{label}<" in html
    assert "Есть ли у Вас предложения по совершенствованию процесса?" in html
    assert world.department.name in html  # the municipality's departments to pick from

    response = client.post(
        _url(survey.token),
        form_data(
            (4, 3, 3, 4, 4),
            department=str(world.other_department.pk),
            organisation="",
            respondent_name="Иванова И.И.",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[survey.token])
    saved = Response.objects.get(survey=survey)
    assert (saved.organisation, saved.department, saved.respondent_name) == (
        world.other_department.name,
        world.other_department,
        "Иванова И.И.",
    )
    assert "Спасибо" in _html(client.get(response["Location"]))


def test_public_page_shows_nothing_of_the_project_or_others(client, world):
    survey = make_survey(world)
    other = make_project(
        world,
        title="Секретный проект другого отдела",
        department=world.other_department,
        lead=world.other_lead,
    )
    other_survey = make_survey(world, other, by=world.other_lead)
    html = _html(client.get(_url(survey.token)))
    assert "/projects/" not in html and "/admin/" not in html
    assert other.title not in html and other_survey.token not in html
    assert survey.project.number not in html
    # Nobody finds a survey by its number or the project's.
    for path in (f"/s/{survey.pk}/", f"/s/{survey.project_id}/", "/s/nonexistent-token/"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("detail", {}),
        ("edit", {}),
        ("print", {}),
        ("print_personal", {}),
        ("qr", {}),
        ("export", {}),
        ("invitations", {}),
        ("act", {"act": "close"}),
    ],
)
def test_anonymous_gets_no_staff_page(client, world, name, kwargs):
    survey = make_survey(world)
    url = reverse(f"surveys:{name}", kwargs={"pk": survey.project_id, "survey_pk": survey.pk, **kwargs})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    survey.refresh_from_db()
    assert survey.closed_at is None


def test_the_form_writes_only_into_its_own_survey(client, world):
    survey = make_survey(world)
    other = make_survey(world, make_project(world, title="Другой"))
    foreign_department = DepartmentFactory(municipality=world.foreign_municipality, direction=None)
    data = form_data(survey=str(other.pk), project=str(other.project_id), survey_id=str(other.pk))
    assert client.post(_url(survey.token), data).status_code == 302
    assert other.responses.count() == 0 and survey.responses.count() == 1

    # A department of another municipality is not on the list and cannot be slipped in.
    response = client.post(
        _url(survey.token), form_data(department=str(foreign_department.pk), organisation="")
    )
    assert response.status_code == 200
    assert _html(response).count("Выберите подразделение из списка.") == 1
    assert "или впишите свою организацию" not in _html(response)
    assert foreign_department.name not in _html(client.get(_url(survey.token)))
    assert survey.responses.count() == 1


# --- Bad input ----------------------------------------------------------------------------------


def test_missing_answers_are_named_and_every_answer_is_kept(client, world):
    survey = make_survey(world)
    data = form_data(
        (4, None, 1, None, 3),
        department="other",
        organisation="ООО «Ромашка»",
        respondent_name="Сидоров П.П.",
        suggestions="Сократить число подписей",
        comment_duration="Жду ответа две недели",
    )
    response = client.post(_url(survey.token), data)
    html = _html(response)
    assert response.status_code == 200
    assert "Анкета не отправлена" in html
    assert "вопрос 2: выберите ответ" in html and "вопрос 4: выберите ответ" in html
    assert 'href="#q2"' in html
    # What was typed and chosen is still there.
    assert re.search(r'name="satisfaction"[^>]*value="4"[^>]*checked', html)
    assert re.search(r'name="duration"[^>]*value="1"[^>]*checked', html)
    assert re.search(r'name="support"[^>]*value="3"[^>]*checked', html)
    assert "Жду ответа две недели" in html and "Сократить число подписей" in html
    assert 'value="ООО «Ромашка»"' in html and 'value="Сидоров П.П."' in html
    assert '<option value="other" selected>' in html
    assert not Response.objects.exists()


@pytest.mark.parametrize("low", [1, 2])
def test_a_no_or_rather_no_answer_needs_a_comment(client, world, low):
    # МР, анкета: «В случае ответа "Нет" / "Скорее нет" - прокомментируйте».
    survey = make_survey(world)
    response = client.post(_url(survey.token), form_data((4, 4, low, 4, 4)))
    html = _html(response)
    label = "Нет" if low == 1 else "Скорее нет"
    assert f"Вы ответили «{label}» — прокомментируйте" in html
    assert "вопрос 3: нужен комментарий" in html
    assert not Response.objects.exists()
    response = client.post(_url(survey.token), form_data((4, 4, low, 4, 4), comment_duration="Слишком долго"))
    assert response.status_code == 302
    assert Response.objects.get().comment_duration == "Слишком долго"


def test_comments_are_optional_for_yes_answers_and_spaces_are_no_comment(client, world):
    survey = make_survey(world)
    assert client.post(_url(survey.token), form_data((3, 4, 3, 4, 3))).status_code == 302
    response = client.post(_url(survey.token), form_data((2, 4, 4, 4, 4), comment_satisfaction="   "))
    assert "нужен комментарий" in _html(response)


def test_the_comment_rule_holds_outside_the_form_too(world):
    survey = make_survey(world)
    with pytest.raises(ValidationError) as exc:
        answer(survey, (1, 4, 4, 4, 4), comments={})
    assert "comment_satisfaction" in exc.value.message_dict
    assert not Response.objects.exists()


def test_department_or_organisation_is_required_and_unambiguous(client, world):
    survey = make_survey(world)
    html = _html(client.post(_url(survey.token), form_data(department="", organisation="")))
    assert "Выберите подразделение из списка или впишите свою организацию" in html
    html = _html(client.post(_url(survey.token), form_data(department="other", organisation="")))
    assert "Впишите наименование своей организации" in html
    html = _html(
        client.post(_url(survey.token), form_data(department=str(world.department.pk), organisation="МФЦ"))
    )
    assert "Очистите это поле" in html
    # Typing without choosing «другая» in the list is understood.
    assert client.post(_url(survey.token), form_data(department="", organisation="МФЦ")).status_code == 302
    assert Response.objects.get().organisation == "МФЦ"


def test_a_score_outside_the_scale_is_refused(client, world):
    survey = make_survey(world)
    response = client.post(_url(survey.token), form_data((4, 4, 4, 4, 4), satisfaction="7"))
    assert "вопрос 1: выберите ответ" in _html(response)
    assert not Response.objects.exists()


# --- Dates -------------------------------------------------------------------------------------


def test_a_survey_not_yet_open_says_when_it_opens(client, world):
    with clock.frozen_today(D(2026, 3, 2)):
        survey = make_survey(world, opens_on=D(2026, 3, 10), closes_on=D(2026, 3, 20))
        response = client.get(_url(survey.token))
        assert response.status_code == 200
        assert "Анкетирование ещё не началось: ответы принимаются с 10.03.2026 по 20.03.2026." in _html(
            response
        )
        assert "<form" not in _html(response)
        response = client.post(_url(survey.token), form_data())
        assert response.status_code == 403
    with clock.frozen_today(D(2026, 3, 10)):
        assert client.post(_url(survey.token), form_data()).status_code == 302
    assert survey.responses.count() == 1


def test_a_closed_survey_says_so(client, world):
    with clock.frozen_today(D(2026, 3, 2)):
        survey = make_survey(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 6))
    with clock.frozen_today(D(2026, 3, 6)):  # the closing day is included
        assert client.post(_url(survey.token), form_data()).status_code == 302
    with clock.frozen_today(D(2026, 3, 7)):
        html = _html(client.get(_url(survey.token)))
        assert "Анкетирование завершено 06.03.2026: ответы больше не принимаются." in html
        response = client.post(_url(survey.token), form_data())
        assert response.status_code == 410
    assert survey.responses.count() == 1


def test_a_survey_closed_early_by_the_team_says_so(client, world):
    survey = make_survey(world)
    services.survey_close(survey=survey, by=world.lead)
    html = _html(client.get(_url(survey.token)))
    assert f"Анкетирование завершено {clock.today():%d.%m.%Y}" in html
    assert client.post(_url(survey.token), form_data()).status_code == 410
    assert not survey.responses.exists()


# --- Personal links -----------------------------------------------------------------------------


def test_a_personal_link_takes_one_answer(client, world):
    survey = make_survey(world)
    rows = [services.InviteeRow(name="Петрова Анна Сергеевна", department=world.department)]
    invitation = services.invitations_add(survey=survey, by=world.lead, rows=rows)[0]
    url = _url(invitation.token)
    html = _html(client.get(url))
    assert "Петрова Анна Сергеевна" in html  # prefilled; the respondent may correct it
    assert f'<option value="{world.department.pk}" selected>' in html

    data = form_data(department=str(world.department.pk), organisation="", respondent_name="Петрова А.С.")
    assert client.post(url, data).status_code == 302
    second = client.post(
        url, form_data((1, 1, 1, 1, 1), **{q.comment_field: "передумала" for q in QUESTIONS})
    )
    assert second.status_code == 409
    assert "По этой персональной ссылке уже ответили" in _html(second)
    assert "Повторно ответить нельзя" in _html(client.get(url))
    response = Response.objects.get()
    assert response.invitation == invitation and response.satisfaction == 4
    # A second answer is refused by the service itself, not only by the page.
    with pytest.raises(services.SurveyUnavailable):
        answer(survey, (4, 4, 4, 4, 4), invitation=invitation)
    assert Response.objects.count() == 1


def test_a_personal_link_works_when_the_public_link_is_off(client, world):
    survey = make_survey(world, public_link=False)
    invitation = services.invitations_add(
        survey=survey, by=world.lead, rows=[services.InviteeRow(name="Орлов В.В.", organisation="МФЦ")]
    )[0]
    response = client.get(_url(survey.token))
    assert "только по персональным ссылкам" in _html(response)
    assert client.post(_url(survey.token), form_data()).status_code == 404
    assert client.post(_url(invitation.token), form_data()).status_code == 302
    assert survey.responses.get().invitation == invitation


def test_a_revoked_personal_link_is_gone(client, world):
    survey = make_survey(world)
    invitation = services.invitations_add(
        survey=survey, by=world.lead, rows=[services.InviteeRow(name="Орлов В.В.")]
    )[0]
    services.invitation_revoke(invitation=invitation, by=world.lead)
    assert client.get(_url(invitation.token)).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_answers_through_one_personal_link_leave_one():
    """Two phones submitting the same personal link at the same moment: the row lock and the unique
    constraint leave exactly one answer, the other is told the link was used."""
    import threading

    from django.db import connection

    from tests.factories import World

    world = World()
    survey = make_survey(world)
    invitation = services.invitations_add(
        survey=survey, by=world.lead, rows=[services.InviteeRow(name="Орлов В.В.")]
    )[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            answer(survey, (4, 4, 4, 4, 4), invitation=invitation)
            outcomes.append("ok")
        except services.SurveyUnavailable:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Response.objects.filter(invitation=invitation).count() == 1


def test_an_overlong_comment_is_named_and_kept(client, world):
    survey = make_survey(world)
    text = "очень долго " * 200
    response = client.post(_url(survey.token), form_data((1, 4, 4, 4, 4), comment_satisfaction=text))
    html = _html(response)
    assert "вопрос 1: Убедитесь, что это значение содержит не более 2000 символов" in html
    assert text.strip() in html
    assert not Response.objects.exists()
