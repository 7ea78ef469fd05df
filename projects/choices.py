from django.utils.translation import gettext_lazy as _

from leanproj.choices import ChoiceSet, set_colors


class Status(ChoiceSet):
    """The stages of Положение п.10 and the decisions of п.13–29 (DESIGN §2). The codes are stable:
    reports, exports and integrations rely on them."""

    DRAFT = "draft", _("Инициатива (черновик карточки)")
    CARD_REVIEW = "card_review", _("Рассмотрение координатором")
    CARD_SIGNING = "card_signing", _("Утверждение Мэром")
    CURRENT_MAP = "current_map", _("Карта текущего состояния")
    TARGET_MAP = "target_map", _("Карта целевого состояния")
    PLAN_DRAFTING = "plan_drafting", _("Формирование плана")
    PLAN_REVIEW = "plan_review", _("Согласование плана")
    PLAN_REWORK = "plan_rework", _("Доработка плана")
    IMPLEMENTATION = "implementation", _("Реализация плана")
    RESULTS = "results", _("Оценка результатов")
    REPORT_REVIEW = "report_review", _("Рассмотрение отчёта")
    DEFENCE = "defence", _("Защита (завершающее совещание)")
    CLOSED = "closed", _("Закрыт")
    REJECTED = "rejected", _("Отклонён")
    SUSPENDED = "suspended", _("Приостановлен")


set_colors(
    Status,
    {
        "draft": "secondary",
        "card_review": "primary",
        "card_signing": "primary",
        "current_map": "info",
        "target_map": "info",
        "plan_drafting": "info",
        "plan_review": "primary",
        "plan_rework": "warning",
        "implementation": "success",
        "results": "info",
        "report_review": "primary",
        "defence": "primary",
        "closed": "dark",
        "rejected": "danger",
        "suspended": "warning",
    },
)

# The lifecycle in its order, for timelines and portfolio tables.
STAGE_ORDER = [
    Status.DRAFT,
    Status.CARD_REVIEW,
    Status.CARD_SIGNING,
    Status.CURRENT_MAP,
    Status.TARGET_MAP,
    Status.PLAN_DRAFTING,
    Status.PLAN_REVIEW,
    Status.PLAN_REWORK,
    Status.IMPLEMENTATION,
    Status.RESULTS,
    Status.REPORT_REVIEW,
    Status.DEFENCE,
    Status.CLOSED,
]
ACTIVE_STATUSES = [s for s in STAGE_ORDER if s not in (Status.CLOSED,)]
OPEN_STATUSES = [s.value for s in STAGE_ORDER if s not in (Status.DRAFT, Status.CLOSED)]
FINAL_STATUSES = [Status.CLOSED, Status.REJECTED]


class Source(ChoiceSet):
    """Where the project came from (Положение п.11; МР п.9–10; п.30)."""

    INITIATIVE = "initiative", _("Инициатива подразделения")
    COMPLAINT = "complaint", _("Обращение граждан")
    CUR = "cur", _("Сообщение ЦУР / платформы обратной связи")
    REPLICATION = "replication", _("Тиражирование лучшей практики")


set_colors(
    Source, {"initiative": "secondary", "complaint": "warning", "cur": "warning", "replication": "success"}
)


class IndicatorDirection(ChoiceSet):
    DECREASE = "decrease", _("снижение")
    INCREASE = "increase", _("рост")


class Influence(ChoiceSet):
    HIGH = "high", _("высокое")
    MEDIUM = "medium", _("среднее")
    LOW = "low", _("низкое")


class Attitude(ChoiceSet):
    SUPPORTS = "supports", _("поддерживает")
    NEUTRAL = "neutral", _("нейтрален")
    OPPOSES = "opposes", _("противодействует")


set_colors(Attitude, {"supports": "success", "neutral": "secondary", "opposes": "danger"})


class MemberKind(ChoiceSet):
    MEMBER = "member", _("член команды")
    OBSERVER = "observer", _("наблюдатель")


