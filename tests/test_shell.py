"""The UI shell: login, role home pages, Russian error pages, local assets only."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from org.choices import Role
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def login(client: Client, username: str) -> None:
    """Logs in through the real login form, as a person does (django-axes watches that form)."""
    response = client.post(reverse("login"), {"username": username, "password": "demo12345"})
    assert response.status_code == 302, response.content.decode()[:500]


def test_anonymous_is_sent_to_the_russian_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert "Вход в систему" in page.content.decode()
    assert 'lang="ru"' in page.content.decode()


def test_wrong_password_is_answered_in_russian_and_the_login_is_kept(client, demo):
    response = client.post(reverse("login"), {"username": "lead", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "правильные имя пользователя и пароль" in html
    assert 'value="lead"' in html


def test_login_then_logout(client, demo):
    response = client.post(reverse("login"), {"username": "lead", "password": "demo12345"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        (
            "coordinator",
            [
                "Ждут моего решения",
                "Сокращение срока выдачи справок о составе семьи",
                "осталось 2 рабочих дня",
            ],
        ),
        ("mayor", ["Карточки на утверждение", "Упрощение записи в кружки"]),
        (
            "authority",
            ["Производственный календарь", "№ 1335", "Справочники", "Муниципальное образование в целом"],
        ),
        ("lead", ["Мои проекты", "Оптимизация процесса назначения ежемесячной денежной выплаты"]),
        ("team", ["Мои проекты"]),
    ],
)
def test_each_role_lands_on_its_home_page(client, demo, username, expected):
    login(client, username)
    html = client.get("/").content.decode()
    for text in expected:
        assert text in html, text


def test_only_staff_see_the_reference_data_menu(client, demo):
    login(client, "lead")
    assert "Справочники" not in client.get("/").content.decode()
    assert client.get("/admin/").status_code == 302


def test_authority_edits_reference_data_in_the_admin(client, demo):
    login(client, "authority")
    assert client.get(reverse("admin:workdays_calendaryear_changelist")).status_code == 200
    assert client.get(reverse("admin:org_department_changelist")).status_code == 200


def test_password_change(client):
    user = UserFactory(username="p", roles=[Role.TEAM])
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pass12345", "new_password1": "коротк", "new_password2": "коротк"},
    )
    assert response.status_code == 200
    assert "слишком короткий" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "pass12345", "new_password1": "Северск-2026!", "new_password2": "Северск-2026!"},
    )
    assert response.status_code == 302


def test_404_is_russian(client):
    user = UserFactory(roles=[Role.TEAM], department=DepartmentFactory())
    client.force_login(user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_500_page_is_russian_and_standalone():
    from django.template.loader import render_to_string

    assert "Ошибка сервера" in render_to_string("500.html")


def test_403_is_russian(rf):
    from django.views.defaults import permission_denied

    response = permission_denied(rf.get("/"), exception=None)
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


def test_every_asset_is_local(client, demo):
    login(client, "authority")
    html = client.get("/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+\.(?:css|js))"', html):
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


def test_healthz(client):
    assert client.get("/healthz").content == b"ok"


def test_calendar_admin_refuses_a_date_in_both_inlines(client, demo):
    from workdays.models import CalendarYear

    login(client, "authority")
    year = CalendarYear.objects.get(year=2026)
    url = reverse("admin:workdays_calendaryear_change", args=[year.pk])
    page = client.get(url)
    data = {
        "year": "2026",
        "decree": year.decree,
        "confirmed": "on",
        "source": year.source,
        "non_working_days-TOTAL_FORMS": "1",
        "non_working_days-INITIAL_FORMS": "0",
        "non_working_days-0-date": "2026-06-20",
        "non_working_days-0-name": "Местный праздник",
        "working_weekend_days-TOTAL_FORMS": "1",
        "working_weekend_days-INITIAL_FORMS": "0",
        "working_weekend_days-0-date": "2026-06-20",
        "working_weekend_days-0-name": "Рабочая суббота",
    }
    assert page.status_code == 200
    response = client.post(url, data)
    assert response.status_code == 200
    assert "оставьте одно" in response.content.decode()
    assert not year.non_working_days.filter(date="2026-06-20").exists()


def test_calendar_admin_refuses_a_year_twice(client, demo):
    login(client, "authority")
    response = client.post(
        reverse("admin:workdays_calendaryear_add"),
        {
            "year": "2025",
            "decree": "",
            "source": "",
            "non_working_days-TOTAL_FORMS": "0",
            "non_working_days-INITIAL_FORMS": "0",
            "working_weekend_days-TOTAL_FORMS": "0",
            "working_weekend_days-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "не может быть загружен дважды" in response.content.decode()


def test_five_failed_logins_lock_the_login_for_a_while(client, demo):
    from django.core.cache import cache

    cache.clear()
    for _ in range(5):
        client.post(reverse("login"), {"username": "lead", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "lead", "password": "demo12345"})
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="lead")
    assert attempt.failures_since_start >= 5
    # the lock is not forever: after the cool-off the right password works again
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    response = client.post(reverse("login"), {"username": "lead", "password": "demo12345"})
    assert response.status_code == 302


def test_another_user_is_not_locked_by_someone_elses_failures(client, demo):
    for _ in range(5):
        client.post(reverse("login"), {"username": "lead", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "team", "password": "demo12345"}).status_code == 302


def test_security_headers(client, demo):
    login(client, "lead")
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_session_ends_after_the_absolute_timeout(client, demo, settings):
    import time

    from leanproj.security import LOGIN_AT

    login(client, "lead")
    assert client.get("/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/").status_code == 302


def test_idle_session_expires(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 3600
