"""`python manage.py reference_editors [--add LOGIN …] [--remove LOGIN …]`: the group of the
authorised body's reference data reset to exactly its permissions (org.access), and people added to
it or taken out of it. Issue 18, hole 1: the only way, besides a superuser in the admin, to make a
person staff — and it never makes anybody more than a reference-data editor."""

from django.core.management.base import BaseCommand, CommandError

from org.access import (
    REFERENCE_EDITORS,
    reference_editor_grant,
    reference_editor_revoke,
    reference_permissions,
    sync_reference_editors,
)
from org.models import User


class Command(BaseCommand):
    help = (
        "Группа «справочники» получает ровно права на справочники (подразделения, направления, "
        "управленческая команда, производственный календарь, виды потерь); --add / --remove "
        "включают в неё пользователей или исключают их."
    )

    def add_arguments(self, parser):
        parser.add_argument("--add", nargs="+", default=[], metavar="LOGIN", help="включить в группу")
        parser.add_argument("--remove", nargs="+", default=[], metavar="LOGIN", help="исключить из группы")

    def _user(self, login: str) -> User:
        try:
            return User.objects.get(username=login)
        except User.DoesNotExist:
            raise CommandError(f"Пользователя «{login}» нет.", returncode=2) from None

    def handle(self, *args, add, remove, **options):
        sync_reference_editors()
        for login in add:
            user = self._user(login)
            if user.is_superuser:
                raise CommandError(
                    f"«{login}» — суперпользователь: у него уже все права, группа их не сузит.",
                    returncode=2,
                )
            reference_editor_grant(user=user)
        for login in remove:
            reference_editor_revoke(user=self._user(login))
        members = User.objects.filter(groups__name=REFERENCE_EDITORS).order_by("username")
        self.stdout.write(
            f"«{REFERENCE_EDITORS}»: прав {reference_permissions().count()}, "
            f"участники: {', '.join(u.username for u in members) or '—'}"
        )
