"""Downloads of documents and exports (included at the site root: full paths)."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("projects/export.xlsx", views.RegistryXlsxView.as_view(), name="registry_xlsx"),
    path("projects/deadlines.xlsx", views.DeadlinesXlsxView.as_view(), name="deadlines_xlsx"),
    path("projects/<int:pk>/documents/card.pdf", views.CardPdfView.as_view(), name="card_pdf"),
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
    path(
        "projects/<int:pk>/documents/deadlines.xlsx",
        views.ProjectDeadlinesXlsxView.as_view(),
        name="project_deadlines_xlsx",
    ),
]
