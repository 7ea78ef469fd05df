"""Security headers and session lifetimes (issue 13 «Hardening»).

- Content-Security-Policy: every asset is served from this site (no CDN, DESIGN §6), scripts only
  from /static/ files, no inline script; inline *styles* are allowed because server-rendered SVG
  charts and a few templates size elements with style attributes.
- Permissions-Policy: the application needs no camera, microphone or location.
- Sessions end after SESSION_IDLE_SECONDS without a request (Django's cookie age, renewed on every
  request) and, whatever the activity, SESSION_ABSOLUTE_SECONDS after login."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
LOGIN_AT = "leanproj_login_at"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class AbsoluteSessionTimeoutMiddleware:
    """Logs out a session SESSION_ABSOLUTE_SECONDS after its login, even if it stayed active."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            now = time.time()
            if started is None:
                request.session[LOGIN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _("Сеанс завершён: с момента входа прошло больше %(h)s ч. Войдите снова.")
                    % {"h": settings.SESSION_ABSOLUTE_SECONDS // 3600},
                )
                return redirect(f"{settings.LOGIN_URL and '/accounts/login/'}?next={request.path}")
        return self.get_response(request)
