"""`python manage.py load_demo`: a demo municipality with one login per role; idempotent."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from org.demo import DEMO_LOGINS, DEMO_PASSWORD

# Each part of the product adds its demo data after the organisation exists.
BUILDERS = ["org.demo.build", "projects.demo.build"]


class Command(BaseCommand):
    help = "Создаёт демонстрационное муниципальное образование с пользователями всех ролей (повторный запуск ничего не дублирует)."

    def handle(self, *args, **options):
        # The demo's history raises in-app notifications for its people, but mails nobody.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for path in BUILDERS:
                import_string(path)()
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные загружены."))
        self.stdout.write(f"Пароль всех демонстрационных пользователей: {DEMO_PASSWORD}")
        for login, description in DEMO_LOGINS:
            self.stdout.write(f"  {login:<14} {description}")
