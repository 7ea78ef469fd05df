from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboards.views import HomeView
from org.views import healthz

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("projects/", include("projects.urls")),
    path("", include("maps.urls")),
    path("", include("surveys.urls")),
    path("", include("documents.urls")),
    path("", include("notifications.urls")),
    path("", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]
# Nothing under MEDIA_URL is served, not even with DEBUG: uploaded files go out only through the
# views that check access to their project (leanproj/files.py; issue 18).
