"""The summary of МР п.4.4: number of respondents, departments and organisations, averages per
question and overall to two decimals, distribution, comments and suggestions."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Response
from surveys.questions import QUESTIONS
from surveys.selectors import survey_summary
from tests.surveys.factories import answer, make_survey

D = Decimal


def test_averages_on_hand_computed_answers(world):
    survey = make_survey(world)
    answer(survey, (4, 3, 2, 4, 1), organisation="МФЦ")
    answer(survey, (3, 3, 1, 4, 2), department=world.department)
    answer(survey, (4, 2, 2, 3, 4), department=world.other_department)
    summary = survey_summary(survey)

    # By hand: 11/3, 8/3, 5/3, 11/3, 7/3; overall 42 points over 15 answers.
    assert [q["average"] for q in summary["questions"]] == [
        D("3.67"),
        D("2.67"),
        D("1.67"),
        D("3.67"),
        D("2.33"),
    ]
    assert summary["overall_average"] == D("2.80")
    assert summary["respondents"] == 3
    # Groups of the form: «Процесс» (questions 1–3: 24/9) and «Поддержка» (4–5: 18/6).
    assert [(g["name"], g["average"]) for g in summary["groups"]] == [
        ("Процесс", D("2.67")),
        ("Поддержка пользователей процесса", D("3.00")),
    ]
    assert all(isinstance(q["average"], Decimal) for q in summary["questions"])


def test_half_is_rounded_up(world):
    survey = make_survey(world)
    # Question 1: 4+4+3+3+2+2+2+1 = 21 over 8 = 2.625 → 2.63 (as by hand, not 2.62).
    for first in (4, 4, 3, 3, 2, 2, 2, 1):
        answer(survey, (first, 3, 3, 3, 3))
    summary = survey_summary(survey)
    assert summary["questions"][0]["average"] == D("2.63")
    # Overall: (21 + 4·24) / 40 = 117/40 = 2.925 → 2.93.
    assert summary["overall_average"] == D("2.93")


def test_distribution_organisations_comments_and_suggestions(world):
    survey = make_survey(world)
    answer(
        survey,
        (1, 4, 4, 4, 4),
        department=world.department,
        comments={"satisfaction": "Долго ждём ответа"},
        suggestions="Принимать заявления по почте",
        name="Петрова А.С.",
    )
    answer(survey, (2, 4, 3, 4, 4), department=world.department, comments={"satisfaction": "Много бумаг"})
    answer(survey, (4, 4, 4, 4, 4), organisation="  МФЦ   ЗАТО Северск ")
    answer(survey, (4, 4, 4, 4, 4), organisation="МФЦ ЗАТО Северск")
    summary = survey_summary(survey)

    first = summary["questions"][0]
    assert [(d["label"], d["count"]) for d in first["distribution"]] == [
        ("Нет", 1),
        ("Скорее нет", 1),
        ("Скорее да", 0),
        ("Да", 2),
    ]
    assert [d["percent"] for d in first["distribution"]] == [D("25.00"), D("25.00"), D("0.00"), D("50.00")]
    assert summary["organisations_count"] == 2
    assert {o["name"]: o["respondents"] for o in summary["organisations"]} == {
        "Отдел социальной поддержки": 2,
        "МФЦ ЗАТО Северск": 2,  # typed names are tidied, so the same organisation counts once
    }
    assert [(c["question_number"], c["answer"], c["text"]) for c in summary["comments"]] == [
        (1, "Нет", "Долго ждём ответа"),
        (1, "Скорее нет", "Много бумаг"),
    ]
    assert first["comments"][0]["respondent_name"] == "Петрова А.С."
    assert summary["suggestions"] == [
        {
            "text": "Принимать заявления по почте",
            "organisation": "Отдел социальной поддержки",
            "respondent_name": "Петрова А.С.",
        }
    ]


def test_empty_survey_has_no_averages(world):
    summary = survey_summary(make_survey(world))
    assert summary["respondents"] == 0
    assert summary["overall_average"] is None
    assert all(q["average"] is None for q in summary["questions"])
    assert summary["organisations"] == []


def test_each_respondents_overall_score(world):
    survey = make_survey(world)
    response = answer(survey, (4, 3, 3, 3, 4))
    assert Response.objects.get(pk=response.pk).average == D("3.40")


def test_summary_queries_do_not_grow_with_answers(world):
    survey = make_survey(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            survey_summary(survey)
        return len(ctx.captured_queries)

    for i in range(3):
        answer(survey, (1, 2, 3, 4, 2), organisation=f"Организация {i}", suggestions="Да")
    small = count()
    for i in range(30):
        answer(survey, (i % 4 + 1, 2, 3, 4, 1), organisation=f"Организация {i % 7}", suggestions="Ещё")
    assert count() == small == 3


def test_questions_are_the_regulations_five_in_two_groups():
    # МР, «АНКЕТА заказчика процесса», word for word.
    assert [(str(q.group), str(q.text)) for q in QUESTIONS] == [
        ("Процесс", "Удовлетворены ли Вы в целом работой процесса?"),
        ("Процесс", "Является ли процесс для Вас простым и понятным?"),
        ("Процесс", "Является ли длительность процесса для Вас оптимальной?"),
        (
            "Поддержка пользователей процесса",
            "Удовлетворены ли Вы нормативной документацией по процессу (инструкции, стандарты, регламенты)",
        ),
        (
            "Поддержка пользователей процесса",
            "Удовлетворены ли Вы качеством поддержки и сервиса (консультациями)?",
        ),
    ]
