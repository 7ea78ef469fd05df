"""URLs of results, defence and closure, the best-practice base and the complaints registry
(Положение п.24–31; МР п.9–10). Added to the `projects` namespace by projects/urls.py."""

from django.urls import path

from . import views_results as v

urlpatterns: list = [
    # The results report, the defence and the mayor's decision (п.24–29)
    path("<int:pk>/results/", v.ReportView.as_view(), name="report"),
    path("<int:pk>/results/edit/", v.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/results/version/<int:entry>/", v.ReportVersionView.as_view(), name="report_version"),
    path("<int:pk>/results/act/<slug:act>/", v.ReportActView.as_view(), name="report_act"),
    path("<int:pk>/results/acts/new/", v.LegalActCreateView.as_view(), name="legal_act_create"),
    path("<int:pk>/results/acts/<int:act_pk>/", v.LegalActEditView.as_view(), name="legal_act_edit"),
    path("<int:pk>/results/photos/new/", v.PhotoCreateView.as_view(), name="result_photo_create"),
    path("<int:pk>/results/photos/<int:photo_pk>/", v.PhotoView.as_view(), name="result_photo"),
    path(
        "<int:pk>/results/photos/<int:photo_pk>/delete/",
        v.PhotoDeleteView.as_view(),
        name="result_photo_delete",
    ),
    # The best-practice base and replication (п.30–31)
    path("<int:pk>/practice/new/", v.PracticeCreateView.as_view(), name="practice_create"),
    path("<int:pk>/replication/plan/", v.ReplicationPlanCopyView.as_view(), name="replication_plan_copy"),
    path("practices/", v.PracticeListView.as_view(), name="practices"),
    path("practices/<int:practice_pk>/", v.PracticeDetailView.as_view(), name="practice"),
    path("practices/<int:practice_pk>/edit/", v.PracticeEditView.as_view(), name="practice_edit"),
    path(
        "practices/<int:practice_pk>/replicate/", v.PracticeReplicateView.as_view(), name="practice_replicate"
    ),
    path("practices/<int:practice_pk>/summary.pdf", v.PracticePdfView.as_view(), name="practice_pdf"),
    path(
        "practices/<int:practice_pk>/photos/<int:photo_pk>/",
        v.PracticePhotoView.as_view(),
        name="practice_photo",
    ),
    # Citizens' complaints and the registry (МР п.9–10)
    path("complaints/", v.ComplaintListView.as_view(), name="complaints"),
    path("complaints/export.xlsx", v.ComplaintXlsxView.as_view(), name="complaints_xlsx"),
    path("complaints/new/", v.ComplaintCreateView.as_view(), name="complaint_create"),
    path("complaints/<int:complaint_pk>/", v.ComplaintDetailView.as_view(), name="complaint"),
    path("complaints/<int:complaint_pk>/edit/", v.ComplaintEditView.as_view(), name="complaint_edit"),
    path("complaints/<int:complaint_pk>/decide/", v.ComplaintDecideView.as_view(), name="complaint_decide"),
]
