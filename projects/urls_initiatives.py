from django.urls import path

from . import views_initiatives as views

urlpatterns = [
    path("<int:pk>/criteria/<slug:kind>/", views.CriteriaView.as_view(), name="criteria"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiatives"),
    path("initiatives/new/", views.InitiativeCreateView.as_view(), name="initiative_create"),
    path("initiatives/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative"),
    path("initiatives/<int:pk>/decide/", views.InitiativeDecideView.as_view(), name="initiative_decide"),
]
