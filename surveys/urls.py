from django.urls import path

from . import views

app_name = "surveys"

S = "projects/<int:pk>/surveys/<int:survey_pk>/"

urlpatterns = [
    # Staff pages under the project they belong to.
    path("projects/<int:pk>/surveys/new/", views.SurveyCreateView.as_view(), name="create"),
    path("projects/<int:pk>/surveys/waive/<slug:phase>/", views.SurveyWaiveView.as_view(), name="waive"),
    path(S, views.SurveyDetailView.as_view(), name="detail"),
    path(S + "edit/", views.SurveyEditView.as_view(), name="edit"),
    path(S + "print/", views.SurveyPrintView.as_view(), name="print"),
    path(S + "print/personal/", views.PersonalPrintView.as_view(), name="print_personal"),
    path(S + "qr.svg", views.SurveyQrView.as_view(), name="qr"),
    path(S + "export.xlsx", views.SurveyExportView.as_view(), name="export"),
    path(S + "invitations/", views.InvitationsView.as_view(), name="invitations"),
    path(
        S + "invitations/<int:invitation_pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path(S + "act/<slug:act>/", views.SurveyActView.as_view(), name="act"),
    # The respondent's link: a short path and an unguessable token, no account.
    path("s/<slug:token>/", views.PublicSurveyView.as_view(), name="public"),
    path("s/<slug:token>/thanks/", views.PublicThanksView.as_view(), name="thanks"),
]
