"""URL of the «История изменений» page (issue 13), included in the `projects` namespace by
projects/urls.py."""

from django.urls import path

from . import views_history

urlpatterns: list = [
    path("<int:pk>/history/", views_history.ProjectHistoryView.as_view(), name="history"),
]
