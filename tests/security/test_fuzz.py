"""Fuzzing every form of the site (issue 13, item 4): Hypothesis makes up what a person could type
or a script could send — any Unicode with control characters and NUL, huge texts, numbers out of
every range, impossible dates, ids that do not exist or belong to another project, garbage
management forms of formsets, files that lie about their kind — and posts it through the page as
the person who may use the form. Zero server errors; every refusal a clear Russian message next to
the field or on the page.

The normal suite runs 50 examples per form; `bash scripts/fuzz.sh` (a step of .ci/run) runs 1 000
per form (LEANPROJ_FUZZ_EXAMPLES) under the marker `fuzz`. Both draw the same examples on every run;
LEANPROJ_FUZZ_EXPLORE=1 draws new ones. Each example runs in a savepoint that is
rolled back."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.messages import constants, get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import settings as settings_
from hypothesis import strategies as st

from maps.forms import LaneForm, ProblemForm, ProposalForm, ReasonForm, StepForm
from maps.models import ProcessMap
from notifications.forms import DeliveryForm
from projects import forms as pf
from projects import forms_comments as cf
from projects import forms_initiatives as inf
from projects import forms_results as rf
from projects import planning
from projects.workflow import ACTS
from surveys import guard as survey_guard
from surveys import selectors as survey_selectors
from surveys.forms import InviteesForm, ResponseForm, SurveyForm, WaiverForm
from tests.factories import World
from tests.security import hostile
from tests.security.scenario import build_site, png

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("LEANPROJ_FUZZ_EXAMPLES", "50"))
EXPLORE = os.environ.get("LEANPROJ_FUZZ_EXPLORE") == "1"
COUNTS: dict[str, int] = {}
STATUSES: dict[str, dict[int, int]] = {}
CYRILLIC = re.compile(r"[А-Яа-яЁё]")

# --- What goes into a field --------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "<script>alert(1)</script>",
    "'; DROP TABLE projects_project; --",
    "{{ 7*7 }}{% debug %}",
    "%s%s%n",
    "../../etc/passwd",
    "\u202eпереворот",
    "😀" * 40,
    "я" * 5001,
    "x" * 20001,
    "-1",
    "0",
    "1e309",
    "NaN",
    "sNaN",
    "-Infinity",
    "99999999999999999999999999",
    "12,5",
    "1 000,50",
    "١٢٣",
    "²" * 19,
    "31.02.2025",
    "2025-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-13-01T25:61",
    "null",
    "[]",
]
TEXT = st.one_of(st.text(max_size=120), st.sampled_from(NASTY))
NUMBER = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: f"{f:.3f}".replace(".", ",")),
    TEXT,
)
DATE = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    TEXT,
)
DATETIME = st.one_of(
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 31)).map(
        lambda d: d.strftime("%Y-%m-%dT%H:%M")
    ),
    st.datetimes().map(lambda d: d.strftime("%d.%m.%Y %H:%M")),
    TEXT,
)
BOOL = st.sampled_from(["", "on", "1", "0", "true", "false", "да", "\x00"])


def _ids(valid: list) -> st.SearchStrategy:
    options = [st.integers(-3, 2**70).map(str), TEXT]
    if valid:
        options.insert(0, st.sampled_from([str(v) for v in valid]))
    return st.one_of(*options)


def strategy_for(field: forms.Field) -> st.SearchStrategy | None:
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(_ids(list(field.queryset.values_list("pk", flat=True)[:20])), max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return _ids(list(field.queryset.values_list("pk", flat=True)[:20]))
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(k) for k, _v in field.choices]
        return st.lists(st.one_of(st.sampled_from(values), TEXT) if values else TEXT, max_size=4)
    if isinstance(field, forms.ChoiceField):
        values = [str(k) for k, _v in field.choices if not isinstance(_v, list | tuple)]
        return st.one_of(st.sampled_from(values), TEXT) if values else TEXT
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return BOOL
    if isinstance(field, forms.DateTimeField):
        return DATETIME
    if isinstance(field, forms.DateField):
        return DATE
    if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        return NUMBER
    return TEXT


def fields_of(form) -> dict[str, st.SearchStrategy]:
    """Every input of a form or a formset (its management form and three rows) with a strategy."""
    out: dict[str, st.SearchStrategy] = {}
    if isinstance(form, forms.BaseFormSet):
        prefix = form.prefix
        small = st.one_of(st.integers(0, 3).map(str), NUMBER)
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            out[f"{prefix}-{key}"] = small
        for i in range(3):
            row = form._construct_form(i) if i < len(form.forms) else form.empty_form
            for name, field in row.fields.items():
                strategy = strategy_for(field)
                if strategy is not None:
                    out[f"{prefix}-{i}-{name}"] = strategy
            out[f"{prefix}-{i}-id"] = _ids([f.instance.pk for f in form.forms if f.instance.pk])
        return out
    for name, field in form.fields.items():
        strategy = strategy_for(field)
        if strategy is not None:
            out[form.add_prefix(name)] = strategy
    return out


def post_data(data: st.DataObject, inputs: dict[str, st.SearchStrategy], fixed: dict) -> dict:
    out = dict(fixed)
    for key, strategy in inputs.items():
        if data.draw(st.integers(0, 9), label=f"omit {key}") == 0:
            continue  # a browser that leaves the field out
        out[key] = data.draw(strategy, label=key)
    return out


# --- Files that tell the truth or lie about what they are ---------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return buf.getvalue()


MAGIC = [
    b"",
    b"%PDF-1.4\n",
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"PK\x03\x04",
    b"GIF89a",
    b"MZ",
    b"<html>",
]
FILES = st.one_of(
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=2000), st.sampled_from([b"", b"\n%%EOF\n"])).map(
        lambda t: t[0] + t[1] + t[2]
    ),
    st.sampled_from(
        [
            png(),
            png()[:50],
            _zip({"[Content_Types].xml": b"wordprocessingml.document.main+xml"}),
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}),
            _zip({"mimetype": b"\xff\xfe"}),
        ]
    ),
)
FILE_NAMES = st.one_of(
    st.sampled_from(["скан.pdf", "фото.jpg", "a.png", "акт.docx", "x", ".htaccess", "a" * 300]), TEXT
)


def upload(data: st.DataObject) -> SimpleUploadedFile:
    # A browser sends the base name only («/» or «a/» would leave nothing: Django's test file refuses it)
    name = os.path.basename(data.draw(FILE_NAMES, label="file name").replace("\x00", ""))
    name = "file" if name in ("", ".", "..") else name
    return SimpleUploadedFile(name[:250], data.draw(FILES, label="file content"))


# --- The forms of the site ----------------------------------------------------------------------


@dataclass
class Target:
    """Who posts, where, the forms whose inputs are fuzzed, inputs that stay as a page sends them."""

    user: Callable[[World, Any], Any]
    url: Callable[[Any], str]
    forms: Callable[[World, Any], list]
    fixed: Callable[[Any], dict] = lambda o: {}
    files: tuple[str, ...] = ()
    choose: Callable[[st.DataObject, World, Any], tuple] | None = None  # (user, url) drawn per example


def _act_choice(data, world, o):
    project = data.draw(
        st.sampled_from(["draft", "review", "mapping", "implementing", "results"]), label="project"
    )
    action = data.draw(st.sampled_from(sorted(ACTS) + ["nonsense"]), label="act")
    who = data.draw(st.sampled_from(["lead", "coordinator", "mayor", "authority"]), label="who")
    return getattr(world, who), reverse("projects:act", args=[o[project].pk, action])


def _report_act_choice(data, world, o):
    act = data.draw(st.sampled_from(["send", "return", "recommend", "close", "reopen"]), label="act")
    who = data.draw(st.sampled_from(["lead", "coordinator", "mayor"]), label="who")
    return getattr(world, who), reverse("projects:report_act", args=[o["results"].pk, act])


def _revision_act_choice(data, world, o):
    act = data.draw(st.sampled_from(["submit", "approve", "reject"]), label="act")
    who = data.draw(st.sampled_from(["lead", "coordinator"]), label="who")
    return getattr(world, who), reverse(
        "projects:plan_revision_act", args=[o["implementing"].pk, o["revision"].number, act]
    )


def _card_change_choice(data, world, o):
    act = data.draw(
        st.sampled_from(["submit", "withdraw", "approve", "reject", "sign", "refuse"]), label="act"
    )
    who = data.draw(st.sampled_from(["lead", "coordinator", "mayor"]), label="who")
    return getattr(world, who), reverse(
        "projects:card_change_act", args=[o["implementing"].pk, o["card_change"].pk, act]
    )


def _current(o):
    return ProcessMap.objects.get(project=o["mapping"], kind="current")


def _target(o):
    return ProcessMap.objects.get(project=o["mapping"], kind="target")


lead = lambda w, o: w.lead  # noqa: E731
authority = lambda w, o: w.authority  # noqa: E731

TARGETS: dict[str, Target] = {
    "Создание проекта": Target(
        lead, lambda o: reverse("projects:create"), lambda w, o: [pf.ProjectCreateForm(user=w.lead)]
    ),
    "Карточка: блок 1": Target(
        lead,
        lambda o: reverse("projects:card", args=[o["draft"].pk, "block1"]),
        lambda w, o: [pf.Block1Form(instance=o["draft"])],
        lambda o: {"save": "1"},
    ),
    "Карточка: блок 2": Target(
        lead,
        lambda o: reverse("projects:card", args=[o["draft"].pk, "block2"]),
        lambda w, o: [pf.Block2Form(instance=o["draft"])],
    ),
    "Карточка: целевые показатели": Target(
        lead,
        lambda o: reverse("projects:card", args=[o["draft"].pk, "block3"]),
        lambda w, o: [pf.IndicatorFormSet(instance=o["draft"], prefix="ind")],
    ),
    "Карточка: ключевые события": Target(
        lead,
        lambda o: reverse("projects:card", args=[o["draft"].pk, "block4"]),
        lambda w, o: [pf.Block4Form(instance=o["draft"])],
        lambda o: {"next": "1"},
    ),
    "Карточка: команда": Target(
        lead,
        lambda o: reverse("projects:card", args=[o["draft"].pk, "team"]),
        lambda w, o: [pf.MemberFormSet(instance=o["draft"], prefix="team")],
    ),
    "Карточка: заинтересованные стороны": Target(
        lead,
        lambda o: reverse("projects:card", args=[o["draft"].pk, "stakeholders"]),
        lambda w, o: [pf.StakeholderFormSet(instance=o["draft"], prefix="sh")],
    ),
    "Акты проекта с комментарием": Target(
        lead,
        lambda o: "",
        lambda w, o: [pf.ActForm(act=act, project=o["review"]) for act in ACTS.values()],
        choose=_act_choice,
    ),
    "Акты отчёта (направление, возврат, рекомендация, решение Мэра)": Target(
        lead,
        lambda o: "",
        lambda w, o: [rf.SendForm(), rf.RecommendForm(), rf.DecisionForm(), rf.RemarksForm()],
        choose=_report_act_choice,
    ),
    # --- issue 19.9 (g-roles): the comment thread (Положение п.6.1, 6.3) -------------------------
    "Методический комментарий и консультация (п.6)": Target(
        authority,
        lambda o: reverse("projects:comments", args=[o["implementing"].pk]),
        lambda w, o: [cf.ProjectCommentForm(kinds=["method", "consult"])],
    ),
    "Ответ на комментарий (п.6)": Target(
        lead,
        lambda o: reverse("projects:comments", args=[o["implementing"].pk]),
        lambda w, o: [cf.ReplyForm()],
        fixed=lambda o: {"parent": str(o["comment"].pk)},
    ),
    # --- end g-roles ---
    "Изменение карточки (п.22)": Target(
        lead,
        lambda o: reverse("projects:card_change_start", args=[o["implementing"].pk]),
        lambda w, o: [pf.CardChangeForm(project=o["implementing"])],
    ),
    "Решение по изменению карточки": Target(
        lead, lambda o: "", lambda w, o: [pf.CommentForm()], choose=_card_change_choice
    ),
    "Изменение плана (п.22–23)": Target(
        lead,
        lambda o: reverse("projects:plan_revision_start", args=[o["implementing"].pk]),
        lambda w, o: [pf.RevisionStartForm(project=o["implementing"])],
    ),
    "Решение по изменению плана": Target(
        lead, lambda o: "", lambda w, o: [pf.CommentForm()], choose=_revision_act_choice
    ),
    "Мероприятие плана": Target(
        lead,
        lambda o: reverse("projects:activity_create", args=[o["drafting"].pk]),
        lambda w, o: [
            pf.ActivityForm(project=o["drafting"], problems=planning.current_map_problems(o["drafting"]))
        ],
        lambda o: {"another": "1"},
    ),
    "Обоснование проблемы без мероприятия": Target(
        lead,
        lambda o: reverse("projects:problem_note", args=[o["drafting"].pk, o["problem"].pk]),
        lambda w, o: [pf.ProblemNoteForm()],
    ),
    "Доска: перемещение мероприятия": Target(
        lead,
        lambda o: reverse("projects:activity_move", args=[o["activity"].pk]),
        lambda w, o: [pf.ActivityMoveForm()],
        lambda o: {"back": reverse("projects:board", args=[o["implementing"].pk])},
        files=("evidence_file",),
    ),
    "Совещание": Target(
        lead,
        lambda o: reverse("projects:meeting_create", args=[o["implementing"].pk]),
        lambda w, o: [pf.MeetingForm(project=o["implementing"])],
    ),
    "Фактические значения показателей": Target(
        lead,
        lambda o: reverse("projects:indicators", args=[o["implementing"].pk]),
        lambda w, o: [pf.IndicatorActualForm(project=o["implementing"])],
    ),
    "Карта: участник процесса": Target(
        lead,
        lambda o: reverse("maps:add", args=[o["mapping"].pk, "target", "lanes"]),
        lambda w, o: [LaneForm(prefix="lane")],
    ),
    "Карта: шаг процесса": Target(
        lead,
        lambda o: reverse("maps:add", args=[o["mapping"].pk, "target", "steps"]),
        lambda w, o: [StepForm(prefix="step", process_map=_target(o))],
    ),
    "Карта: изменение шага": Target(
        lead,
        lambda o: reverse("maps:item", args=[o["mapping"].pk, "target", "steps", o["step"].pk]),
        lambda w, o: [StepForm(prefix=f"step-{o['step'].pk}", process_map=_target(o), edit=o["step"])],
    ),
    "Карта: проблема": Target(
        lead,
        lambda o: reverse("maps:add", args=[o["mapping"].pk, "current", "problems"]),
        lambda w, o: [ProblemForm(prefix="problem", process_map=_current(o))],
    ),
    "Карта: предложение по улучшению": Target(
        lead,
        lambda o: reverse("maps:add", args=[o["mapping"].pk, "target", "proposals"]),
        lambda w, o: [ProposalForm(prefix="proposal", process_map=_target(o), current_map=_current(o))],
    ),
    "Карта: причина без предложения": Target(
        lead,
        lambda o: reverse(
            "maps:item_act", args=[o["mapping"].pk, "target", "problems", o["problem_on_map"].pk, "reason"]
        ),
        lambda w, o: [ReasonForm(prefix=f"reason-{o['problem_on_map'].pk}")],
    ),
    "Карта: фото бумажной карты": Target(
        lead,
        lambda o: reverse("maps:photo", args=[o["mapping"].pk, "target"]),
        lambda w, o: [],
        files=("photo-photo",),
    ),
    "Анкета заказчика (публичная ссылка)": Target(
        lambda w, o: None,
        lambda o: reverse("surveys:public", args=[o["survey"].token]),
        lambda w, o: [
            ResponseForm(
                departments=survey_selectors.department_choices(municipality_id=o["draft"].municipality_id)
            )
        ],
        # the token of the form as the page gave it, a minute old: the answers themselves are fuzzed
        lambda o: {survey_guard.TOKEN_FIELD: survey_guard.issue(at=time.time() - 60)},
    ),
    "Анкетирование: параметры": Target(
        lead,
        lambda o: reverse("surveys:edit", args=[o["draft"].pk, o["survey"].pk]),
        lambda w, o: [SurveyForm(instance=o["survey"])],
    ),
    "Анкетирование: новое": Target(
        lead,
        lambda o: reverse("surveys:create", args=[o["implementing"].pk]),
        lambda w, o: [SurveyForm(phases=["initiation", "closure"])],
    ),
    # issue 19.3: the coordinator's decision not to hold a survey (Положение п.10.1, 10.5)
    "Анкетирование: решение не проводить": Target(
        lambda w, o: w.coordinator,
        lambda o: reverse("surveys:waive", args=[o["mapping"].pk, "initiation"]),
        lambda w, o: [WaiverForm()],
    ),
    # issue 19.9: the risks of not reaching the results (Положение п.10.2; МР п.5)
    "Риски недостижения результатов": Target(
        lead,
        lambda o: reverse("projects:risks", args=[o["mapping"].pk]),
        lambda w, o: [pf.RiskFormSet(instance=o["mapping"], prefix="risk")],
    ),
    "Анкетирование: приглашения": Target(
        lead,
        lambda o: reverse("surveys:invitations", args=[o["draft"].pk, o["survey"].pk]),
        lambda w, o: [InviteesForm(departments=[])],
    ),
    "Отчёт о результатах": Target(
        lead,
        lambda o: reverse("projects:report_edit", args=[o["results"].pk]),
        lambda w, o: [
            rf.ReportForm(instance=o["results"].report),
            rf.IndicatorResultFormSet(queryset=o["results"].report.indicator_results.all(), prefix="ind"),
        ],
        lambda o: {"stay": "1"},
    ),
    "Принятый акт": Target(
        lead,
        lambda o: reverse("projects:legal_act_create", args=[o["results"].pk]),
        lambda w, o: [rf.LegalActForm()],
    ),
    "Фото до/после": Target(
        lead,
        lambda o: reverse("projects:result_photo_create", args=[o["results"].pk]),
        lambda w, o: [rf.PhotoForm()],
        files=("image",),
    ),
    "Практика": Target(
        authority,
        lambda o: reverse("projects:practice_edit", args=[o["practice"].pk]),
        lambda w, o: [rf.PracticeForm(instance=o["practice"])],
    ),
    "Тиражирование практики": Target(
        lambda w, o: w.other_lead,
        lambda o: reverse("projects:practice_replicate", args=[o["practice"].pk]),
        lambda w, o: [rf.ReplicateForm(practice=o["practice"], user=w.other_lead)],
    ),
    "Обращение гражданина": Target(
        authority,
        lambda o: reverse("projects:complaint_create"),
        lambda w, o: [rf.ComplaintForm(user=w.authority)],
    ),
    "Решение по обращению": Target(
        authority,
        lambda o: reverse("projects:complaint_decide", args=[o["complaint"].pk]),
        lambda w, o: [rf.ComplaintDecisionForm(complaint=o["complaint"])],
    ),
    # Положение п.11–12, 14 (issue 19.6, 19.9)
    "Оценка инициативы по п.12": Target(
        lead,
        lambda o: reverse("projects:criteria", args=[o["draft"].pk, "p12"]),
        lambda w, o: [inf.CriteriaForm(kind="p12", project=o["draft"])],
    ),
    "Инициатива работника": Target(
        lambda w, o: w.member,
        lambda o: reverse("projects:initiative_create"),
        lambda w, o: [inf.InitiativeForm()],
    ),
    "Решение по инициативе": Target(
        lead,
        lambda o: reverse("projects:initiative_decide", args=[o["initiative"].pk]),
        lambda w, o: [inf.InitiativeDecisionForm()],
    ),
    "Настройка уведомлений": Target(
        lead, lambda o: reverse("notifications:delivery"), lambda w, o: [DeliveryForm()]
    ),
    "Смена пароля": Target(
        lead, lambda o: reverse("password_change"), lambda w, o: [PasswordChangeForm(user=w.lead)]
    ),
}


# --- The checks ----------------------------------------------------------------------------------

FEEDBACK = re.compile(
    r'class="(?:invalid-feedback|alert alert-danger|errorlist)[^"]*"[^>]*>(.*?)</(?:div|ul|p|span)>',
    re.S,
)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def refusals_are_russian(response) -> list[str]:
    """Every error shown is Russian: messages of the page and errors next to the fields."""
    bad = []
    for message in get_messages(response.wsgi_request):
        if message.level >= constants.WARNING and not CYRILLIC.search(str(message)):
            bad.append(f"message: {message}")
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        for block in FEEDBACK.findall(response.content.decode()):
            text = _text(block)
            if text and not CYRILLIC.search(text):
                bad.append(f"next to a field: {text[:200]}")
    return bad


@pytest.fixture(scope="module")
def fuzz_site(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("fuzz-media"),
        SURVEY_THROTTLE_LIMIT=10**6,
        SURVEY_THROTTLE_ADDRESS_LIMIT=10**6,
        SURVEY_THROTTLE_LINK_LIMIT=10**6,
    )
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            scope = build_site(world, names=("own",))["own"]
            objects = dict(scope.objects)
            objects["problem_on_map"] = _current(objects).problems.first()
            yield world, objects
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


@pytest.fixture
def _media():
    """The module's uploads stay where the site was built (overrides tests/security/conftest.py)."""


