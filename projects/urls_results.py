"""URLs of results, defence and closure, the best-practice base and the complaints registry
(Положение п.24–31; МР п.9–10). Added to the `projects` namespace by projects/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
