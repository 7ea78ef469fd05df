"""Every write to a process map (HackSoft services): keyword-only, one transaction each, the
project row locked so that two people editing the same map never break its numbering, the rules
of Прил. 2 checked, and a refusal raised as `ActionRefused` (a message) or `ValidationError` (an
error next to the field that caused it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from org.models import User
from projects.exceptions import ActionRefused
from projects.models import Project
from workdays import clock

from . import permissions
from .choices import MapKind, ValueClass
from .models import Lane, Problem, ProcessMap, Proposal, Step, WasteType
from .uploads import check_upload

# Numbers are moved out of the way before they are renumbered, so that the unique constraint on
# (map, number) holds after every single row update, on every database.
_RENUMBER_OFFSET = 1_000_000


# --- Helpers ----------------------------------------------------------------------------------


def _locked_project(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).get(pk=project.pk)


def _assert_can_edit(project: Project, kind: str, by: User) -> Project:
    """Locks the project and checks that `by` may edit its `kind` map now (Положение п.16)."""
    locked = _locked_project(project)
    refusal = permissions.edit_refusal(locked, by, kind)
    if refusal:
        raise ActionRefused(refusal)
    return locked


def _map(project: Project, kind: str) -> ProcessMap | None:
    return ProcessMap.objects.filter(project=project, kind=kind).first()


def _map_for_edit(project: Project, kind: str, by: User, *, create: bool = False) -> ProcessMap:
    _assert_can_edit(project, kind, by)
    process_map = _map(project, kind)
    if process_map is None:
        if kind == MapKind.TARGET:
            raise ActionRefused(
                _("Карта целевого состояния ещё не начата: начните её с копии карты текущего состояния.")
            )
        if not create:
            raise ActionRefused(_("Карта текущего состояния ещё не начата."))
        process_map = ProcessMap.objects.create(project=project, kind=kind, created_by=by)
    return process_map


def _touch(process_map: ProcessMap) -> None:
    ProcessMap.objects.filter(pk=process_map.pk).update(updated_at=clock.now())


def _reorder(objects: Sequence, field: str = "order") -> None:
    """Gives `objects` the numbers 1..N in the order of the list."""
    if not objects:
        return
    model = type(objects[0])
    changed = [o for n, o in enumerate(objects, start=1) if getattr(o, field) != n]
    if not changed:
        return
    if field == "number":  # unique per map: move them out of the way first
        model.objects.filter(pk__in=[o.pk for o in changed]).update(**{field: F(field) + _RENUMBER_OFFSET})
    for n, obj in enumerate(objects, start=1):
        setattr(obj, field, n)
    model.objects.bulk_update(changed, [field])


def _place(items: list, obj, position: int | None) -> list:
    """`items` without `obj`, then `obj` put at 1-based `position` (the end when None)."""
    rest = [x for x in items if x.pk != obj.pk]
    index = len(rest) if position is None else max(0, min(position - 1, len(rest)))
    rest.insert(index, obj)
    return rest


def _check_number(number: int | None, *, maximum: int, field: str, what: str) -> None:
    """Numbers run 1..N without gaps (the national project's workbook rejects gaps; DOMAIN)."""
    if number is None:
        return
    if number < 1 or number > maximum:
        raise ValidationError(
            {
                field: _("Номера %(what)s идут подряд без пропусков: укажите номер от 1 до %(max)s.")
                % {"what": what, "max": maximum}
            }
        )


# --- Maps ------------------------------------------------------------------------------------


@transaction.atomic
def current_map_start(*, project: Project, by: User) -> ProcessMap:
    """Starts the current-state map (п.16.1) with a lane for the applicant and one for each
    department of the project's perimeter (block 1 of the card): a novice starts from a page that
    already names the participants, and renames or deletes what does not fit."""
    _assert_can_edit(project, MapKind.CURRENT, by)
    if _map(project, MapKind.CURRENT) is not None:
        raise ActionRefused(_("Карта текущего состояния уже начата."))
    process_map = ProcessMap.objects.create(project=project, kind=MapKind.CURRENT, created_by=by)
    names = [(_("Заявитель"), True)]
    for department in project.perimeter.order_by("name"):
        names.append((department.short_name or department.name, False))
    Lane.objects.bulk_create(
        Lane(process_map=process_map, order=n, name=name[:200], is_client=is_client)
        for n, (name, is_client) in enumerate(names, start=1)
    )
    return process_map


@transaction.atomic
def target_map_start(*, project: Project, by: User) -> ProcessMap:
    """Starts the target-state map (п.16.2) as a copy of the current one: the same participants and
    steps, which the team then shortens; problems stay on the current map, proposals are added here."""
    _assert_can_edit(project, MapKind.TARGET, by)
    if _map(project, MapKind.TARGET) is not None:
        raise ActionRefused(_("Карта целевого состояния уже начата."))
    current = _map(project, MapKind.CURRENT)
    if current is None or not current.steps.exists():
        raise ActionRefused(_("Нечего копировать: на карте текущего состояния нет шагов."))
    target = ProcessMap.objects.create(
        project=project, kind=MapKind.TARGET, created_by=by, copied_from=current
    )
    lane_map = {}
    for lane in current.lanes.all():
        lane_map[lane.pk] = Lane.objects.create(
            process_map=target, order=lane.order, name=lane.name, is_client=lane.is_client
        )
    step_map = {}
    old_steps = list(current.steps.all())
    new_steps = Step.objects.bulk_create(
        Step(
            process_map=target,
            lane=lane_map[s.lane_id],
            order=s.order,
            name=s.name,
            kind=s.kind,
            value_class=s.value_class,
            duration_minutes=s.duration_minutes,
            duration_unit=s.duration_unit,
            documents=s.documents,
            client_action=s.client_action,
            visit=s.visit,
        )
        for s in old_steps
    )
    for old, new in zip(old_steps, new_steps, strict=True):
        step_map[old.pk] = new
    if any(new.pk is None for new in new_steps):  # databases that do not return ids on bulk insert
        for old, new in zip(old_steps, target.steps.order_by("order", "id"), strict=True):
            step_map[old.pk] = new
    through = Step.waste_types.through
    through.objects.bulk_create(
        through(step_id=step_map[row.step_id].pk, wastetype_id=row.wastetype_id)
        for row in through.objects.filter(step__process_map=current)
    )
    return target


# --- Lanes (participants) ---------------------------------------------------------------------


def _clean_lane_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Назовите участника: должность, подразделение или «Заявитель».")})
    return name


@transaction.atomic
def lane_add(*, project: Project, map_kind: str, by: User, name: str, is_client: bool = False) -> Lane:
    process_map = _map_for_edit(project, map_kind, by, create=True)
    name = _clean_lane_name(name)
    if process_map.lanes.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Участник «%(name)s» уже есть на карте.") % {"name": name}})
    order = (process_map.lanes.aggregate(m=Max("order"))["m"] or 0) + 1
    lane = Lane(process_map=process_map, order=order, name=name, is_client=is_client)
    lane.full_clean()
    lane.save()
    _touch(process_map)
    return lane


@transaction.atomic
def lane_update(*, lane: Lane, by: User, name: str, is_client: bool) -> Lane:
    process_map = lane.process_map
    _assert_can_edit(process_map.project, process_map.kind, by)
    name = _clean_lane_name(name)
    if process_map.lanes.filter(name__iexact=name).exclude(pk=lane.pk).exists():
        raise ValidationError({"name": _("Участник «%(name)s» уже есть на карте.") % {"name": name}})
    lane.name = name
    lane.is_client = is_client
    lane.full_clean()
    lane.save()
    _touch(process_map)
    return lane


@transaction.atomic
def lane_move(*, lane: Lane, by: User, offset: int) -> None:
    process_map = lane.process_map
    _assert_can_edit(process_map.project, process_map.kind, by)
    lanes = list(process_map.lanes.all())
    index = next(i for i, x in enumerate(lanes) if x.pk == lane.pk)
    _reorder(_place(lanes, lanes[index], index + 1 + offset))
    _touch(process_map)


@transaction.atomic
def lane_delete(*, lane: Lane, by: User) -> None:
    process_map = lane.process_map
    _assert_can_edit(process_map.project, process_map.kind, by)
    count = lane.steps.count()
    if count:
        raise ActionRefused(
            _(
                "У участника «%(name)s» есть шаги (%(n)s): перенесите их другому участнику или удалите, затем удалите участника."
            )
            % {"name": lane.name, "n": count}
        )
    lane.delete()
    _reorder(list(process_map.lanes.all()))
    _touch(process_map)


# --- Steps ------------------------------------------------------------------------------------


def _validate_step(process_map: ProcessMap, step: Step, waste_types: Iterable[WasteType]) -> None:
    errors: dict[str, list[str]] = {}
    if not step.name:
        errors.setdefault("name", []).append(
            _("Напишите, что происходит на шаге, например «Принять заявление».")
        )
    if step.lane_id is None:
        errors.setdefault("lane", []).append(_("Выберите участника, который выполняет шаг."))
    elif step.lane.process_map_id != process_map.pk:
        errors.setdefault("lane", []).append(_("Этот участник — с другой карты."))
    waste_types = list(waste_types)
    if step.value_class == ValueClass.WASTE and not waste_types:
        errors.setdefault("waste_types", []).append(_("Отметьте, какие это потери: хотя бы один вид."))
    if step.value_class != ValueClass.WASTE and waste_types:
        errors.setdefault("waste_types", []).append(
            _(
                "Виды потерь отмечаются только у шагов с ценностью «Потери». Снимите отметки или поменяйте ценность шага."
            )
        )
    if step.duration_minutes is None or step.duration_minutes < 1:
        errors.setdefault("duration_value", []).append(_("Длительность шага должна быть не меньше минуты."))
    if errors:
        raise ValidationError(errors)
    try:
        step.full_clean(exclude=["process_map", "lane", "order"])
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "duration_minutes" in exc.error_dict:
            exc.error_dict["duration_value"] = exc.error_dict.pop("duration_minutes")
        raise


STEP_FIELDS = (
    "lane",
    "name",
    "kind",
    "value_class",
    "duration_minutes",
    "duration_unit",
    "documents",
    "client_action",
    "visit",
)


@transaction.atomic
def step_add(
    *,
    project: Project,
    map_kind: str,
    by: User,
    lane: Lane | None,
    name: str,
    kind: str,
    value_class: str,
    duration_minutes: int | None,
    duration_unit: str,
    waste_types: Iterable[WasteType] = (),
    documents: str = "",
    client_action: bool = False,
    visit: bool = False,
    position: int | None = None,
) -> Step:
    """Adds a step to the map (Прил. 2) at `position` (1..N+1; the end when None)."""
    process_map = _map_for_edit(project, map_kind, by, create=True)
    waste_types = list(waste_types)
    step = Step(
        process_map=process_map,
        lane=lane,
        name=(name or "").strip(),
        kind=kind,
        value_class=value_class,
        duration_minutes=duration_minutes,
        duration_unit=duration_unit,
        documents=(documents or "").strip(),
        client_action=client_action,
        visit=visit,
    )
    _validate_step(process_map, step, waste_types)
    steps = list(process_map.steps.all())
    _check_number(position, maximum=len(steps) + 1, field="position", what=_("шагов"))
    step.order = len(steps) + 1
    step.save()
    step.waste_types.set(waste_types)
    _reorder(_place(steps, step, position))
    _touch(process_map)
    return step


@transaction.atomic
def step_update(
    *,
    step: Step,
    by: User,
    lane: Lane | None,
    name: str,
    kind: str,
    value_class: str,
    duration_minutes: int | None,
    duration_unit: str,
    waste_types: Iterable[WasteType] = (),
    documents: str = "",
    client_action: bool = False,
    visit: bool = False,
    number: int | None = None,
) -> Step:
    """Changes a step; a new `number` moves it to that place in the process."""
    process_map = step.process_map
    _assert_can_edit(process_map.project, process_map.kind, by)
    waste_types = list(waste_types)
    step.lane = lane
    step.name = (name or "").strip()
    step.kind = kind
    step.value_class = value_class
    step.duration_minutes = duration_minutes
    step.duration_unit = duration_unit
    step.documents = (documents or "").strip()
    step.client_action = client_action
    step.visit = visit
    _validate_step(process_map, step, waste_types)
    steps = list(process_map.steps.all())
    _check_number(number, maximum=len(steps), field="number", what=_("шагов"))
    step.save()
    step.waste_types.set(waste_types)
    if number is not None and number != step.order:
        _reorder(_place(steps, step, number))
    _touch(process_map)
    return step


@transaction.atomic
def step_move(*, step: Step, by: User, offset: int) -> None:
    process_map = step.process_map
    _assert_can_edit(process_map.project, process_map.kind, by)
    steps = list(process_map.steps.all())
    index = next(i for i, x in enumerate(steps) if x.pk == step.pk)
    _reorder(_place(steps, steps[index], index + 1 + offset))
    _touch(process_map)


@transaction.atomic
def step_delete(*, step: Step, by: User) -> None:
    process_map = step.process_map
    _assert_can_edit(process_map.project, process_map.kind, by)
    step.delete()
    _reorder(list(process_map.steps.all()))
    _touch(process_map)


# --- Problems (current map) and proposals (target map) ----------------------------------------


def _check_steps(process_map: ProcessMap, steps: Iterable[Step], field: str = "steps") -> list[Step]:
    steps = list(steps)
    if any(s.process_map_id != process_map.pk for s in steps):
        raise ValidationError({field: _("Отмечен шаг с другой карты.")})
    return steps


def _clean_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": message})
    return text


@transaction.atomic
def problem_add(
    *,
    project: Project,
    by: User,
    text: str,
    number: int | None = None,
    steps: Iterable[Step] = (),
    waste_types: Iterable[WasteType] = (),
) -> Problem:
    """A numbered problem of the current map (Прил. 2; перечень проблем п.9.9в)."""
    process_map = _map_for_edit(project, MapKind.CURRENT, by, create=True)
    text = _clean_text(text, _("Опишите проблему: что именно мешает заявителю или сотрудникам."))
    steps = _check_steps(process_map, steps)
    problems = list(process_map.problems.all())
    _check_number(number, maximum=len(problems) + 1, field="number", what=_("проблем"))
    problem = Problem.objects.create(process_map=process_map, number=len(problems) + 1, text=text)
    problem.steps.set(steps)
    problem.waste_types.set(list(waste_types))
    _reorder(_place(problems, problem, number), field="number")
    _touch(process_map)
    return problem


@transaction.atomic
def problem_update(
    *,
    problem: Problem,
    by: User,
    text: str,
    number: int | None = None,
    steps: Iterable[Step] = (),
    waste_types: Iterable[WasteType] = (),
) -> Problem:
    process_map = problem.process_map
    _assert_can_edit(process_map.project, MapKind.CURRENT, by)
    text = _clean_text(text, _("Опишите проблему: что именно мешает заявителю или сотрудникам."))
    steps = _check_steps(process_map, steps)
    problems = list(process_map.problems.all())
    _check_number(number, maximum=len(problems), field="number", what=_("проблем"))
    problem.text = text
    problem.save(update_fields=["text"])
    problem.steps.set(steps)
    problem.waste_types.set(list(waste_types))
    if number is not None and number != problem.number:
        _reorder(_place(problems, problem, number), field="number")
    _touch(process_map)
    return problem


@transaction.atomic
def problem_delete(*, problem: Problem, by: User) -> None:
    """Deletes a problem and renumbers the rest, so the list stays 1..N without gaps."""
    process_map = problem.process_map
    _assert_can_edit(process_map.project, MapKind.CURRENT, by)
    problem.delete()
    _reorder(list(process_map.problems.all()), field="number")
    _touch(process_map)


@transaction.atomic
def problem_reason_set(*, problem: Problem, by: User, reason: str) -> Problem:
    """On the target map every problem gets a proposal or an explicit reason why not (п.16.2):
    «решается вне проекта», «требует изменения федерального закона» …"""
    project = problem.process_map.project
    _assert_can_edit(project, MapKind.TARGET, by)
    problem.no_proposal_reason = (reason or "").strip()
    problem.save(update_fields=["no_proposal_reason"])
    target = _map(project, MapKind.TARGET)
    if target is not None:
        _touch(target)
    return problem


def _check_problems(project: Project, problems: Iterable[Problem]) -> list[Problem]:
    problems = list(problems)
    if not problems:
        raise ValidationError({"problems": _("Отметьте проблемы, которые решает предложение.")})
    current = _map(project, MapKind.CURRENT)
    if current is None or any(p.process_map_id != current.pk for p in problems):
        raise ValidationError({"problems": _("Отмечена проблема другого проекта.")})
    return problems


@transaction.atomic
def proposal_add(
    *,
    project: Project,
    by: User,
    text: str,
    problems: Iterable[Problem],
    number: int | None = None,
    steps: Iterable[Step] = (),
) -> Proposal:
    """A numbered improvement proposal of the target map, linked to the problems it solves (Прил. 2)."""
    process_map = _map_for_edit(project, MapKind.TARGET, by)
    text = _clean_text(text, _("Опишите предложение: что и как меняется в процессе."))
    problems = _check_problems(project, problems)
    steps = _check_steps(process_map, steps)
    proposals = list(process_map.proposals.all())
    _check_number(number, maximum=len(proposals) + 1, field="number", what=_("предложений"))
    proposal = Proposal.objects.create(process_map=process_map, number=len(proposals) + 1, text=text)
    proposal.problems.set(problems)
    proposal.steps.set(steps)
    _reorder(_place(proposals, proposal, number), field="number")
    _touch(process_map)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    by: User,
    text: str,
    problems: Iterable[Problem],
    number: int | None = None,
    steps: Iterable[Step] = (),
) -> Proposal:
    process_map = proposal.process_map
    project = process_map.project
    _assert_can_edit(project, MapKind.TARGET, by)
    text = _clean_text(text, _("Опишите предложение: что и как меняется в процессе."))
    problems = _check_problems(project, problems)
    steps = _check_steps(process_map, steps)
    proposals = list(process_map.proposals.all())
    _check_number(number, maximum=len(proposals), field="number", what=_("предложений"))
    proposal.text = text
    proposal.save(update_fields=["text"])
    proposal.problems.set(problems)
    proposal.steps.set(steps)
    if number is not None and number != proposal.number:
        _reorder(_place(proposals, proposal, number), field="number")
    _touch(process_map)
    return proposal


