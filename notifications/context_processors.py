from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread(request) -> dict:
    """`unread_notifications` for the navbar badge; counted only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
