"""The site with something at every stage, three times over: in the department of the World's lead
(scope «own»), in another department of another direction («other_dept») and in another
municipality («foreign»). Every URL of the site with an id resolves against each of them.

Built through the services, like users build it, by `build_site(world)`."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from types import SimpleNamespace

from axes.models import AccessFailureLog
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from maps import services as map_services
from maps.choices import MapKind
from maps.models import ProcessMap
from notifications.choices import MailState
from notifications.models import Notification, OutgoingMail
from org.access import reference_editor_grant
from org.choices import Role, TeamMembership
from org.models import ManagementTeamMember
from projects import comments as project_comments
from projects import complaints, initiatives, planning, practices, results, services
from projects.models import JournalEntry, LegalAct, Meeting, MeetingParticipant, Project, ResultPhoto
from surveys import services as survey_services
from tests.factories import (
    DepartmentFactory,
    DirectionFactory,
    UserFactory,
    World,
    advance,
    build_current_map,
    build_target_map,
    make_project,
)
from workdays import clock

SCOPES = ("own", "other_dept", "foreign")


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, "PNG")
    return buf.getvalue()


@dataclass
class Scope:
    """Who plays which part in one scope, and the objects built there."""

    name: str
    lead: object
    member: object
    coordinator: object
    mayor: object
    authority: object
    department: object
    objects: dict = field(default_factory=dict)

    def as_world(self) -> SimpleNamespace:
        return SimpleNamespace(
            lead=self.lead,
            member=self.member,
            coordinator=self.coordinator,
            mayor=self.mayor,
            authority=self.authority,
            department=self.department,
        )

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _scopes(world: World) -> dict[str, Scope]:
    other_member = UserFactory(
        username="member2",
        municipality=world.municipality,
        department=world.other_department,
        roles=[Role.TEAM],
    )
    world.other_department.head = world.other_lead
    world.other_department.save()
    fm = world.foreign_municipality
    fm.mayor = world.foreign_mayor
    fm.save()
    f_direction = DirectionFactory(
        municipality=fm, coordinator=world.foreign_coordinator, name="Социальная сфера"
    )
    f_department = DepartmentFactory(municipality=fm, direction=f_direction, name="Отдел опеки")
    f_lead = UserFactory(
        username="flead", municipality=fm, department=f_department, roles=[Role.LEAD, Role.TEAM]
    )
    f_department.head = f_lead
    f_department.save()
    f_member = UserFactory(username="fmember", municipality=fm, department=f_department, roles=[Role.TEAM])
    return {
        "own": Scope(
            "own", world.lead, world.member, world.coordinator, world.mayor, world.authority, world.department
        ),
        "other_dept": Scope(
            "other_dept",
            world.other_lead,
            other_member,
            world.other_coordinator,
            world.mayor,
            world.authority,
            world.other_department,
        ),
        "foreign": Scope(
            "foreign",
            f_lead,
            f_member,
            world.foreign_coordinator,
            world.foreign_mayor,
            world.foreign_mayor,
            f_department,
        ),
    }


def _project(w, title: str) -> Project:
    return make_project(w, title=title, department=w.department, lead=w.lead)


def _build(scope: Scope) -> None:
    from tests.projects.test_results import _activity, closed_project, fill_report, to_results

    w = scope.as_world()
    o = scope.objects
    # Draft: the card being filled; an initiation survey with a personal invitation.
    o["draft"] = draft = _project(w, "Черновик карточки")
    today = clock.today()
    o["survey"] = survey = survey_services.survey_create(
        project=draft,
        by=w.lead,
        phase="initiation",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
        public_link=True,
    )
    o["invitation"] = survey_services.invitations_add(
        survey=survey, by=w.lead, rows=[survey_services.InviteeRow(name="Орлов В.В.")]
    )[0]
    # Card review: the submitted card's snapshot.
    o["review"] = review = _project(w, "Карточка на рассмотрении")
    services.card_submit(project=review, by=w.lead)
    o["card_entry"] = review.journal.get(action="submit_card")
    # Target map: the current map done, the target one started, a photo on it.
    mapping = advance(_project(w, "Картирование"), w, "current_map")
    build_current_map(mapping, by=w.lead)
    mapping = advance(mapping, w, "target_map")
    build_target_map(mapping, by=w.lead)
    map_services.photo_attach(
        project=mapping,
        map_kind=MapKind.TARGET,
        by=w.lead,
        upload=SimpleUploadedFile("карта.png", png(), content_type="image/png"),
    )
    o["mapping"] = mapping
    o["map_entry"] = mapping.journal.get(snapshot_kind="current_map")
    target = ProcessMap.objects.get(project=mapping, kind="target")
    o["step"] = target.steps.order_by("order").first()
    # Plan drafting: a draft revision with one activity.
    drafting = advance(_project(w, "Формирование плана"), w, "plan_drafting")
    revision = planning.plan_start(project=drafting, by=w.lead)
    problem = planning.current_map_problems(drafting).first()
    o["draft_activity"] = _activity(drafting, revision, w.lead, problem, 1)
    o["problem"] = problem
    o["drafting"] = drafting
    # Implementation: the approved plan, a kick-off meeting, a team meeting with its protocol and a
    # card change being prepared.
    implementing = advance(_project(w, "Реализация"), w, "plan_drafting")
    revision = planning.plan_start(project=implementing, by=w.lead)
    for n, p in enumerate(planning.current_map_problems(implementing), start=1):
        _activity(implementing, revision, w.lead, p, n)
    services.transition_perform(project=implementing, by=w.lead, action="submit_plan")
    services.transition_perform(project=implementing, by=w.coordinator, action="approve_plan")
    implementing.refresh_from_db()
    o["implementing"] = implementing
    o["revision"] = planning.current_revision(implementing)
    o["activity"] = o["revision"].activities.order_by("number").first()
    # issue 18 «Files»: the activity's evidence, served only to whoever may see the project
    o["activity"].evidence_file.save("акт.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    # a second kick-off, not held yet (the first one, held and approved, opened the way: п.10.1)
    o["meeting"] = Meeting.objects.create(
        project=implementing,
        kind="kickoff",
        number=2,
        starts_at=timezone.now(),
        place="каб. 1",
        created_by=w.lead,
    )
    team_meeting = Meeting.objects.create(
        project=implementing,
        kind="team",
        starts_at=timezone.now(),
        held=True,
        decisions="Перенести срок мероприятия 1",
        created_by=w.lead,
    )
    services.meeting_protocol_approve(meeting=team_meeting, by=w.lead)
    o["card_change"] = services.card_change_start(
        project=implementing, by=w.lead, reason="Уточнение показателя", meeting=team_meeting
    )
    # a change with something changed, so that the lead may submit it (issue 19.2)
    Project.objects.filter(pk=implementing.pk).update(problems="Уточнённое описание проблем процесса")
    # Results: the report started, an act and a photo.
    results_project = to_results(w, _project(w, "Оценка результатов"))
    fill_report(results_project, w.lead)
    o["results"] = results_project
    o["legal_act"] = LegalAct.objects.create(
        project=results_project, kind="order", number="12-р", adopted_on=today, title="О порядке приёма"
    )
    o["photo"] = results.photo_add(
        project=results_project,
        by=w.lead,
        kind="before",
        caption="Очередь",
        upload=SimpleUploadedFile("до.png", png(), content_type="image/png"),
    )
    # Closed and in the best-practice base, with its photo.
    closed = closed_project(w, title="Закрытый проект")
    o["closed"] = closed
    # the photos of a closed project are the ones its report had; the file is shared with the above
    o["closed_photo"] = ResultPhoto.objects.create(
        project=closed, kind="after", caption="После", image=o["photo"].image.name, uploaded_by=w.lead
    )
    o["report_entry"] = JournalEntry.objects.filter(project=closed, snapshot_kind="report").first()
    o["practice"] = practices.practice_create(
        project=closed,
        by=w.authority,
        title=closed.title,
        process="Выдача справок",
        area="Социальная поддержка",
        tags="справки",
        effect="Срок сокращён вдвое",
    )
    # An employee's initiative waiting for the head of the department (Положение п.11–12).
    o["initiative"] = initiatives.initiative_submit(
        by=scope.member, title="Выдача справок", problem="Повторные визиты", proposal="Приём в одно окно"
    )
    # A citizen's complaint addressed to the department.
    o["complaint"] = complaints.complaint_register(
        by=w.authority,
        channel="cur",
        number=f"ЦУР-{scope.name}",
        received_on=today - dt.timedelta(days=3),
        text="Долго рассматривают заявление",
        department=w.department,
        urgency="normal",
        priority=3,
    )


def _admin_accounts(world: World, scopes: dict[str, Scope]) -> None:
    """The admin's two kinds of staff (issue 18, hole 1), as the demo has them: the authorised body
    keeps the reference data (a staff account that is not a superuser), and one superuser for the
    technical administration, of no municipality and with no role in the projects."""
    reference_editor_grant(user=world.authority)
    world.superuser = UserFactory(
        username="admin", municipality=None, is_staff=True, is_superuser=True, last_name="Администратор"
    )
    for scope in scopes.values():
        scope.objects["team_member"] = ManagementTeamMember.objects.create(
            municipality=scope.department.municipality,
            user=scope.lead,
            membership=TeamMembership.WORKING_GROUP,
            position_text="Начальник отдела",
        )
        scope.objects["direction"] = scope.department.direction
    # the login journal the admin shows (django-axes): a wrong password and a login
    client = Client()
    client.post(reverse("login"), {"username": world.observer.username, "password": "wrong"})
    client.post(reverse("login"), {"username": world.member.username, "password": "pass12345"})
    # a mail the server refused: the administrator's list of undelivered mail
    OutgoingMail.objects.create(
        key="matrix-refused",
        recipient=world.member,
        to="member@example.test",
        subject="Напоминание",
        body="Срок мероприятия",
        state=MailState.FAILED,
        last_error="550 mailbox unavailable",
    )
    AccessFailureLog.objects.create(
        username=world.observer.username, ip_address="127.0.0.1", user_agent="", http_accept="", path_info="/"
    )


def build_site(world: World, names=SCOPES) -> dict[str, Scope]:
    from django.test import TestCase

    # --- issue 19.9 (g-roles): the mayor's office, a role of its own that signs nothing -----------
    world.mayor_office = UserFactory(
        username="mayor_office", municipality=world.municipality, roles=[Role.MAYOR_OFFICE]
    )
    # --- end g-roles ---
    scopes = {name: scope for name, scope in _scopes(world).items() if name in names}
    for scope in scopes.values():
        # what the acts send after their commit (notifications, mails) happens as in production
        with TestCase.captureOnCommitCallbacks(execute=True):
            _build(scope)
            # --- issue 19.9 (g-roles): the authority's methodological comment (Положение п.6.1) ----
            scope.objects["comment"] = project_comments.comment_post(
                project=scope.objects["implementing"],
                by=scope.authority,
                kind="method",
                text="Методический комментарий к карте",
            )
            # --- end g-roles ---
    if "own" in scopes:
        # invited to one meeting from outside the team: reads that meeting only (issue 18, hole 4)
        MeetingParticipant.objects.create(meeting=scopes["own"].objects["meeting"], user=world.outsider)
    # A notification in each scope: the coordinator's of the submitted card, the other
    # coordinator's of his, the foreign mayor's of a card that awaited his signature.
    recipients = {
        "own": world.coordinator,
        "other_dept": world.other_coordinator,
        "foreign": world.foreign_mayor,
    }
    for name, scope in scopes.items():
        scope.objects["notification"] = Notification.objects.filter(
            recipient=recipients[name], project__department=scope.department
        ).first()
        assert scope.objects["notification"] is not None, name
    _admin_accounts(world, scopes)
    return scopes
