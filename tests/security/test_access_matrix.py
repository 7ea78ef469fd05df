"""The access matrix of the whole site (issue 13, item 1; CONVENTIONS «A permission matrix»):
every URL pattern the resolver knows × every role (anonymous, lead, team member, outsider of the
department, coordinator of the direction, coordinator of another direction, mayor, the mayor's
office, authorised body — staff for the reference data —, observer, a user of another municipality, the superuser) × an
object of the own department, of another department and of another municipality, with the status
each must get: the login page, 403, 404, 200, 302 (with «302!» a redirect that carries an error
message — a refusal), 405 for a wrong method. The admin's URLs have a matrix of their own below
(issue 18, hole 1): every admin URL × every role, staff and superuser included.

GET for every page; POST with empty data for every URL — never a server error. Each request runs
in a savepoint that is rolled back, so one role's act does not change what the next one sees.

A URL pattern without an entry here fails the suite (`test_every_url_has_an_entry`; the admin's:
`test_admin_access_matrix`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import constants, get_messages
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from org.access import REFERENCE_EDITORS
from tests.factories import World
from tests.security.scenario import SCOPES, build_site

ROLES = (
    "anonymous",
    "lead",
    "member",
    "outsider",
    "coordinator",
    "other_coordinator",
    "mayor",
    "mayor_office",  # issue 19.9 (g-roles): sees what the mayor signs, signs nothing
    "authority",
    "observer",
    "foreign",
    "superuser",  # the technical administrator: no municipality, no role (issue 18, hole 1)
)
PERSON = {"foreign": "foreign_mayor"}  # the user of another municipality: its mayor and authority

# What each role is to an object of a project in each scope (DESIGN §1; projects/permissions.py).
LEAD, MEMBER, COORD, MAYOR, AUTH, OBS = "lead", "member", "coordinator", "mayor", "authority", "observer"
TEAM, VIEWER, HIDDEN, ANON = "team", "viewer", "hidden", "anon"
OFFICE = "mayor_office"  # issue 19.9 (g-roles)
PROJECT_RELATION = {
    "own": {
        "lead": {LEAD, TEAM, VIEWER},
        "member": {MEMBER, TEAM, VIEWER},
        "coordinator": {COORD, VIEWER},
        "mayor": {MAYOR, VIEWER},
        "mayor_office": {OFFICE, VIEWER},  # g-roles
        "authority": {AUTH, VIEWER},
        "observer": {OBS, VIEWER},
    },
    "other_dept": {
        "other_coordinator": {COORD, VIEWER},
        "mayor": {MAYOR, VIEWER},
        "mayor_office": {OFFICE, VIEWER},  # g-roles
        "authority": {AUTH, VIEWER},
        "observer": {OBS, VIEWER},
    },
    "foreign": {"foreign": {MAYOR, AUTH, VIEWER}},
}
for _relations in PROJECT_RELATION.values():
    _relations["superuser"] = {VIEWER}  # reads every project (permissions.can_view), acts in none
# Roles of each person in his own municipality (org.choices.Role), for the pages without an object.
GLOBAL = {
    "lead": {"LEAD", "TEAM", "HEAD", "EMPLOYEE"},
    "member": {"TEAM", "EMPLOYEE"},
    "outsider": {"TEAM", "EMPLOYEE"},
    "coordinator": {"COORDINATOR"},
    "other_coordinator": {"COORDINATOR"},
    "mayor": {"MAYOR"},
    "mayor_office": {"MAYOR_OFFICE"},  # g-roles
    "authority": {"AUTHORITY"},
    "observer": {"OBSERVER"},
    "foreign": {"MAYOR", "AUTHORITY"},
    "superuser": set(),
}
# The coordinators of the scope's direction and the heads of its department (complaints, МР п.10).
SCOPE_COORDINATOR = {"own": "coordinator", "other_dept": "other_coordinator"}
SCOPE_HEAD = {"own": "lead"}
# The author of the scope's initiative (an employee of its department, Положение п.11).
SCOPE_AUTHOR = {"own": "member"}
RECIPIENT = {"own": "coordinator", "other_dept": "other_coordinator", "foreign": "foreign"}
# Invited to the meeting of a scope from outside its project (scenario.py): that meeting only.
INVITEES = {("own", "outsider")}

Rule = dict | str | None  # {capability: status} (first match wins), one status for all, None → 405


@dataclass(frozen=True)
class Entry:
    kind: str  # project | global | practice | complaint | initiative | notification | public | anyone
    args: Callable[[Any], list] | None
    get: Rule
    post: Rule
    # the object is looked up in the method's handler: a wrong method is a 405 before any 404
    method_first: bool = False


def P(args, get: Rule = 200, post: Rule = None) -> Entry:
    return Entry("project", args, get, post)


def G(get: Rule = 200, post: Rule = None) -> Entry:
    return Entry("global", None, get, post)


def M(args, get: Rule = 200, post: Rule = None) -> Entry:
    """A meeting's page: its project's readers and the meeting's invitees (issue 18, hole 4)."""
    return Entry("meeting", args, get, post)


