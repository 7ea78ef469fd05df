"""The product's URLs plus, at /bench-admin/, a Django admin of projects as a typical changelist
(number, title, department, status, lead): the baseline each page of the load benchmark is compared
with. The product registers only reference data in its own admin; this one exists only here."""

from django.contrib import admin
from django.urls import path

from leanproj.urls import urlpatterns as product_urlpatterns
from projects.models import Project

site = admin.AdminSite(name="benchadmin")


@admin.register(Project, site=site)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "department", "status", "lead")
    list_filter = ("status", "source")
    list_select_related = ("department", "lead")
    search_fields = ("number", "title")

    def lookup_allowed(self, lookup, value, request=None):
        # The coordinator's projects, as the dashboard counts them (department → direction).
        if lookup.startswith("department__direction__coordinator"):
            return True
        return super().lookup_allowed(lookup, value, request)


urlpatterns = [path("bench-admin/", site.urls), *product_urlpatterns]
