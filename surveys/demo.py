"""Demo questionnaires: realistic answers of process customers from several departments, lower at
initiation and higher at closure, with the comments and suggestions people actually write. The demo
loader calls `build_demo_survey`; building twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from org.models import Department
from projects.models import Project
from workdays import clock

from .choices import Phase, Score
from .models import Response, Survey
from .questions import QUESTIONS

# Typed by respondents from outside the administration (МР п.4.4: «подразделения/организации»).
OUTSIDE_ORGANISATIONS = [
    "МФЦ ЗАТО Северск",
    "ОГКУ «Центр социальной поддержки населения ЗАТО Северск»",
    "МАУ «Северский городской центр»",
]
NAMES = [
    "Петрова Анна Сергеевна",
    "Кузнецов Олег Викторович",
    "Смирнова Ирина Павловна",
    "",
    "Фёдорова Елена Николаевна",
    "",
    "Морозов Денис Алексеевич",
    "Волкова Наталья Игоревна",
    "",
    "Зайцева Оксана Юрьевна",
]
COMMENTS = {
    "satisfaction": [
        "Документы возвращают на доработку по несколько раз.",
        "Результат приходится ждать и переспрашивать по телефону.",
    ],
    "simplicity": [
        "Непонятно, какие документы нужны: на сайте и в кабинете говорят разное.",
        "Слишком много согласований, не ясно, у кого сейчас документ.",
    ],
    "duration": [
        "Ответ готовят около трёх недель, хотя сам расчёт занимает день.",
        "Межведомственные запросы идут по почте, ждём ответов по 10 дней.",
    ],
    "documentation": [
        "Регламент устарел, формы заявлений в нём старые.",
        "Инструкции нет, каждый специалист делает по-своему.",
    ],
    "support": [
        "Дозвониться до специалиста трудно, консультируют только в приёмные часы.",
        "На вопросы отвечают по-разному, зависит от специалиста.",
    ],
}
SUGGESTIONS = [
    "Сделать единый перечень документов и опубликовать его на сайте.",
    "Принимать заявления в электронном виде и сообщать о статусе по почте.",
    "Назначить одного ответственного за консультации.",
    "Отправлять межведомственные запросы через СМЭВ, а не письмом.",
    "",
    "",
]
# Probabilities of «Нет», «Скорее нет», «Скорее да», «Да» before and after the changes.
WEIGHTS = {Phase.INITIATION: (0.2, 0.4, 0.3, 0.1), Phase.CLOSURE: (0.02, 0.1, 0.38, 0.5)}


def _dates(project: Project, phase: str) -> tuple[dt.date, dt.date]:
    today = clock.today()
    if phase == Phase.INITIATION:
        start = project.start_date or timezone.localdate(project.created_at)
        start = min(start, today)
        return start, start + timedelta(days=14)
    return today - timedelta(days=5), today + timedelta(days=9)


@transaction.atomic
def build_demo_survey(project: Project, *, phase: str, answers: int) -> Survey:
    """A survey of the project in the phase with `answers` realistic responses from several
    departments of the municipality and a couple of outside organisations."""
    existing = Survey.objects.filter(project=project, phase=phase).first()
    if existing is not None:
        return existing
    opens_on, closes_on = _dates(project, phase)
    survey = Survey.objects.create(
        project=project,
        phase=phase,
        process_name=project.title,
        note="Просим оценить, насколько удобен процесс сегодня. Ответы помогут команде проекта.",
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=project.lead,
    )
    departments = list(
        Department.objects.filter(municipality_id=project.municipality_id, is_active=True).order_by("name")[
            :4
        ]
    )
    rng = random.Random(f"{project.pk}-{phase}")
    weights = WEIGHTS[Phase(phase)]
    span_days = max((min(closes_on, clock.today()) - opens_on).days, 0)
    rows = []
    for i in range(answers):
        department = departments[i % len(departments)] if departments and i % 5 != 4 else None
        organisation = (
            department.name if department else OUTSIDE_ORGANISATIONS[i % len(OUTSIDE_ORGANISATIONS)]
        )
        day = opens_on + timedelta(days=rng.randint(0, span_days))
        submitted = timezone.make_aware(
            dt.datetime.combine(day, dt.time(9 + rng.randint(0, 8), rng.randint(0, 59)))
        )
        response = Response(
            survey=survey,
            department=department,
            organisation=organisation,
            respondent_name=NAMES[i % len(NAMES)],
            submitted_at=submitted,
            suggestions=rng.choice(SUGGESTIONS) if phase == Phase.INITIATION or rng.random() < 0.3 else "",
        )
        for q in QUESTIONS:
            score = rng.choices([s.value for s in Score], weights=weights)[0]
            setattr(response, q.code, score)
            if score <= Score.RATHER_NO:
                setattr(response, q.comment_field, rng.choice(COMMENTS[q.code]))
        response.full_clean(exclude=["survey", "invitation"])
        rows.append(response)
    Response.objects.bulk_create(rows)
    return survey