VIEW = {VIEWER: 200}
TEAM_ONLY = {TEAM: 200, VIEWER: 403}
REFUSED = {VIEWER: "302!"}  # every act refused with a message (wrong stage, empty input …)
FORM = {VIEWER: 200}  # an empty form comes back with its errors next to the fields
LEAD_ONLY_FORM = {LEAD: 200, VIEWER: "302!"}  # issue 18, hole 4: others are sent back with a message

MATRIX: dict[str, Entry] = {
    # --- the shell ----------------------------------------------------------------------------
    "home": G(),
    "healthz": Entry("anyone", None, 200, 200),
    "login": Entry("anyone", None, {ANON: 200, "*": 302}, {ANON: 200, "*": 302}),
    "logout": Entry("anyone", None, 405, "login"),
    "password_change": G(200, 200),
    "password_change_done": G(),
    # --- projects -----------------------------------------------------------------------------
    "projects:list": G(),
    "projects:create": G({"LEAD": 200, "*": 403}, {"LEAD": 200, "*": 403}),
    "projects:inbox": G({"COORDINATOR": 200, "*": 403}),
    "projects:signing": G({"MAYOR": 200, "MAYOR_OFFICE": 200, "*": 403}),  # g-roles: the office sees it
    "projects:my_activities": G(),
    "projects:detail": P(lambda s: [s.draft.pk]),
    "projects:history": P(lambda s: [s.implementing.pk]),
    # issue 18, hole 4: the card and the plan's structure are the lead's (LEAD_ONLY_FORM)
    "projects:card": P(lambda s: [s.draft.pk, "block1"], VIEW, {LEAD: 200, VIEWER: "302!"}),
    "projects:card_version": P(lambda s: [s.review.pk, s.card_entry.pk]),
    "projects:act": P(lambda s: [s.draft.pk, "submit_card"], None, {LEAD: 302, VIEWER: "302!"}),
    # Положение п.6.1, 6.3 (g-roles): the authority comments, the mayor's office notes; others reply
    "projects:comments": P(lambda s: [s.implementing.pk], VIEW, {AUTH: 200, OFFICE: 200, VIEWER: 403}),
    "projects:card_change_start": P(lambda s: [s.implementing.pk], None, REFUSED),
    "projects:card_change_act": P(
        lambda s: [s.implementing.pk, s.card_change.pk, "submit"], None, {LEAD: 302, VIEWER: "302!"}
    ),
    "projects:meeting_create": P(lambda s: [s.implementing.pk], VIEW, FORM),
    "projects:meeting": M(lambda s: [s.implementing.pk, s.meeting.pk]),
    "projects:meeting_edit": P(lambda s: [s.implementing.pk, s.meeting.pk], VIEW, FORM),
    "projects:meeting_act": M(lambda s: [s.implementing.pk, s.meeting.pk, "approve"], None, REFUSED),
    "projects:plan": P(lambda s: [s.implementing.pk]),
    "projects:plan_start": P(lambda s: [s.drafting.pk], None, {LEAD: 302, VIEWER: "302!"}),
    "projects:activity_create": P(lambda s: [s.drafting.pk], LEAD_ONLY_FORM, LEAD_ONLY_FORM),
    # the draft activity's responsible is the lead: the member may not open it either
    "projects:activity_edit": P(
        lambda s: [s.drafting.pk, s.draft_activity.pk], LEAD_ONLY_FORM, LEAD_ONLY_FORM
    ),
    "projects:problem_note": P(lambda s: [s.drafting.pk, s.problem.pk], None, {LEAD: 302, VIEWER: "302!"}),
    "projects:plan_revision_start": P(lambda s: [s.implementing.pk], None, REFUSED),
    "projects:plan_revision": P(lambda s: [s.implementing.pk, s.revision.number]),
    "projects:plan_revision_act": P(
        lambda s: [s.implementing.pk, s.revision.number, "submit"], None, REFUSED
    ),
    # Положение п.10.2; МР п.5: the team edits the risks while diagnosing (an empty post: the form again)
    "projects:risks": P(lambda s: [s.mapping.pk], VIEW, {TEAM: 200, VIEWER: "302!"}),
    "projects:board": P(lambda s: [s.implementing.pk]),
    "projects:indicators": P(lambda s: [s.implementing.pk], VIEW, FORM),
    "projects:activity_move": Entry("project", lambda s: [s.activity.pk], None, REFUSED, method_first=True),
    # issue 18 «Files»: uploaded files only through their project's access check (test_files.py)
    "projects:activity_evidence": P(lambda s: [s.implementing.pk, s.activity.pk]),
    # --- results, practices, complaints -------------------------------------------------------
    "projects:report": P(lambda s: [s.results.pk]),
    "projects:report_edit": P(
        lambda s: [s.results.pk], {TEAM: 200, VIEWER: "302!"}, {TEAM: 200, VIEWER: "302!"}
    ),
    "projects:report_version": P(lambda s: [s.closed.pk, s.report_entry.pk]),
    # a refused act comes back on the report page with the reason and the typed comment kept
    "projects:report_act": P(lambda s: [s.results.pk, "send"], None, {LEAD: 302, VIEWER: 200}),
    "projects:legal_act_create": P(lambda s: [s.results.pk], None, FORM),
    "projects:legal_act_edit": P(lambda s: [s.results.pk, s.legal_act.pk], TEAM_ONLY, FORM),
    "projects:result_photo_create": P(lambda s: [s.results.pk], None, FORM),
    "projects:result_photo": P(lambda s: [s.results.pk, s.photo.pk]),
    "projects:result_photo_delete": P(
        lambda s: [s.results.pk, s.photo.pk], None, {TEAM: 302, VIEWER: "302!"}
    ),
    "projects:practice_create": P(lambda s: [s.closed.pk], {VIEWER: 403}, {VIEWER: 403}),
    "projects:replication_plan_copy": P(lambda s: [s.draft.pk], None, REFUSED),
    "projects:practices": G(),
    "projects:practice": Entry("practice", lambda s: [s.practice.pk], 200, None),
    "projects:practice_edit": Entry(
        "practice", lambda s: [s.practice.pk], {"AUTHORITY": 200, "*": 403}, {"AUTHORITY": 200, "*": 403}
    ),
    "projects:practice_replicate": Entry(
        "practice", lambda s: [s.practice.pk], {"LEAD": 200, "*": 403}, {"LEAD": 200, "*": 403}
    ),
    "projects:practice_pdf": Entry("practice", lambda s: [s.practice.pk], 200, None),
    # issue 20, п.31: the practice's presentation, for every reader of the base (the replicating dept.)
    "documents:practice_presentation_pdf": Entry("practice", lambda s: [s.practice.pk], 200, None),
    "documents:practice_presentation_pptx": Entry("practice", lambda s: [s.practice.pk], 200, None),
    "projects:practice_photo": Entry("practice", lambda s: [s.practice.pk, s.closed_photo.pk], 200, None),
    "projects:complaints": G({"REGISTRY": 200, "*": 403}, {"REGISTRY": 405, "*": 403}),
    "projects:complaints_xlsx": G({"REGISTRY": 200, "*": 403}, {"REGISTRY": 405, "*": 403}),
    "projects:complaint_create": G({"RECORDS": 200, "*": 403}, {"RECORDS": 200, "*": 403}),
    "projects:complaint": Entry("complaint", lambda s: [s.complaint.pk], {"reader": 200}, {"reader": 405}),
    "projects:complaint_edit": Entry(
        "complaint",
        lambda s: [s.complaint.pk],
        {"manager": 200, "reader": 403},
        {"manager": 200, "reader": 403},
    ),
    "projects:complaint_decide": Entry(
        "complaint", lambda s: [s.complaint.pk], {"reader": 405}, {"reader": 200}
    ),
    # Положение п.11–12 (issue 19.6, 19.9): the criteria of the card, employees' initiatives
    "projects:criteria": P(lambda s: [s.draft.pk, "p12"], VIEW, {LEAD: 200, VIEWER: "302!"}),
    "projects:initiatives": G(),
    "projects:initiative_create": G({"EMPLOYEE": 200, "*": 403}, {"EMPLOYEE": 200, "*": 403}),
    "projects:initiative": Entry("initiative", lambda s: [s.initiative.pk], {"reader": 200}, {"reader": 405}),
    "projects:initiative_decide": Entry(
        "initiative", lambda s: [s.initiative.pk], {"reader": 405}, {"head": 200, "reader": "302!"}
    ),
    # --- maps ---------------------------------------------------------------------------------
    "maps:map": P(lambda s: [s.mapping.pk, "target"]),
    "maps:start": P(lambda s: [s.mapping.pk, "target"], None, REFUSED),
    "maps:svg": P(lambda s: [s.mapping.pk, "target"]),
    "maps:photo": P(lambda s: [s.mapping.pk, "target"], VIEW, FORM),
    "maps:version": P(lambda s: [s.mapping.pk, "current", s.map_entry.pk]),
    "maps:add": P(lambda s: [s.mapping.pk, "target", "lanes"], None, FORM),
    "maps:item": P(lambda s: [s.mapping.pk, "target", "steps", s.step.pk], {VIEWER: 302}, FORM),
    "maps:item_act": P(
        lambda s: [s.mapping.pk, "target", "steps", s.step.pk, "down"], None, {TEAM: 302, VIEWER: "302!"}
    ),
    "maps:problems": P(lambda s: [s.mapping.pk]),
    "maps:problems_xlsx": P(lambda s: [s.mapping.pk]),
    # --- surveys ------------------------------------------------------------------------------
    "surveys:create": P(lambda s: [s.draft.pk], {TEAM: 302, VIEWER: 403}, {TEAM: 200, VIEWER: 403}),
    "surveys:detail": P(lambda s: [s.draft.pk, s.survey.pk]),
    "surveys:edit": P(lambda s: [s.draft.pk, s.survey.pk], TEAM_ONLY, TEAM_ONLY),
    "surveys:print": P(lambda s: [s.draft.pk, s.survey.pk]),
    "surveys:print_personal": P(lambda s: [s.draft.pk, s.survey.pk], TEAM_ONLY),
    "surveys:qr": P(lambda s: [s.draft.pk, s.survey.pk]),
    "surveys:export": P(lambda s: [s.draft.pk, s.survey.pk]),
    "surveys:invitations": P(lambda s: [s.draft.pk, s.survey.pk], None, TEAM_ONLY),
    "surveys:invitation_revoke": P(
        lambda s: [s.draft.pk, s.survey.pk, s.invitation.pk], None, {TEAM: 302, VIEWER: 403}
    ),
    "surveys:act": P(lambda s: [s.draft.pk, s.survey.pk, "close"], None, {TEAM: 302, VIEWER: 403}),
    # Положение п.10.1, 10.5: only the coordinator records that a survey is not held (issue 19.3)
    "surveys:waive": P(
        lambda s: [s.mapping.pk, "initiation"], {COORD: 200, VIEWER: 403}, {COORD: 200, VIEWER: 403}
    ),
    "surveys:public": Entry("public", lambda s: [s.survey.token], 200, 200),
    "surveys:thanks": Entry("public", lambda s: [s.survey.token], 200, 405),
    # --- documents ----------------------------------------------------------------------------
    "documents:registry_xlsx": G(),
    "documents:deadlines_xlsx": G(),
    "documents:card_pdf": P(lambda s: [s.review.pk]),
    # issue 20: the scan of the signed card — none attached in the scenario (a 404 to readers); the
    # lead and the mayor's office attach it (an empty form comes back), the mayor too; others 403
    "documents:card_scan": P(
        lambda s: [s.mapping.pk], {VIEWER: 404}, {LEAD: 200, OFFICE: 200, MAYOR: 200, VIEWER: 403}
    ),
    "documents:card_version_pdf": P(lambda s: [s.review.pk, s.card_entry.pk]),
    "documents:protocol_pdf": M(lambda s: [s.implementing.pk, s.meeting.pk]),
    "documents:maps_pdf": P(lambda s: [s.mapping.pk]),
    "documents:plan_pdf": P(lambda s: [s.implementing.pk]),
    "documents:plan_revision_pdf": P(lambda s: [s.implementing.pk, s.revision.number]),
    "documents:plan_xlsx": P(lambda s: [s.implementing.pk]),
    "documents:indicators_xlsx": P(lambda s: [s.implementing.pk]),
    "documents:report_pdf": P(lambda s: [s.results.pk]),
    "documents:survey_pdf": P(lambda s: [s.draft.pk]),
    "documents:survey_xlsx": P(lambda s: [s.draft.pk, "initiation"]),
    "documents:presentation_pdf": P(lambda s: [s.results.pk]),
    "documents:presentation_pptx": P(lambda s: [s.results.pk]),
    "documents:working_pdf": P(lambda s: [s.implementing.pk]),
    "documents:project_deadlines_xlsx": P(lambda s: [s.implementing.pk]),
    # --- notifications, dashboards ------------------------------------------------------------
    "notifications:list": G(),
    "notifications:read_all": G(None, 302),
    "notifications:delivery": G(None, 200),
    "notifications:open": Entry("notification", lambda s: [s.notification.pk], {"recipient": 302}, None),
    "notifications:read": Entry("notification", lambda s: [s.notification.pk], None, {"recipient": 302}),
    "dashboards:export": G(),
}