@pytest.mark.parametrize("name", list(TARGETS))
def test_form_survives_anything(fuzz_site, db, name):
    world, o = fuzz_site
    target = TARGETS[name]
    inputs: dict[str, st.SearchStrategy] = {}
    for form in target.forms(world, o):
        inputs.update(fields_of(form))
    fixed = target.fixed(o)
    clients: dict[Any, Client] = {}

    def client_for(user) -> Client:
        if user not in clients:
            clients[user] = Client()
            if user is not None:
                clients[user].force_login(user)
        return clients[user]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # reproducible (the suite, scripts/fuzz.sh in CI); LEANPROJ_FUZZ_EXPLORE=1 draws new examples
        derandomize=not EXPLORE,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def example(data):
        if target.choose is not None:
            user, url = target.choose(data, world, o)
        else:
            user, url = target.user(world, o), target.url(o)
        payload = post_data(data, inputs, fixed)
        for key in target.files:
            if data.draw(st.integers(0, 4), label=f"send {key}"):
                payload[key] = upload(data)
        cache.clear()
        client = client_for(user)  # logged in outside the savepoint that is rolled back
        with transaction.atomic():
            response = client.post(url, payload)  # a server error raises here
            problems = refusals_are_russian(response)
            transaction.set_rollback(True)
        COUNTS[name] = COUNTS.get(name, 0) + 1
        STATUSES.setdefault(name, {}).setdefault(response.status_code, 0)
        STATUSES[name][response.status_code] += 1
        assert response.status_code in (200, 302, 403, 404), (response.status_code, url)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("login")), "logged out"
        assert not problems, problems

    started = time.monotonic()
    example()
    print(f"\n{time.monotonic() - started:.1f} s", end="")
    print(f"\nfuzz «{name}»: {COUNTS.get(name, 0)} examples, answers {STATUSES.get(name)}")
    assert COUNTS.get(name, 0) >= min(EXAMPLES, 10)