@transaction.atomic
def proposal_delete(*, proposal: Proposal, by: User) -> None:
    process_map = proposal.process_map
    _assert_can_edit(process_map.project, MapKind.TARGET, by)
    proposal.delete()
    _reorder(list(process_map.proposals.all()), field="number")
    _touch(process_map)


# --- The photo of the paper map -----------------------------------------------------------------


@transaction.atomic
def photo_attach(*, project: Project, map_kind: str, by: User, upload) -> ProcessMap:
    """Attaches the photo or scan of the paper map (Прил. 4, слайды 3 и 5), replacing the previous one."""
    process_map = _map_for_edit(project, map_kind, by, create=True)
    try:
        checked = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from None
    old_name = process_map.photo.name if process_map.photo else ""
    original = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200] or f"map.{checked.extension}"
    process_map.photo.save(f"map.{checked.extension}", upload, save=False)
    process_map.photo_name = original
    process_map.photo_content_type = checked.content_type
    process_map.photo_size = upload.size
    process_map.photo_uploaded_at = clock.now()
    process_map.photo_uploaded_by = by
    process_map.save()
    storage = process_map.photo.storage
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return process_map


@transaction.atomic
def photo_remove(*, project: Project, map_kind: str, by: User) -> None:
    process_map = _map_for_edit(project, map_kind, by)
    if not process_map.photo:
        return
    old_name = process_map.photo.name
    storage = process_map.photo.storage
    process_map.photo = ""
    process_map.photo_name = ""
    process_map.photo_content_type = ""
    process_map.photo_size = None
    process_map.photo_uploaded_at = None
    process_map.photo_uploaded_by = None
    process_map.save()
    transaction.on_commit(lambda: storage.delete(old_name))