# --- The admin (issue 18, hole 1) ---------------------------------------------------------------
# Nobody of the product's roles but the authorised body is staff; it keeps exactly the reference
# data of its own municipality (org.access); the superuser keeps everything else — people, roles,
# groups, passwords, the municipality, the mail queue, the login journal.
ADMIN_ROLES = ROLES
STAFF = {"authority", "superuser"}
# For everybody who is not staff: the admin's login page; these two answer anyway.
ADMIN_OPEN = {"admin:login": ("200", "200"), "admin:logout": ("302", "302")}


def _patterns(patterns=None, prefix="", namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"{namespace}{prefix}{p.pattern}", p


def site_url_names() -> set[str]:
    return {name for name, _p in _patterns()}


def test_every_url_has_an_entry():
    """A new URL without an entry in the matrix fails here."""
    names = site_url_names()
    admin = {n for n in names if n.startswith("admin:")}
    assert names - admin - set(MATRIX) == set(), "URLs without an entry in the access matrix"
    assert set(MATRIX) - names == set(), "matrix entries for URLs that no longer exist"


# --- Expected status ---------------------------------------------------------------------------


def _relation(entry: Entry, role: str, scope: str) -> set[str]:
    if role == "anonymous":
        return {ANON}
    glob = GLOBAL[role] | {"*"}
    if scope != "foreign" and role != "foreign" or scope == "foreign" and role == "foreign":
        same_municipality = True
    else:
        same_municipality = False
    if role == "superuser":
        same_municipality = True  # of no municipality, it reads the practices of all (practices.py)
    if role in ("lead", "mayor", "authority", "coordinator", "other_coordinator", "foreign"):
        glob |= {"REGISTRY"}
    if role in ("lead", "authority", "foreign"):
        glob |= {"RECORDS"}
    if entry.kind == "project":
        return PROJECT_RELATION[scope].get(role, {HIDDEN})
    if entry.kind == "meeting":  # the invitee reads the meeting as its project's readers do
        invited = {"invitee", VIEWER} if (scope, role) in INVITEES else {HIDDEN}
        return PROJECT_RELATION[scope].get(role, invited)
    if entry.kind == "practice":
        return glob if same_municipality else {HIDDEN}
    if entry.kind == "complaint":
        if "REGISTRY" not in glob:
            return {"no_registry"}
        if not same_municipality:
            return {HIDDEN}
        manager = "AUTHORITY" in GLOBAL[role] or SCOPE_HEAD.get(scope) == role
        reader = manager or "MAYOR" in GLOBAL[role] or SCOPE_COORDINATOR.get(scope) == role
        if not reader:
            return {HIDDEN}
        return {"manager", "reader"} if manager else {"reader"}
    if entry.kind == "initiative":
        if not same_municipality:
            return {HIDDEN}
        if SCOPE_HEAD.get(scope) == role:
            return {"head", "reader"}
        return {"reader"} if SCOPE_AUTHOR.get(scope) == role else {HIDDEN}
    if entry.kind == "notification":
        return {"recipient"} if RECIPIENT[scope] == role else {HIDDEN}
    return glob


def expected(entry: Entry, role: str, scope: str, method: str) -> str:
    rule = entry.get if method == "GET" else entry.post
    relation = _relation(entry, role, scope)
    if rule is None and (entry.method_first or entry.kind == "notification") and ANON not in relation:
        return "405"
    if entry.kind not in ("public", "anyone"):
        if ANON in relation:
            return "login"
        if HIDDEN in relation:
            return "404"
        if "no_registry" in relation:
            return "403"
    if rule is None:
        return "405"
    if not isinstance(rule, dict):
        return str(rule)
    for capability, status in rule.items():
        if capability in relation or capability == "*":
            return str(status)
    raise AssertionError(f"no rule for {relation}")


# --- Requests ----------------------------------------------------------------------------------


def observed(client: Client, method: str, url: str) -> str:
    cache.clear()  # the public questionnaire's submission limit counts per address
    try:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            errors = [m for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]
            transaction.set_rollback(True)
    except Exception as exc:  # a server error: the test client re-raises what the view raised
        return f"500 {type(exc).__name__}: {exc}"[:300]
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("login")) and "/accounts/login/" in location:
            return "login"
        if location.startswith("/admin/login/"):
            return "admin-login"
        return "302!" if errors else "302"
    return str(status)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            scopes = build_site(world)
            yield world, scopes
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


