from django.utils.translation import gettext_lazy as _

from leanproj.choices import ChoiceSet, set_colors


class Role(ChoiceSet):
    """The roles of DESIGN §1; one person may hold several."""

    MAYOR = "mayor", _("Мэр")  # Положение п.4, 15, 26–29: signs and decides
    # Issue 19.9: the mayor's office prepares and sees what the mayor signs; it never signs or decides.
    MAYOR_OFFICE = "mayor_office", _("Аппарат Мэра")
    COORDINATOR = "coordinator", _("Координатор (заместитель Мэра)")  # п.7–8
    AUTHORITY = "authority", _("Уполномоченный орган")  # п.5–6, 31
    LEAD = "lead", _("Руководитель подразделения (руководитель проекта)")  # п.9, 11, 13
    TEAM = "team", _("Работник (член команды проекта)")  # п.9.3, 21
    OBSERVER = "observer", _("Наблюдатель")  # п.8.4, 26


set_colors(
    Role,
    {
        "mayor": "danger",
        "mayor_office": "dark",
        "coordinator": "primary",
        "authority": "success",
        "lead": "warning",
        "team": "info",
        "observer": "secondary",
    },
)


class DepartmentKind(ChoiceSet):
    ORGAN = "organ", _("Орган Администрации")
    UNIT = "unit", _("Структурное подразделение Администрации")
    INSTITUTION = "institution", _("Подведомственное учреждение")


class TeamMembership(ChoiceSet):
    """Positions in the municipal management team as the regulation's «Состав» lists them."""

    HEAD = "head", _("Руководитель муниципальной управленческой команды")
    DEPUTY_HEAD = "deputy_head", _("Заместитель руководителя муниципальной управленческой команды")
    COORDINATOR = "coordinator", _("Член команды — координатор")
    WORKING_GROUP = "working_group", _("Член рабочей группы")
