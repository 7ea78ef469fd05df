from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("new/", views.ProjectCreateView.as_view(), name="create"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("signing/", views.SigningQueueView.as_view(), name="signing"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/card/<slug:section>/", views.CardSectionView.as_view(), name="card"),
    path("<int:pk>/card/version/<int:entry>/", views.CardVersionView.as_view(), name="card_version"),
    path("<int:pk>/act/<slug:action>/", views.ProjectActView.as_view(), name="act"),
    path("<int:pk>/card-change/", views.CardChangeStartView.as_view(), name="card_change_start"),
    path(
        "<int:pk>/card-change/<int:change_pk>/<slug:act>/",
        views.CardChangeActView.as_view(),
        name="card_change_act",
    ),
    path("<int:pk>/meetings/new/", views.MeetingEditView.as_view(), name="meeting_create"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("<int:pk>/meetings/<int:meeting_pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/<slug:act>/", views.MeetingActView.as_view(), name="meeting_act"
    ),
]