class Stage(ChoiceSet):
    """Statutory clocks (DESIGN §2): each is a stored deadline."""

    CARD_REVIEW = "card_review", _("Рассмотрение карточки координатором")  # п.14: 10 wd
    CARD_SIGNING = "card_signing", _("Подписание карточки Мэром")  # п.15: no clock, age tracked
    CURRENT_MAP = "current_map", _("Разработка карты текущего состояния")  # п.16.1: 25 wd
    TARGET_MAP = "target_map", _("Разработка карты целевого состояния")  # п.16.2: 10 wd
    PLAN_DRAFTING = "plan_drafting", _("Формирование плана мероприятий")  # п.17: 10 wd
    PLAN_REVIEW = "plan_review", _("Согласование плана координатором")  # п.19: 3 wd
    PLAN_REWORK = "plan_rework", _("Доработка плана")  # п.20: 3 wd
    RESULTS = "results", _("Оценка результатов и отчёт")  # п.24: 25 wd
    REPORT_REVIEW = "report_review", _("Рассмотрение отчёта координатором")  # п.25: age tracked
    DEFENCE = "defence", _("Защита и решение Мэра")  # п.26–29: age tracked
    CARD_CHANGE = "card_change", _("Согласование изменения карточки")  # п.22: age tracked
    # п.15, 22: a change of what the Mayor signed waits for his signature; age tracked
    CARD_AMENDMENT = "card_amendment", _("Подписание изменения карточки Мэром")


class ResponsibleRole(ChoiceSet):
    LEAD = "lead", _("руководитель проекта и команда")
    COORDINATOR = "coordinator", _("координатор")
    MAYOR = "mayor", _("Мэр (аппарат Мэра)")


class DeadlineOutcome(ChoiceSet):
    ON_TIME = "on_time", _("в срок")
    LATE = "late", _("с нарушением срока")


set_colors(DeadlineOutcome, {"on_time": "success", "late": "danger"})


class MeetingKind(ChoiceSet):
    KICKOFF = "kickoff", _("Установочное совещание")  # МР п.4.9
    TEAM = "team", _("Заседание команды проекта")  # п.21, 23
    CLOSING = "closing", _("Завершающее совещание")  # п.26–28


class Achievement(ChoiceSet):
    """The mayor's decision on the degree of achievement (п.29)."""

    ACHIEVED = "achieved", _("цели достигнуты")
    PARTIAL = "partial", _("цели достигнуты частично")
    NOT_ACHIEVED = "not_achieved", _("цели не достигнуты")


set_colors(Achievement, {"achieved": "success", "partial": "warning", "not_achieved": "danger"})


class CardChangeStatus(ChoiceSet):
    DRAFT = "draft", _("готовится")
    PENDING = "pending", _("на согласовании у координатора")
    AGREED = "agreed", _("согласовано координатором, на подписи у Мэра")  # п.15
    APPROVED = "approved", _("вступило в силу")
    REJECTED = "rejected", _("отклонено")


set_colors(
    CardChangeStatus,
    {
        "draft": "secondary",
        "pending": "primary",
        "agreed": "warning",
        "approved": "success",
        "rejected": "danger",
    },
)


class CardChangeKind(ChoiceSet):
    """Whose consent a change of the signed card needs (Положение п.15, 22)."""

    PLAN = "p22", _("мероприятия, сроки, состав команды — согласует координатор (п.22)")
    SIGNED = "p15", _("изменение утверждённой Мэром карточки — согласует координатор, подписывает Мэр (п.15)")


class RevisionStatus(ChoiceSet):
    """A version of the action plan (Прил. 3; Положение п.18–23)."""

    DRAFT = "draft", _("черновик")
    SUBMITTED = "submitted", _("на согласовании")
    PENDING = "pending", _("изменение на согласовании")
    APPROVED = "approved", _("действует")
    SUPERSEDED = "superseded", _("заменён новой редакцией")
    REJECTED = "rejected", _("изменение не согласовано")


set_colors(
    RevisionStatus,
    {
        "draft": "secondary",
        "submitted": "primary",
        "pending": "primary",
        "approved": "success",
        "superseded": "light",
        "rejected": "danger",
    },
)


class ActivityStatus(ChoiceSet):
    """The kanban columns of the Tomsk practice (seed 000): «Поручения», «Делаем», «Сделано»;
    «Просрочено» is computed from the deadline."""

    TODO = "todo", _("Поручения")
    DOING = "doing", _("Делаем")
    DONE = "done", _("Сделано")


set_colors(ActivityStatus, {"todo": "secondary", "doing": "primary", "done": "success"})

OVERDUE_COLUMN = "overdue"


class ActKind(ChoiceSet):
    """Legal and other acts adopted by a project (Прил. 4, slide 7)."""

    RESOLUTION = "resolution", _("постановление")
    ORDER = "order", _("распоряжение")
    DEPARTMENT_ORDER = "department_order", _("приказ")
    REGULATION = "regulation", _("административный регламент")
    STANDARD = "standard", _("стандарт / инструкция")
    OTHER = "other", _("иной документ")