@pytest.fixture
def _media():
    """The module's uploads stay where the site was built (overrides tests/security/conftest.py)."""


def _person(world, role):
    return getattr(world, PERSON.get(role, role))


CHECKED = {"requests": 0}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(site, db, role):
    world, scopes = site
    client = Client()
    login = None if role == "anonymous" else _person(world, role)
    if login is not None:
        client.force_login(login)
    wrong = []
    for name, entry in sorted(MATRIX.items()):
        for scope in SCOPES if entry.args is not None else ("-",):
            url = reverse(name, args=entry.args(scopes[scope]) if entry.args else [])
            for method in ("GET", "POST"):
                want = expected(entry, role, scope if scope != "-" else "own", method)
                got = observed(client, method, url)
                CHECKED["requests"] += 1
                if name == "logout" and login is not None:
                    client.force_login(login)
                if got != want:
                    wrong.append(f"{name:34} {scope:10} {method:4} {url}: expected {want}, got {got}")
    assert not wrong, f"{role}: {len(wrong)} of the matrix differ\n" + "\n".join(wrong)


# --- The admin's URLs --------------------------------------------------------------------------

SCOPED = {"org.department", "org.direction", "org.managementteammember"}  # by municipality
PEOPLE = {"org.user", "org.municipality"}


@dataclass(frozen=True)
class AdminURL:
    name: str
    url: str
    model: str | None  # «app.model» of a model admin's page, None for the site's own pages
    action: str  # changelist, add, change, history, delete, redirect, password, or the site's page
    scope: str = "own"  # whose object a page of one object opens


