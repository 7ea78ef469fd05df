from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="list"),
    path("notifications/read-all/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("notifications/delivery/", views.NotificationDeliveryView.as_view(), name="delivery"),
    path("notifications/<int:pk>/", views.NotificationOpenView.as_view(), name="open"),
    path("notifications/<int:pk>/read/", views.NotificationReadView.as_view(), name="read"),
]
