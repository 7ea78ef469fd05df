"""The admin of the organisation (DESIGN §6: reference data only). Issue 18, hole 1: people,
their roles, groups and the municipality's «глава» are a superuser's; the authorised body edits the
departments, directions and the management team of its own municipality (org.access)."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import Department, Direction, ManagementTeamMember, Municipality, RoleAssignment, User


def _superuser(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class SuperuserOnly:
    """Whatever model permissions a staff account holds, only a superuser sees or changes this:
    flags, roles, groups, permissions and passwords decide what everybody else may do."""

    def has_module_permission(self, request):
        return _superuser(request)

    def has_view_permission(self, request, obj=None):
        return _superuser(request)

    def has_add_permission(self, request, *args):
        return _superuser(request)

    def has_change_permission(self, request, obj=None):
        return _superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request)


class MunicipalityScoped:
    """A staff member who is not a superuser sees and edits the rows of his own municipality only,
    and picks people of it (a plain list: the people's admin, behind an autocomplete, is closed)."""

    user_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if _superuser(request):
            return qs
        return qs.filter(municipality_id=request.user.municipality_id)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if _superuser(request):
            return filters
        # the filters would list other municipalities and their directions
        related = {"direction", "parent", "user", "coordinator", "head"}
        return [
            (f, admin.RelatedOnlyFieldListFilter) if f in related else f
            for f in filters
            if f != "municipality"
        ]

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if _superuser(request):
            return fields
        return [f for f in fields if f not in self.user_fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not _superuser(request):
            own = request.user.municipality_id
            if db_field.name == "municipality":
                kwargs["queryset"] = Municipality.objects.filter(pk=own)
            elif db_field.name in self.user_fields:
                kwargs["queryset"] = User.objects.filter(municipality_id=own, is_active=True)
            elif db_field.related_model in (Department, Direction):
                kwargs["queryset"] = db_field.related_model.objects.filter(municipality_id=own)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoleAssignmentInline(SuperuserOnly, admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(SuperuserOnly, BaseUserAdmin):
    list_display = ["username", "full_name", "position", "department", "role_list", "is_active"]
    list_filter = ["role_assignments__role", "municipality", "department", "is_active"]
    search_fields = ["username", "last_name", "first_name", "patronymic", "email", "position"]
    inlines = [RoleAssignmentInline]
    filter_horizontal = ["groups"]
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
        # the group «справочники» makes a person staff for the reference data (org.access)
        (_("Доступ"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
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


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperuserOnly, BaseGroupAdmin):
    pass


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ["name", "short_name", "kind", "head"]
    extra = 0
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "head" and not _superuser(request):
            kwargs["queryset"] = User.objects.filter(municipality_id=request.user.municipality_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Direction)
class DirectionAdmin(MunicipalityScoped, admin.ModelAdmin):
    list_display = ["name", "coordinator", "municipality"]
    list_filter = ["municipality"]
    inlines = [DepartmentInline]
    user_fields = ("coordinator",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "coordinator" and not _superuser(request):
            field.queryset = field.queryset.filter(role_assignments__role=Role.COORDINATOR)
        return field


@admin.register(Department)
class DepartmentAdmin(MunicipalityScoped, admin.ModelAdmin):
    list_display = ["name", "kind", "direction", "head", "municipality", "is_active"]
    list_filter = ["municipality", "kind", "direction", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["head", "parent"]
    user_fields = ("head",)


class ManagementTeamInline(admin.TabularInline):
    model = ManagementTeamMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(SuperuserOnly, admin.ModelAdmin):
    """Its «глава» signs the cards and protocols (Положение п.15): a superuser's."""

    list_display = ["name", "administration_name", "region", "mayor"]
    inlines = [ManagementTeamInline]
    autocomplete_fields = ["mayor"]


@admin.register(ManagementTeamMember)
class ManagementTeamMemberAdmin(MunicipalityScoped, admin.ModelAdmin):
    list_display = ["user", "membership", "position_text", "municipality", "order"]
    list_filter = ["municipality", "membership"]
    autocomplete_fields = ["user"]
    user_fields = ("user",)


admin.site.site_header = _("leanproj — справочники")
admin.site.site_title = _("leanproj")
admin.site.index_title = _("Справочники и календарь")
