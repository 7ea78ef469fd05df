"""The mayor's office (issue 19.9; Положение п.4, 15, 26–29): it prepares and sees what the mayor
signs — the municipality's projects, the signing queue, the defences, the mayor's reminders — but only
the mayor signs the card, approves the closing protocol and decides on the closure. And the signature
belongs to the one person the municipality names as its mayor, not to whoever holds the role."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from notifications.models import Notification
from org.choices import Role
from org.models import Municipality, User
from projects import permissions as perms
from projects import results, services
from projects.choices import Achievement, Status
from projects.exceptions import ActionRefused
from projects.models import Closure, Meeting
from tests.factories import UserFactory, advance, assess_card, hold_defence, make_project
from tests.projects.test_results import to_defence

NO_RIGHTS = "нет на него прав"


@pytest.fixture
def office(world):
    return UserFactory(
        username="mayor_office",
        municipality=world.municipality,
        roles=[Role.MAYOR_OFFICE],
        last_name="Зайцева",
        position="Помощник Мэра",
    )


def fresh(user) -> User:
    """A new instance, as a new request would load it."""
    return User.objects.get(pk=user.pk)


def _errors(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_mayor_office_cannot_sign_or_decide(world, office):  # Положение п.4, 15, 29; issue 19.9
    """Service: the office is refused the card's signature, its return to the coordinator, the
    closing protocol's approval, the closure and the return to implementation; nothing changes."""
    card = advance(make_project(world), world, "card_signing")
    for action in ("sign_card", "return_card_to_coordinator"):
        with pytest.raises(ActionRefused, match=NO_RIGHTS):
            services.transition_perform(project=card, by=office, action=action, comment="Подготовлено")
    card.refresh_from_db()
    assert card.status == Status.CARD_SIGNING

    project = to_defence(world)
    meeting = hold_defence(project)
    with pytest.raises(ActionRefused, match="утверждает Мэр"):
        services.meeting_protocol_approve(meeting=meeting, by=office)
    with pytest.raises(ActionRefused, match=NO_RIGHTS):
        results.project_close(project=project, by=office, achievement=Achievement.ACHIEVED)
    with pytest.raises(ActionRefused, match=NO_RIGHTS):
        results.project_return_to_implementation(project=project, by=office, comment="Доработать")
    project.refresh_from_db()
    assert project.status == Status.DEFENCE and not Closure.objects.filter(project=project).exists()
    assert not Meeting.objects.get(pk=meeting.pk).is_protocol_approved
    assert not results.can_decide(project, office)
    assert services.available_acts(project=card, user=office) == []

    # The mayor himself still signs and decides.
    services.transition_perform(project=card, by=world.mayor, action="sign_card")
    results.project_close(project=project, by=world.mayor, achievement=Achievement.ACHIEVED)
    assert Closure.objects.filter(project=project).exists()


def test_mayor_office_cannot_sign_or_decide_through_the_pages(client, world, office):  # issue 19.9
    card = advance(make_project(world), world, "card_signing")
    project = to_defence(world)
    meeting = hold_defence(project)
    client.force_login(office)

    page = client.get(card.get_absolute_url())
    assert page.status_code == 200
    assert reverse("projects:act", args=[card.pk, "sign_card"]) not in page.content.decode()
    response = client.post(reverse("projects:act", args=[card.pk, "sign_card"]), {"comment": ""})
    assert response.status_code == 302 and NO_RIGHTS in _errors(response)
    response = client.post(
        reverse("projects:act", args=[card.pk, "return_card_to_coordinator"]), {"comment": "Вернуть"}
    )
    assert response.status_code == 302 and NO_RIGHTS in _errors(response)

    response = client.post(
        reverse("projects:report_act", args=[project.pk, "close"]), {"achievement": "achieved"}
    )
    assert NO_RIGHTS in _errors(response)
    response = client.post(
        reverse("projects:report_act", args=[project.pk, "reopen"]), {"comment": "Доработать"}
    )
    assert NO_RIGHTS in _errors(response)
    response = client.post(reverse("projects:meeting_act", args=[project.pk, meeting.pk, "approve"]))
    assert "утверждает Мэр" in _errors(response)

    card.refresh_from_db()
    project.refresh_from_db()
    assert card.status == Status.CARD_SIGNING and project.status == Status.DEFENCE
    assert not Meeting.objects.get(pk=meeting.pk).is_protocol_approved


def test_mayor_office_sees_the_queue_the_defences_and_gets_the_mayors_reminders(
    client, world, office, django_capture_on_commit_callbacks
):  # issue 19.9: the allowed paths
    project = advance(make_project(world), world, "card_review")
    with django_capture_on_commit_callbacks(execute=True):
        assess_card(project)  # Положение п.14
        services.transition_perform(project=project, by=world.coordinator, action="approve_card")
    # The card waits for signing: the mayor and his office are told (п.15).
    told = set(Notification.objects.filter(project=project).values_list("recipient__username", flat=True))
    assert {"mayor", "mayor_office"} <= told
    defence = to_defence(world)

    client.force_login(office)
    queue = client.get(reverse("projects:signing"))
    assert queue.status_code == 200
    text = queue.content.decode()
    assert project.number in text and defence.number in text
    assert "подписывает карточки и принимает решения только Мэр" in text
    home = client.get(reverse("home")).content.decode()
    assert "На подпись и к решению" in home and project.number in home
    listed = client.get(reverse("projects:list")).content.decode()
    assert project.number in listed and defence.number in listed
    assert client.get(reverse("projects:report", args=[defence.pk])).status_code == 200
    assert client.get(reverse("documents:card_pdf", args=[project.pk])).status_code == 200
    nav = client.get(reverse("projects:list")).content.decode()
    assert reverse("projects:signing") in nav

    # Another municipality's projects stay hidden from the office.
    foreign = UserFactory(municipality=world.foreign_municipality, roles=[Role.MAYOR_OFFICE])
    client.force_login(foreign)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_only_the_named_mayor_signs(world):  # Положение п.4, 15; issue 19.9
    """A second holder of the role «Мэр» — the office given the wrong role, a former mayor — is not
    the signatory: only the person `Municipality.mayor` names signs."""
    second = UserFactory(username="second_mayor", municipality=world.municipality, roles=[Role.MAYOR])
    card = advance(make_project(world), world, "card_signing")
    with pytest.raises(ActionRefused, match=NO_RIGHTS):
        services.transition_perform(project=card, by=second, action="sign_card")
    card.refresh_from_db()
    assert card.status == Status.CARD_SIGNING
    # He still sees the project, like the office.
    assert perms.can_view(card, second)

    # Without a named mayor: the single holder of the role signs; two holders — nobody.
    Municipality.objects.filter(pk=world.municipality.pk).update(mayor=None)
    assert not perms.is_mayor_of(card, fresh(world.mayor))
    second.role_assignments.all().delete()
    assert perms.is_mayor_of(card, fresh(world.mayor))
    Municipality.objects.filter(pk=world.municipality.pk).update(mayor=second)
    assert not perms.is_mayor_of(card, fresh(world.mayor))  # named, but not a holder: nobody
    Municipality.objects.filter(pk=world.municipality.pk).update(mayor=world.mayor)
    services.transition_perform(project=card, by=fresh(world.mayor), action="sign_card")
    card.refresh_from_db()
    assert card.status == Status.CURRENT_MAP
