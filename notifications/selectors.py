"""Reads of notifications: a person sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from org.models import User

from .models import Notification


def notifications_of(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user).select_related("project").order_by("-created_at", "-id")
    return qs.unread() if unread_only else qs


def unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
