from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/export.xlsx", views.ExportView.as_view(), name="export"),
]
