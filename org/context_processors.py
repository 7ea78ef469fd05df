from .choices import Role
from .navigation import items_for


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_roles": [Role(r) for r in sorted(user.roles)],
        "nav_items": items_for(user),
    }