def _admin_object(world, scopes, model, scope: str) -> str:
    label = model._meta.label_lower
    s = scopes[scope]
    chosen = {
        "org.user": lambda: world.mayor if scope == "own" else world.foreign_mayor,
        "org.municipality": lambda: s.department.municipality,
        "org.department": lambda: s.department,
        "org.direction": lambda: s.direction,
        "org.managementteammember": lambda: s.team_member,
        "auth.group": lambda: Group.objects.get(name=REFERENCE_EDITORS),
        # the list of undelivered mail shows what is not sent
        "notifications.undeliveredmail": lambda: model._default_manager.exclude(state="sent").first(),
    }.get(label, lambda: model._default_manager.order_by("pk").first())()
    assert chosen is not None, f"the site has no {label} for the admin's pages"
    return str(chosen.pk)


def admin_urls(world, scopes) -> list[AdminURL]:
    """Every admin URL pattern, with a real object of the own municipality where it takes one (and
    of the other municipality too where it is people or scoped reference data); every app's index;
    the autocomplete for a person and for a department."""
    from org.models import Department, User

    urls = []
    for name, pattern in _patterns():
        if not name.startswith("admin:"):
            continue
        if name == "admin:admin/(?P<url>.*)$":  # the catch-all
            urls.append(AdminURL(name, "/admin/no-such-page/", None, "catch_all"))
            continue
        model_admin = getattr(pattern.callback, "model_admin", None)
        model = model_admin.model if model_admin else None
        if name == "admin:auth_user_password_change":
            model = User
        if model is None:
            action = name.removeprefix("admin:")
            if action == "app_list":
                labels = re.search(r"<app_label>([^)]*)\)", pattern.pattern.regex.pattern).group(1)
                for app_label in labels.split("|"):
                    url = reverse(name, kwargs={"app_label": app_label})
                    urls.append(AdminURL(name, url, None, f"app_list:{app_label}"))
            elif action == "autocomplete":
                for field in ("head", "parent"):
                    query = f"?app_label=org&model_name=department&field_name={field}&term=%D0%B0"
                    urls.append(AdminURL(name, reverse(name) + query, None, f"autocomplete:{field}"))
            elif action == "view_on_site":
                department = scopes["own"].department
                ct = ContentType.objects.get_for_model(Department)
                urls.append(AdminURL(name, reverse(name, args=[ct.pk, department.pk]), None, action))
            else:
                urls.append(AdminURL(name, reverse(name), None, action))
            continue
        label = model._meta.label_lower
        keys = set(pattern.pattern.regex.groupindex) | set(getattr(pattern.pattern, "converters", {}))
        if "/" in name:
            action = "redirect"
        elif name == "admin:auth_user_password_change":
            action = "password"
        else:
            action = name.rsplit("_", 1)[1]
        if not keys:
            urls.append(AdminURL(name, reverse(name), label, action))
            continue
        for scope in ("own", "foreign") if label in SCOPED | PEOPLE else ("own",):
            pk = _admin_object(world, scopes, model, scope)
            if "/" in name:
                url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{pk}/"
            else:
                url = reverse(name, args=[pk])
            urls.append(AdminURL(name, url, label, action, scope))
    return urls


