from django.urls import path

from . import views, views_comments, views_plan

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
    # Положение п.6.1, 6.3 (issue 19.9): methodological comments, consultations, replies
    path("<int:pk>/comments/", views_comments.CommentsView.as_view(), name="comments"),
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
    path("<int:pk>/plan/", views_plan.PlanView.as_view(), name="plan"),
    path("<int:pk>/plan/start/", views_plan.PlanStartView.as_view(), name="plan_start"),
    path("<int:pk>/plan/activities/new/", views_plan.ActivityEditView.as_view(), name="activity_create"),
    path(
        "<int:pk>/plan/activities/<int:activity_pk>/",
        views_plan.ActivityEditView.as_view(),
        name="activity_edit",
    ),
    path(
        "<int:pk>/plan/activities/<int:activity_pk>/evidence/",
        views_plan.ActivityEvidenceView.as_view(),
        name="activity_evidence",
    ),
    path(
        "<int:pk>/plan/problems/<int:problem_pk>/note/",
        views_plan.ProblemNoteView.as_view(),
        name="problem_note",
    ),
    path("<int:pk>/plan/revisions/new/", views_plan.RevisionStartView.as_view(), name="plan_revision_start"),
    path("<int:pk>/plan/<int:number>/", views_plan.RevisionView.as_view(), name="plan_revision"),
    path(
        "<int:pk>/plan/<int:number>/<slug:act>/",
        views_plan.RevisionActView.as_view(),
        name="plan_revision_act",
    ),
    path("<int:pk>/risks/", views_plan.RiskView.as_view(), name="risks"),
    path("<int:pk>/board/", views_plan.BoardView.as_view(), name="board"),
    path("<int:pk>/indicators/", views_plan.IndicatorsView.as_view(), name="indicators"),
    path("activities/mine/", views_plan.MyActivitiesView.as_view(), name="my_activities"),
    path("activities/<int:activity_pk>/move/", views_plan.ActivityMoveView.as_view(), name="activity_move"),
]

from .urls_results import urlpatterns as results_urlpatterns  # noqa: E402

urlpatterns += results_urlpatterns

from .urls_history import urlpatterns as history_urlpatterns  # noqa: E402

urlpatterns += history_urlpatterns

from .urls_initiatives import urlpatterns as initiative_urlpatterns  # noqa: E402

urlpatterns += initiative_urlpatterns
