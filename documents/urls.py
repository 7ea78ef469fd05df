"""Downloads of documents and exports (included at the site root: full paths)."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("projects/export.xlsx", views.RegistryXlsxView.as_view(), name="registry_xlsx"),
    path("projects/deadlines.xlsx", views.DeadlinesXlsxView.as_view(), name="deadlines_xlsx"),
    path("projects/<int:pk>/documents/card.pdf", views.CardPdfView.as_view(), name="card_pdf"),
    path("projects/<int:pk>/documents/card-scan", views.CardScanView.as_view(), name="card_scan"),
    path(
        "projects/<int:pk>/documents/card/<int:entry>.pdf",
        views.CardVersionPdfView.as_view(),
        name="card_version_pdf",
    ),
    path(
        "projects/<int:pk>/documents/meetings/<int:meeting_pk>/protocol.pdf",
        views.ProtocolPdfView.as_view(),
        name="protocol_pdf",
    ),
    path("projects/<int:pk>/documents/maps.pdf", views.MapsPdfView.as_view(), name="maps_pdf"),
    path("projects/<int:pk>/documents/plan.pdf", views.PlanPdfView.as_view(), name="plan_pdf"),
    path(
        "projects/<int:pk>/documents/plan/<int:number>.pdf",
        views.PlanRevisionPdfView.as_view(),
        name="plan_revision_pdf",
    ),
    path("projects/<int:pk>/documents/plan.xlsx", views.PlanXlsxView.as_view(), name="plan_xlsx"),
    path(
        "projects/<int:pk>/documents/indicators.xlsx",
        views.IndicatorsXlsxView.as_view(),
        name="indicators_xlsx",
    ),
    path("projects/<int:pk>/documents/report.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("projects/<int:pk>/documents/surveys.pdf", views.SurveyPdfView.as_view(), name="survey_pdf"),
    path(
        "projects/<int:pk>/documents/surveys/<slug:phase>.xlsx",
        views.SurveyXlsxView.as_view(),
        name="survey_xlsx",
    ),
    path(
        "projects/<int:pk>/documents/presentation.pdf",
        views.PresentationPdfView.as_view(),
        name="presentation_pdf",
    ),
    path(
        "projects/<int:pk>/documents/presentation.pptx",
        views.PresentationPptxView.as_view(),
        name="presentation_pptx",
    ),
    path(
        "projects/<int:pk>/documents/working.pdf",
        views.WorkingPresentationPdfView.as_view(),
        name="working_pdf",
    ),
    path(
        "projects/<int:pk>/documents/deadlines.xlsx",
        views.ProjectDeadlinesXlsxView.as_view(),
        name="project_deadlines_xlsx",
    ),
    # п.31: the presentation of a best practice's project, for the departments replicating it
    path(
        "practices/<int:practice_pk>/presentation.pdf",
        views.PracticePresentationPdfView.as_view(),
        name="practice_presentation_pdf",
    ),
    path(
        "practices/<int:practice_pk>/presentation.pptx",
        views.PracticePresentationPptxView.as_view(),
        name="practice_presentation_pptx",
    ),
]