# --- The admin's expected statuses ---------------------------------------------------------------

# What the authorised body does with each model of the reference data (org.access, DESIGN §1); every
# other model admin — people, groups, the municipality, the login journal, the mail queue — is the
# superuser's alone: 403 to the authority, whatever permissions its account was given.
AUTHORITY_MAY = {
    "org.department": {"view", "add", "change"},
    "org.direction": {"view", "add", "change"},
    "org.managementteammember": {"view", "add", "change", "delete"},
    "workdays.calendaryear": {"view", "add", "change"},
    "workdays.nonworkingday": {"view", "add", "change", "delete"},
    "workdays.workingweekendday": {"view", "add", "change", "delete"},
    "maps.wastetype": {"view", "add", "change", "delete"},
}
AUTHORITY_APPS = {"org", "workdays", "maps"}
# The site's own pages for a staff member: (GET, POST).
ADMIN_SITE = {
    "index": ("200", "200"),
    "login": ("302", "200"),  # already in: GET goes to the index, a POST shows the login form again
    "logout": ("405", "login"),
    "password_change": ("200", "200"),  # one's own password, with the old one
    "password_change_done": ("200", "405"),
    "jsi18n": ("200", "405"),
    "view_on_site": ("404", "404"),  # a department has no page of its own
    "catch_all": ("404", "404"),
}
# The journals are read-only even to the superuser: nothing is added by hand; the login journal's
# form saves nothing (its fields are read-only), the mail queue's refuses a save.
READ_ONLY = {
    "axes.accessattempt": ("200", "302"),
    "axes.accesslog": ("200", "302"),
    "axes.accessfailurelog": ("200", "302"),
    "notifications.undeliveredmail": ("200", "403"),
    "notifications.outgoingmail": ("200", "403"),
    "notifications.reminder": ("200", "403"),
}
ACTION_NEEDS = {"changelist": "view", "history": "view", "change": "view", "add": "add", "delete": "delete"}


