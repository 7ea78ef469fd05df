"""Reference data of the maps in the admin (DESIGN §6: the admin is for reference data only): the
kinds of waste, kept by the authorised body (DOMAIN: «keep as an editable reference table»)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import WasteType


@admin.register(WasteType)
class WasteTypeAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "hint", "is_active", "used"]
    list_display_links = ["name"]
    list_editable = ["is_active"]
    search_fields = ["name", "hint"]
    ordering = ["number"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_used=Count("steps", distinct=True))

    @admin.display(description=_("шагов на картах"), ordering="_used")
    def used(self, obj) -> int:
        return obj._used

    def has_delete_permission(self, request, obj=None):
        # A waste type that maps refer to is switched off, not deleted: approved maps keep its name.
        if obj is not None and (obj.steps.exists() or obj.problems.exists()):
            return False
        return super().has_delete_permission(request, obj)
