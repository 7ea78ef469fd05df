from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, Direction, ManagementTeamMember, Municipality, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "position", "department", "role_list", "is_active"]
    list_filter = ["role_assignments__role", "municipality", "department", "is_active"]
    search_fields = ["username", "last_name", "first_name", "patronymic", "email", "position"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Сотрудник"),
            {
                "fields": (
                    "last_name",
                    "first_name",
                    "patronymic",
                    "position",
                    "municipality",
                    "department",
                    "email",
                    "phone",
                    "email_digest",
                )
            },
        ),
        (_("Доступ"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Даты"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (
            _("Сотрудник"),
            {
                "fields": (
                    "last_name",
                    "first_name",
                    "patronymic",
                    "position",
                    "municipality",
                    "department",
                    "email",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    @admin.display(description=_("роли"))
    def role_list(self, obj):
        return ", ".join(a.get_role_display() for a in obj.role_assignments.all())

    @admin.display(description=_("Ф.И.О."), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ["name", "short_name", "kind", "head"]
    extra = 0
    show_change_link = True


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["name", "coordinator", "municipality"]
    list_filter = ["municipality"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "direction", "head", "municipality", "is_active"]
    list_filter = ["municipality", "kind", "direction", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["head", "parent"]


class ManagementTeamInline(admin.TabularInline):
    model = ManagementTeamMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "administration_name", "region", "mayor"]
    inlines = [ManagementTeamInline]
    autocomplete_fields = ["mayor"]


@admin.register(ManagementTeamMember)
class ManagementTeamMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "membership", "position_text", "municipality", "order"]
    list_filter = ["municipality", "membership"]
    autocomplete_fields = ["user"]


admin.site.site_header = _("leanproj — справочники")
admin.site.site_title = _("leanproj")
admin.site.index_title = _("Справочники и календарь")