def admin_expected(role: str, u: AdminURL, method: str) -> str:
    i = 0 if method == "GET" else 1
    if role not in STAFF:
        return ADMIN_OPEN.get(u.name, ("admin-login", "admin-login"))[i]
    superuser = role == "superuser"
    if u.model is None:
        if u.action in ADMIN_SITE:
            return ADMIN_SITE[u.action][i]
        kind, _colon, arg = u.action.partition(":")
        if kind == "app_list":
            return ("200", "200")[i] if superuser or arg in AUTHORITY_APPS else "404"
        if kind == "autocomplete":  # people are listed to the superuser only
            return ("200" if superuser or arg != "head" else "403", "405")[i]
        raise AssertionError(f"no rule for {u}")
    if u.action == "redirect":
        return "302"  # the old address of a change page forwards to it, whoever asks
    if superuser:
        if u.model in READ_ONLY:
            if u.action == "add":
                return "403"
            if u.action == "change":
                return READ_ONLY[u.model][i]
        return "200"
    may = AUTHORITY_MAY.get(u.model, set())
    if u.action == "password" or ACTION_NEEDS[u.action] not in may:
        return "403"
    if u.scope == "foreign":
        return "302"  # another municipality's row «does not exist» for it: back to the index
    if u.action == "change" and method == "POST" and "change" not in may:
        return "403"
    return "200"


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_admin_access_matrix(site, db, role):
    """Every admin URL × every role: the non-staff go to the admin's login, the authorised body
    reaches exactly its reference data of its municipality, the superuser everything."""
    world, scopes = site
    client = Client()
    if role != "anonymous":
        client.force_login(_person(world, role))
    wrong = []
    urls = admin_urls(world, scopes)
    names = {u.name for u in urls}
    assert names == {n for n in site_url_names() if n.startswith("admin:")}
    for u in urls:
        for method in ("GET", "POST"):
            want = admin_expected(role, u, method)
            got = observed(client, method, u.url)
            CHECKED["requests"] += 1
            if role != "anonymous" and u.name == "admin:logout" and method == "POST":
                client.force_login(_person(world, role))
            if want != got:
                wrong.append(f"{u.name:45} {u.scope:8} {method:4} {u.url}: expected {want}, got {got}")
    assert not wrong, f"{role}: {len(wrong)} of the admin's matrix differ\n" + "\n".join(wrong)


def test_admin_staff_are_the_authority_and_the_superuser(site, db):
    """The matrix covers both kinds of staff and nobody else of its roles is staff."""
    world, _scopes = site
    staff = {role for role in ADMIN_ROLES if role != "anonymous" and _person(world, role).is_staff}
    assert staff == STAFF
    assert _person(world, "superuser").is_superuser
    assert not _person(world, "authority").is_superuser
