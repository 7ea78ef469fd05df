"""Who keeps what in the admin (issue 18, hole 1; DESIGN §1, §6).

- The authorised body keeps the reference data (Положение п.5–6; DESIGN §1: «departments, team,
  calendar»): departments, directions, the management team with its positions, the production
  calendar's years and corrections, the directory of waste types. It gets exactly those model
  permissions through one group, `REFERENCE_EDITORS`, and nothing else.
- Everything that decides what a person may do — users (their staff/superuser flags, department,
  password), roles, groups, permissions, the municipality's «глава» — is kept by a superuser only,
  whatever permissions a staff account has been given (`SuperuserOnlyAdmin`).

The group is kept by code, not by a data migration: Django creates permission rows after the
migrations (post_migrate), and the list below changes with the code. `sync_reference_editors()`
resets the group to exactly this list; the demo and `manage.py reference_editors` call it, and so
does every `migrate` once the group exists (`org.apps`)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q, QuerySet

REFERENCE_EDITORS = "Уполномоченный орган — справочники"

# app label -> model -> the actions the authorised body has on it. A department, a direction and
# a team member are switched off or edited, not deleted: projects and people refer to them.
REFERENCE_MODELS: dict[str, dict[str, tuple[str, ...]]] = {
    "org": {
        "department": ("view", "add", "change"),
        "direction": ("view", "add", "change"),
        "managementteammember": ("view", "add", "change", "delete"),
    },
    "workdays": {
        "calendaryear": ("view", "add", "change"),
        "nonworkingday": ("view", "add", "change", "delete"),
        "workingweekendday": ("view", "add", "change", "delete"),
    },
    "maps": {
        "wastetype": ("view", "add", "change", "delete"),
    },
}


def is_reference_model(model) -> bool:
    meta = model._meta
    return meta.model_name in REFERENCE_MODELS.get(meta.app_label, {})


def reference_permissions() -> QuerySet[Permission]:
    """Exactly the permissions of the reference data, nothing else."""
    query = Q(pk__in=[])
    for app_label, models in REFERENCE_MODELS.items():
        for model, actions in models.items():
            query |= Q(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    return Permission.objects.filter(query).select_related("content_type")


def sync_reference_editors(*, create: bool = True) -> Group | None:
    """The group with exactly the reference data permissions (a permission added by hand goes)."""
    group = Group.objects.filter(name=REFERENCE_EDITORS).first()
    if group is None:
        if not create:
            return None
        group = Group.objects.create(name=REFERENCE_EDITORS)
    group.permissions.set(reference_permissions())
    return group


@transaction.atomic
def reference_editor_grant(*, user) -> None:
    """Makes a person staff for the reference data: the group, no other group or own permission.
    A superuser is not narrowed silently: the caller decides that."""
    if user.is_superuser:
        raise ValueError("superuser")
    group = sync_reference_editors()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.set([group])
    user.user_permissions.clear()


@transaction.atomic
def reference_editor_revoke(*, user) -> None:
    group = Group.objects.filter(name=REFERENCE_EDITORS).first()
    if group is not None:
        user.groups.remove(group)
    if not user.is_superuser and not user.groups.exists() and not user.user_permissions.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