class PhotoKind(ChoiceSet):
    BEFORE = "before", _("До")
    AFTER = "after", _("После")


class ReportStatus(ChoiceSet):
    DRAFT = "draft", _("готовится")
    SENT = "sent", _("направлен координатору")
    RETURNED = "returned", _("возвращён на доработку")
    ACCEPTED = "accepted", _("рекомендован к закрытию")


set_colors(
    ReportStatus, {"draft": "secondary", "sent": "primary", "returned": "warning", "accepted": "success"}
)


class ComplaintChannel(ChoiceSet):
    """Where a citizens' message came from (МР п.9–10)."""

    CUR = "cur", _("ЦУР Томской области")
    PLATFORM = "platform", _("Платформа обратной связи")
    DIRECT = "direct", _("Обращение в Администрацию")


class Urgency(ChoiceSet):
    HIGH = "high", _("срочно")
    NORMAL = "normal", _("в обычном порядке")
    LOW = "low", _("не срочно")


set_colors(Urgency, {"high": "danger", "normal": "primary", "low": "secondary"})


class ComplaintDecision(ChoiceSet):
    """The department head's decision after the primary analysis (МР п.10)."""

    PENDING = "pending", _("на первичном анализе")
    IN_WORK = "in_work", _("включено в работу без проекта")
    PROJECT = "project", _("инициирован проект")
    NO_ACTION = "no_action", _("меры не требуются")


set_colors(
    ComplaintDecision,
    {"pending": "warning", "in_work": "primary", "project": "success", "no_action": "secondary"},
)


# --- Methodological comments and consultations (Положение п.6.1, 6.3; issue 19.9) ---------------


class CommentKind(ChoiceSet):
    """What a comment on a project is: the authorised body's methodological comment or a record of
    its consultation (п.6.1, 6.3), a reply in the thread, or a note the mayor's office prepares for
    the mayor (п.4)."""

    METHODOLOGICAL = "method", _("Методический комментарий")
    CONSULTATION = "consult", _("Консультация")
    REPLY = "reply", _("Ответ")
    MAYOR_NOTE = "mayor_note", _("Справка для Мэра")


set_colors(CommentKind, {"method": "success", "consult": "info", "reply": "secondary", "mayor_note": "dark"})


class CommentArtefact(ChoiceSet):
    """What a comment is about: the project as a whole or one of its artefacts (DESIGN §1:
    «comments on any artefact»)."""

    PROJECT = "project", _("Проект в целом")
    CARD = "card", _("Карточка проекта")
    CURRENT_MAP = "current_map", _("Карта текущего состояния")
    TARGET_MAP = "target_map", _("Карта целевого состояния")
    PLAN = "plan", _("План мероприятий")
    REPORT = "report", _("Отчёт о результатах")


class ConsultationFormat(ChoiceSet):
    IN_PERSON = "in_person", _("очно")
    VIDEO = "video", _("видеоконференция")
    PHONE = "phone", _("по телефону")
    WRITTEN = "written", _("письменно")


class CriterionKind(ChoiceSet):
    """Which list of criteria an assessment answers: the initiative's conditions (Положение п.12),
    judged by the department head, or the data the coordinator weighs when reviewing the card
    (п.14)."""

    INITIATIVE = "p12", _("Условия инициативы (п.12)")
    CARD_REVIEW = "p14", _("Оценка карточки координатором (п.14)")


class CriterionVerdict(ChoiceSet):
    MET = "met", _("соответствует")
    PARTLY = "partly", _("частично соответствует")
    NOT_MET = "not_met", _("не соответствует")


set_colors(CriterionVerdict, {"met": "success", "partly": "warning", "not_met": "danger"})


class InitiativeStatus(ChoiceSet):
    """An employee's initiative (Положение п.11) and the department head's decision on it (п.12)."""

    PENDING = "pending", _("На рассмотрении руководителя")
    ACCEPTED = "accepted", _("Принята: создана карточка проекта")
    DECLINED = "declined", _("Отклонена")


set_colors(InitiativeStatus, {"pending": "primary", "accepted": "success", "declined": "secondary"})


class RiskLevel(ChoiceSet):
    """The probability and the impact of a risk of not reaching the project's results (Положение
    п.10.2; МР п.5)."""

    LOW = "low", _("низкая")
    MEDIUM = "medium", _("средняя")
    HIGH = "high", _("высокая")


set_colors(RiskLevel, {"low": "success", "medium": "warning", "high": "danger"})
