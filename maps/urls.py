"""Map pages live under the project (included at the site root): /projects/<pk>/maps/<kind>/…"""

from django.urls import path

from . import views

app_name = "maps"

MAP = "projects/<int:pk>/maps/<slug:kind>/"

urlpatterns = [
    path(MAP, views.MapPageView.as_view(), name="map"),
    path(MAP + "start/", views.MapStartView.as_view(), name="start"),
    path(MAP + "svg/", views.MapSvgView.as_view(), name="svg"),
    path(MAP + "photo/", views.MapPhotoView.as_view(), name="photo"),
    path(MAP + "approved/<int:entry>/", views.MapVersionView.as_view(), name="version"),
    path(MAP + "<slug:thing>/add/", views.MapAddView.as_view(), name="add"),
    path(MAP + "<slug:thing>/<int:item>/", views.MapItemView.as_view(), name="item"),
    path(MAP + "<slug:thing>/<int:item>/<slug:act>/", views.MapItemActView.as_view(), name="item_act"),
    path("projects/<int:pk>/problems/", views.ProblemListView.as_view(), name="problems"),
    path("projects/<int:pk>/problems/xlsx/", views.ProblemExportView.as_view(), name="problems_xlsx"),
]