# --- Every document made from what the fuzzing stores (issue 18, hole 2) ----------------------------

RENDER_EXAMPLES = max(2, EXAMPLES // 25)  # 2 in the suite, 40 in scripts/fuzz.sh
STORED = st.one_of(
    TEXT,
    st.sampled_from(list(hostile.CORPUS.values())),
    st.text(min_size=1, max_size=30).map(lambda t: t * 3_000),  # a long run of anything
)


def test_every_document_renders_the_fuzzed_data(fuzz_site, db, settings):
    """Texts drawn like the form fields above (and longer: what the admin or an old row may hold)
    are stored in every free text column, bypassing the forms; then every document and export of
    the project at the results stage is downloaded: each is a file, never a
    server error nor a refusal (the time limit is raised: the speed is bench/bench_hostile.py's)."""
    world, o = fuzz_site
    settings.DOCUMENT_RENDER_TIMEOUT = 120
    client = Client()
    client.force_login(world.mayor)
    width = len(hostile.columns())

    @settings_(max_examples=RENDER_EXAMPLES, deadline=None, database=None, derandomize=not EXPLORE,
               suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(data=st.data())
    def example(data):
        values = data.draw(st.lists(STORED, min_size=width, max_size=width), label="stored texts")
        with transaction.atomic():
            hostile.stamp_values(values)
            for url in hostile.document_urls(o["results"], world.mayor):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                assert response["Content-Type"].startswith("application/"), url
            transaction.set_rollback(True)
        COUNTS["documents"] = COUNTS.get("documents", 0) + 1

    example()
    assert COUNTS.get("documents", 0) >= RENDER_EXAMPLES


def test_every_form_class_of_the_site_is_fuzzed():
    """A new form class in an app's forms module without a target here fails the suite."""
    import inspect

    import maps.forms
    import notifications.forms
    import projects.forms
    import projects.forms_comments
    import projects.forms_initiatives
    import projects.forms_results
    import surveys.forms

    covered = {
        # forms reached through TARGETS above (directly or as a row of a formset)
        "ProjectCreateForm", "Block1Form", "Block2Form", "Block4Form", "IndicatorForm", "StakeholderForm",
        "MemberForm", "ActForm", "CommentForm", "CardChangeForm", "MeetingForm", "ActivityForm", "ProblemNoteForm",
        "RevisionStartForm", "ActivityMoveForm", "IndicatorActualForm", "LaneForm", "StepForm", "ProblemForm",
        "ProposalForm", "ReasonForm", "PhotoForm", "SurveyForm", "InviteesForm", "ResponseForm", "ReportForm",
        "IndicatorResultForm", "LegalActForm", "RecommendForm", "RemarksForm", "SendForm", "DecisionForm", "PracticeForm",
        "ReplicateForm", "ComplaintForm", "ComplaintDecisionForm", "DeliveryForm",
        "ProjectCommentForm", "ReplyForm",  # g-roles (issue 19.9)
        "CriteriaForm", "InitiativeForm", "InitiativeDecisionForm",
        "WaiverForm", "RiskForm",  # g-kickoff (issue 19.3, 19.9)
        # bases, not forms of a page
        "StyledModelForm", "StyledForm", "_NumberedForm", "CardSectionForm",
    }  # fmt: skip
    found = set()
    modules = (
        projects.forms,
        projects.forms_initiatives,
        projects.forms_results,
        projects.forms_comments,  # g-roles (issue 19.9)
        maps.forms,
        surveys.forms,
        notifications.forms,
    )
    for module in modules:
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                found.add(cls_name)
    assert found - covered == set()
