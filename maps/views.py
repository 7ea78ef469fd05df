"""Pages of the current and target maps (Положение п.16, Прил. 2) and of the problem list
(п.9.9в). Thin views: the project through `projects.selectors.project_detail` (404 for who may not
see it), a form, a service; a refusal is a message, a bad value is an error next to its field, and
what the person typed stays on the page. Every editing form works without JavaScript; with htmx the
same forms swap only the workspace of the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from leanproj.files import file_response
from projects import rules as project_rules
from projects.exceptions import ActionRefused
from projects.models import Deadline, JournalEntry, Project
from projects.risks import can_edit_risks, risks_of
from projects.selectors import project_detail
from workdays import clock

from . import exports, permissions, rules, selectors, services
from .choices import STEP_HINTS, STEP_SYMBOLS, VALUE_HINTS, MapKind, StepKind, ValueClass
from .data import MapData
from .durations import format_step, format_typed
from .forms import LaneForm, PhotoForm, ProblemForm, ProposalForm, ReasonForm, StepForm
from .metrics import compare, compute, rows, share_formula
from .models import Lane, Problem, Proposal, Step
from .svg import render_data_svg

THINGS = {"lanes": Lane, "steps": Step, "problems": Problem, "proposals": Proposal}
# After an addition the first field of the same form gets the cursor (keyboard entry of a long map).
FOCUS = {
    "step-add": ("step", "name"),
    "lanes": ("lane", "name"),
    "problems": ("problem", "text"),
    "proposals": ("proposal", "text"),
}
STAGE_ACT = {MapKind.CURRENT: "complete_current_map", MapKind.TARGET: "complete_target_map"}
STAGE_CLOCK = {MapKind.CURRENT: "current_map", MapKind.TARGET: "target_map"}


def _kind_or_404(kind: str) -> str:
    if kind not in MapKind.values:
        raise Http404
    return kind


class ProjectMapsMixin(LoginRequiredMixin):
    """Loads the project through the selector: a project the user may not see is a 404."""

    project: Project

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.project = project_detail(user=request.user, pk=kwargs["pk"])
        except Project.DoesNotExist:
            raise Http404(_("Проект не найден")) from None
        return super().dispatch(request, *args, **kwargs)


class MapMixin(ProjectMapsMixin):
    kind: str

    def dispatch(self, request, *args, **kwargs):
        self.kind = _kind_or_404(kwargs.get("kind", ""))
        return super().dispatch(request, *args, **kwargs)

    @property
    def process_map(self):
        if not hasattr(self, "_map"):
            self._map = selectors.map_of(project=self.project, kind=self.kind)
        return self._map

    def page_url(self, anchor: str = "") -> str:
        url = reverse("maps:map", args=[self.project.pk, self.kind])
        if anchor in FOCUS:  # after adding, the cursor waits in the form for the next one
            url += f"?focus={anchor}"
        return f"{url}#{anchor}" if anchor else url

    # --- Rendering the page, with whatever bound forms carry errors -------------------------

    def render_page(
        self, request, *, bound: dict | None = None, edit: tuple | None = None, focus: str = "", status=200
    ):
        ctx = map_page_context(self, request, bound=bound or {}, edit=edit, focus=focus)
        return render(request, "maps/map.html", ctx, status=status)

    def done(self, request, message: str, anchor: str = ""):
        """After a successful change: back to the page (PRG), or the new workspace for htmx."""
        messages.success(request, message)
        if getattr(request, "htmx", False):
            self._map = selectors.map_of(project=self.project, kind=self.kind)
            return self.render_page(request, focus=anchor)
        return HttpResponseRedirect(self.page_url(anchor))

    def refused(self, request, exc: ActionRefused, anchor: str = ""):
        messages.error(request, str(exc))
        if getattr(request, "htmx", False):
            return self.render_page(request)
        return HttpResponseRedirect(self.page_url(anchor))


def _apply_errors(form, exc: ValidationError) -> None:
    """Puts a service's ValidationError next to the fields it names (the rest above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _focus_first_error(form) -> None:
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            return


def _open_deadline(project: Project, kind: str):
    return Deadline.objects.open().filter(project=project, stage=STAGE_CLOCK[kind]).first()


def map_page_context(view: MapMixin, request, *, bound: dict, edit: tuple | None, focus: str = "") -> dict:
    project, kind, user = view.project, view.kind, request.user
    process_map = view.process_map
    can_edit = permissions.can_edit_map(project, user, kind)
    data = selectors.map_data(process_map, kind=kind, title=project.title)
    metrics = compute(data)
    current_map = (
        process_map if kind == MapKind.CURRENT else selectors.map_of(project=project, kind=MapKind.CURRENT)
    )
    current_data = data if kind == MapKind.CURRENT else selectors.map_data(current_map, title=project.title)

    lanes = {lane.id: lane for lane in data.lanes}
    lane_steps = {}
    for step in data.steps:
        lane_steps[step.lane_id] = lane_steps.get(step.lane_id, 0) + 1
    step_rows = [
        {
            "step": s,
            "lane": lanes.get(s.lane_id),
            "duration": format_step(s.duration_minutes, s.duration_unit),
            "typed": format_typed(s.duration_minutes, s.duration_unit),
            "symbol": STEP_SYMBOLS.get(s.kind, "○"),
            "kind_label": StepKind.label_of(s.kind),
            "value": ValueClass(s.value_class) if s.value_class in ValueClass.values else None,
            "client": s.is_client_action(lanes),
        }
        for s in data.steps
    ]
    edit_key, edit_form = None, None
    if edit is not None:
        edit_key, edit_form = edit
    elif can_edit and process_map is not None and request.GET.get("edit"):
        edit_key, edit_form = _edit_form_for(view, request.GET["edit"])

    forms = {}
    if can_edit:
        forms["lane"] = bound.get("lane") or LaneForm(prefix="lane")
        if process_map is not None:
            step_initial = {}
            if data.steps:
                step_initial["lane"] = data.steps[-1].lane_id
            forms["step"] = bound.get("step") or StepForm(
                prefix="step", process_map=process_map, initial=step_initial
            )
            forms["photo"] = bound.get("photo") or PhotoForm(prefix="photo")
            if kind == MapKind.CURRENT:
                initial = {}
                if request.GET.get("problem_step", "").isdigit():
                    initial["steps"] = [int(request.GET["problem_step"])]
                forms["problem"] = bound.get("problem") or ProblemForm(
                    prefix="problem", process_map=process_map, initial=initial
                )
            else:
                initial = {}
                if request.GET.get("proposal_step", "").isdigit():
                    initial["steps"] = [int(request.GET["proposal_step"])]
                if request.GET.get("proposal_problem", "").isdigit():
                    initial["problems"] = [int(request.GET["proposal_problem"])]
                forms["proposal"] = bound.get("proposal") or ProposalForm(
                    prefix="proposal", process_map=process_map, current_map=current_map, initial=initial
                )
    for form in list(forms.values()) + ([edit_form] if edit_form is not None else []):
        if form is not None and form.is_bound and form.errors:
            _focus_first_error(form)
    target_form, target_field = FOCUS.get(focus or request.GET.get("focus", ""), ("", ""))
    if target_form in forms and not forms[target_form].is_bound:
        forms[target_form].fields[target_field].widget.attrs["autofocus"] = True

    reason_rows = []
    if kind == MapKind.TARGET:
        bound_reason = bound.get("reason")
        for problem in current_data.problems:
            form = None
            if can_edit:
                if bound_reason is not None and bound_reason[0] == problem.id:
                    form = bound_reason[1]
                else:
                    form = ReasonForm(
                        prefix=f"reason-{problem.id}", initial={"reason": problem.no_proposal_reason}
                    )
            reason_rows.append({"problem": problem, "form": form})

    blockers = (
        rules.current_map_blockers(project) if kind == MapKind.CURRENT else rules.target_map_blockers(project)
    )
    current_metrics = compute(current_data) if kind == MapKind.TARGET and current_map is not None else None
    versions = selectors.approved_versions(project=project)
    errors = [f for f in list(forms.values()) + [edit_form] if f is not None and f.is_bound and f.errors]
    return {
        "project": project,
        "kind": kind,
        "kind_choice": MapKind(kind),
        # Положение п.10.2; МР п.5: the risks go with the target state
        "risks": list(risks_of(project)) if kind == MapKind.TARGET else [],
        "can_edit_risks": kind == MapKind.TARGET and can_edit_risks(project, user),
        "other_kind": MapKind.TARGET if kind == MapKind.CURRENT else MapKind.CURRENT,
        "process_map": process_map,
        "data": data,
        "lanes": [
            {"lane": lane, "steps": lane_steps.get(lane.id, 0), "number": n}
            for n, lane in enumerate(data.lanes, start=1)
        ],
        "step_rows": step_rows,
        "problems": current_data.problems if kind == MapKind.CURRENT else [],
        "proposals": data.proposals,
        "problem_by_number": {p.number: p for p in current_data.problems},
        "reason_rows": reason_rows,
        "metrics": metrics,
        "metric_rows": rows(metrics),
        "formula": share_formula(metrics),
        "comparison": compare(current_metrics, metrics) if current_metrics is not None else None,
        "current_formula": share_formula(current_metrics) if current_metrics is not None else "",
        "svg": render_data_svg(data, columns=8, id_prefix=f"map-{kind}") if data.steps else "",
        "can_edit": can_edit,
        "refusal": permissions.edit_refusal(project, user, kind) if not can_edit else None,
        "is_team": permissions.is_project_team(project, user),
        "forms": forms,
        "edit_key": edit_key,
        "edit_thing": edit_key.partition("-")[0] if edit_key else "",
        "edit_id": int(edit_key.partition("-")[2]) if edit_key else None,
        "edit_form": edit_form,
        "error_summary": bool(errors),
        "blockers": blockers,
        # what else the act waits for outside the map: the kick-off, the survey «до» (п.10.1)
        "other_blockers": [
            b for b in project_rules.transition_blockers(STAGE_ACT[kind], project) if b not in blockers
        ]
        if project.status == permissions.EDIT_STAGE[kind]
        else [],
        "stage_act": STAGE_ACT[kind],
        "in_stage": project.status == permissions.EDIT_STAGE[kind],
        "deadline": _open_deadline(project, kind),
        "current_exists": current_map is not None and bool(current_data.steps),
        "version": versions.get(kind),
        "step_kinds": [
            {"symbol": STEP_SYMBOLS[k.value], "label": k.label, "hint": STEP_HINTS[k.value], "value": k.value}
            for k in StepKind
        ],
        "value_classes": [{"choice": v, "hint": VALUE_HINTS[v.value]} for v in ValueClass],
        "today": clock.today(),
    }


def _edit_form_for(view: MapMixin, key: str):
    """?edit=step-12 shows that row as a form (the no-JavaScript way to edit inline)."""
    thing, _sep, pk = key.partition("-")
    if not pk.isdigit():
        return None, None
    process_map = view.process_map
    if thing == "lane":
        lane = process_map.lanes.filter(pk=pk).first()
        return (key, LaneForm.for_lane(lane, prefix=key)) if lane else (None, None)
    if thing == "step":
        step = process_map.steps.filter(pk=pk).first()
        return (key, StepForm(prefix=key, process_map=process_map, edit=step)) if step else (None, None)
    if thing == "problem" and view.kind == MapKind.CURRENT:
        problem = process_map.problems.filter(pk=pk).first()
        return (
            (key, ProblemForm(prefix=key, process_map=process_map, edit=problem)) if problem else (None, None)
        )
    if thing == "proposal" and view.kind == MapKind.TARGET:
        proposal = process_map.proposals.filter(pk=pk).first()
        current = selectors.map_of(project=view.project, kind=MapKind.CURRENT)
        if proposal:
            return key, ProposalForm(prefix=key, process_map=process_map, current_map=current, edit=proposal)
    return None, None


class MapPageView(MapMixin, View):
    """The map with its diagram, metrics and — for the team in the map's stage — the editor."""

    def get(self, request, pk, kind):
        return self.render_page(request)


class MapStartView(MapMixin, View):
    """Starts the current map (with the applicant's and the perimeter's lanes) or the target map (a
    copy of the current one, п.16.2)."""

    def post(self, request, pk, kind):
        try:
            if self.kind == MapKind.CURRENT:
                services.current_map_start(project=self.project, by=request.user)
                message = _("Карта начата: проверьте участников процесса и добавляйте шаги по порядку.")
            else:
                services.target_map_start(project=self.project, by=request.user)
                message = _(
                    "Карта целевого состояния начата с копии текущей: удалите лишние шаги, сократите ожидания и добавьте предложения по улучшению."
                )
        except ActionRefused as exc:
            return self.refused(request, exc)
        if hasattr(self, "_map"):
            del self._map
        return self.done(request, message)


class MapAddView(MapMixin, View):
    """Adds a lane, a step, a problem (current map) or a proposal (target map)."""

    def post(self, request, pk, kind, thing):
        if thing not in THINGS:
            raise Http404
        handler = getattr(self, f"add_{thing}")
        return handler(request)

    def _save(self, request, key, form, call, message, anchor):
        if form.is_valid():
            try:
                call(form)
            except ActionRefused as exc:
                return self.refused(request, exc, anchor)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                if hasattr(self, "_map"):
                    del self._map
                return self.done(request, message, anchor)
        return self.render_page(request, bound={key: form})

    def add_lanes(self, request):
        form = LaneForm(request.POST, prefix="lane")
        return self._save(
            request,
            "lane",
            form,
            lambda f: services.lane_add(
                project=self.project,
                map_kind=self.kind,
                by=request.user,
                name=f.cleaned_data["name"],
                is_client=f.cleaned_data["is_client"],
            ),
            _("Участник добавлен."),
            "lanes",
        )

    def add_steps(self, request):
        if self.process_map is None:
            return self.refused(request, ActionRefused(_("Сначала начните карту и добавьте участников.")))
        form = StepForm(request.POST, prefix="step", process_map=self.process_map)
        return self._save(
            request,
            "step",
            form,
            lambda f: services.step_add(
                project=self.project,
                map_kind=self.kind,
                by=request.user,
                position=f.cleaned_data.get("position"),
                **f.service_kwargs(),
            ),
            _("Шаг добавлен."),
            "step-add",
        )

    def add_problems(self, request):
        if self.kind != MapKind.CURRENT or self.process_map is None:
            raise Http404
        form = ProblemForm(request.POST, prefix="problem", process_map=self.process_map)
        return self._save(
            request,
            "problem",
            form,
            lambda f: services.problem_add(
                project=self.project,
                by=request.user,
                text=f.cleaned_data["text"],
                number=f.cleaned_data.get("number"),
                steps=f.cleaned_data["steps"],
                waste_types=f.cleaned_data["waste_types"],
            ),
            _("Проблема добавлена."),
            "problems",
        )

    def add_proposals(self, request):
        if self.kind != MapKind.TARGET or self.process_map is None:
            raise Http404
        current = selectors.map_of(project=self.project, kind=MapKind.CURRENT)
        form = ProposalForm(
            request.POST, prefix="proposal", process_map=self.process_map, current_map=current
        )
        return self._save(
            request,
            "proposal",
            form,
            lambda f: services.proposal_add(
                project=self.project,
                by=request.user,
                text=f.cleaned_data["text"],
                number=f.cleaned_data.get("number"),
                problems=f.cleaned_data["problems"],
                steps=f.cleaned_data["steps"],
            ),
            _("Предложение добавлено."),
            "proposals",
        )


class MapItemView(MapMixin, View):
    """One lane, step, problem or proposal: GET shows it as a form in its row, POST saves it."""

    def _item(self, thing, item):
        if thing not in THINGS or self.process_map is None:
            raise Http404
        model = THINGS[thing]
        if thing in ("lanes", "steps", "proposals"):
            return get_object_or_404(model, pk=item, process_map=self.process_map)
        # problems belong to the current map; on the target map page they get their reasons
        current = selectors.map_of(project=self.project, kind=MapKind.CURRENT)
        return get_object_or_404(Problem, pk=item, process_map=current)

    def get(self, request, pk, kind, thing, item):
        obj = self._item(thing, item)
        key = f"{thing[:-1]}-{obj.pk}"
        if getattr(request, "htmx", False):
            return self.render_page(request, edit=_edit_form_for(self, key))
        return HttpResponseRedirect(f"{self.page_url()}?edit={key}#{key}")

    def post(self, request, pk, kind, thing, item):
        obj = self._item(thing, item)
        key = f"{thing[:-1]}-{obj.pk}"
        try:
            if thing == "lanes":
                form = LaneForm(request.POST, prefix=key)
                if form.is_valid():
                    services.lane_update(
                        lane=obj,
                        by=request.user,
                        name=form.cleaned_data["name"],
                        is_client=form.cleaned_data["is_client"],
                    )
                    return self.done(request, _("Участник изменён."), key)
            elif thing == "steps":
                form = StepForm(request.POST, prefix=key, process_map=self.process_map, edit=obj)
                if form.is_valid():
                    services.step_update(
                        step=obj,
                        by=request.user,
                        number=form.cleaned_data.get("number"),
                        **form.service_kwargs(),
                    )
                    return self.done(request, _("Шаг изменён."), key)
            elif thing == "problems":
                if self.kind != MapKind.CURRENT:
                    raise Http404
                form = ProblemForm(request.POST, prefix=key, process_map=self.process_map, edit=obj)
                if form.is_valid():
                    services.problem_update(
                        problem=obj,
                        by=request.user,
                        text=form.cleaned_data["text"],
                        number=form.cleaned_data.get("number"),
                        steps=form.cleaned_data["steps"],
                        waste_types=form.cleaned_data["waste_types"],
                    )
                    return self.done(request, _("Проблема изменена."), key)
            else:
                current = selectors.map_of(project=self.project, kind=MapKind.CURRENT)
                form = ProposalForm(
                    request.POST, prefix=key, process_map=self.process_map, current_map=current, edit=obj
                )
                if form.is_valid():
                    services.proposal_update(
                        proposal=obj,
                        by=request.user,
                        text=form.cleaned_data["text"],
                        number=form.cleaned_data.get("number"),
                        problems=form.cleaned_data["problems"],
                        steps=form.cleaned_data["steps"],
                    )
                    return self.done(request, _("Предложение изменено."), key)
        except ActionRefused as exc:
            return self.refused(request, exc, key)
        except ValidationError as exc:
            _apply_errors(form, exc)
        return self.render_page(request, edit=(key, form))


class MapItemActView(MapMixin, View):
    """Move up / down, delete; on the target map, the reason why a problem has no proposal."""

    def post(self, request, pk, kind, thing, item, act):
        if thing not in THINGS or self.process_map is None:
            raise Http404
        key = f"{thing[:-1]}-{item}"
        try:
            if thing == "problems" and act == "reason":
                if self.kind != MapKind.TARGET:
                    raise Http404
                current = selectors.map_of(project=self.project, kind=MapKind.CURRENT)
                problem = get_object_or_404(Problem, pk=item, process_map=current)
                form = ReasonForm(request.POST, prefix=f"reason-{problem.pk}")
                if not form.is_valid():  # pragma: no cover - a text field is always valid
                    return self.render_page(request, bound={"reason": (problem.pk, form)})
                services.problem_reason_set(
                    problem=problem, by=request.user, reason=form.cleaned_data["reason"]
                )
                text = form.cleaned_data["reason"].strip()
                return self.done(
                    request,
                    _("Причина для проблемы № %(n)s сохранена.") % {"n": problem.number}
                    if text
                    else _("Причина для проблемы № %(n)s снята.") % {"n": problem.number},
                    f"reason-{problem.pk}",
                )
            model = THINGS[thing]
            if thing == "problems" and self.kind != MapKind.CURRENT:
                raise Http404
            if thing == "proposals" and self.kind != MapKind.TARGET:
                raise Http404
            obj = get_object_or_404(model, pk=item, process_map=self.process_map)
            if act in ("up", "down") and thing in ("lanes", "steps"):
                offset = -1 if act == "up" else 1
                if thing == "lanes":
                    services.lane_move(lane=obj, by=request.user, offset=offset)
                else:
                    services.step_move(step=obj, by=request.user, offset=offset)
                return self.done(request, _("Порядок изменён."), key)
            if act == "delete":
                deleted = {
                    "lanes": (services.lane_delete, "lane", _("Участник «%(name)s» удалён.")),
                    "steps": (services.step_delete, "step", _("Шаг «%(name)s» удалён.")),
                    "problems": (
                        services.problem_delete,
                        "problem",
                        _("Проблема удалена, номера остальных сдвинуты."),
                    ),
                    "proposals": (
                        services.proposal_delete,
                        "proposal",
                        _("Предложение удалено, номера остальных сдвинуты."),
                    ),
                }
                fn, arg, message = deleted[thing]
                name = getattr(obj, "name", "")
                fn(**{arg: obj, "by": request.user})
                return self.done(
                    request, message % {"name": name} if "%(name)s" in message else message, thing
                )
        except ActionRefused as exc:
            return self.refused(request, exc, key)
        raise Http404


class MapPhotoView(MapMixin, View):
    """GET: the photo of the paper map, to whoever may see the project; POST: attach or replace it."""

    def get(self, request, pk, kind):
        process_map = self.process_map
        if process_map is None or not process_map.photo:
            raise Http404(_("Фото карты не приложено"))
        # the project was loaded through the selector: only whoever may see it gets here (issue 18)
        return file_response(process_map.photo, filename=process_map.photo_name or "map")

    def post(self, request, pk, kind):
        if "delete" in request.POST:
            try:
                services.photo_remove(project=self.project, map_kind=self.kind, by=request.user)
            except ActionRefused as exc:
                return self.refused(request, exc, "photo")
            return self.done(request, _("Фото бумажной карты удалено."), "photo")
        form = PhotoForm(request.POST, request.FILES, prefix="photo")
        if form.is_valid():
            try:
                services.photo_attach(
                    project=self.project,
                    map_kind=self.kind,
                    by=request.user,
                    upload=form.cleaned_data["photo"],
                )
            except ActionRefused as exc:
                return self.refused(request, exc, "photo")
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return self.done(request, _("Фото бумажной карты приложено."), "photo")
        return self.render_page(request, bound={"photo": form})


def _svg_filename(project: Project, kind: str, suffix: str = "") -> str:
    name = _("Карта текущего состояния") if kind == MapKind.CURRENT else _("Карта целевого состояния")
    return f"{name} {project.number}{suffix}.svg"


class MapSvgView(MapMixin, View):
    """The diagram as an SVG file (issue 4: «Downloadable as SVG»); ?inline=1 opens it full size."""

    def get(self, request, pk, kind):
        data = selectors.map_data(self.process_map, kind=self.kind, title=self.project.title)
        svg = render_data_svg(data, columns=_columns(request))
        response = HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml; charset=utf-8"
        )
        inline = request.GET.get("inline") == "1"
        response["Content-Disposition"] = content_disposition_header(
            not inline, _svg_filename(self.project, self.kind)
        )
        return response


def _columns(request) -> int:
    value = request.GET.get("columns", "")
    return max(4, min(int(value), 40)) if value.isdigit() else 8


class MapVersionView(MapMixin, View):
    """A map as it was when its stage ended (the snapshot in the journal, DESIGN §2)."""

    def get(self, request, pk, kind, entry):
        journal = get_object_or_404(
            JournalEntry, pk=entry, project=self.project, snapshot_kind=f"{self.kind}_map"
        )
        snap = journal.snapshot or {}
        data = MapData.from_dict(snap.get("map", {"kind": self.kind}))
        metrics = compute(data)
        if request.GET.get("format") == "svg":
            svg = render_data_svg(data, columns=_columns(request))
            response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(
                True, _svg_filename(self.project, self.kind, f" от {timezone.localtime(journal.at):%d.%m.%Y}")
            )
            return response
        ctx = {
            "project": self.project,
            "kind": self.kind,
            "kind_choice": MapKind(self.kind),
            "entry": journal,
            "data": data,
            "svg": render_data_svg(data, columns=8, id_prefix="version"),
            "metric_rows": rows(metrics),
            "formula": share_formula(metrics),
            "problems": data.problems or [_problem_from_dict(p) for p in snap.get("problems", [])],
        }
        return render(request, "maps/version.html", ctx)


def _problem_from_dict(d: dict):
    from .data import ProblemData

    return ProblemData(**d)


class ProblemListView(ProjectMapsMixin, View):
    """The «перечень проблем» of п.9.9в: the problems of the current map with the proposals that
    solve them; the action plan is built from it (п.17)."""

    def get(self, request, pk):
        project = self.project
        current = selectors.map_of(project=project, kind=MapKind.CURRENT)
        current_data = selectors.map_data(current, title=project.title)
        target = selectors.map_of(project=project, kind=MapKind.TARGET)
        target_data = selectors.map_data(target, kind=MapKind.TARGET) if target else None
        steps = {s.id: s for s in current_data.steps}
        proposals = {p.number: p for p in target_data.proposals} if target_data else {}
        items = [
            {
                "problem": p,
                "steps": [steps[i] for i in sorted(p.step_ids, key=lambda i: steps[i].number) if i in steps],
                "proposals": [proposals[n] for n in p.proposal_numbers if n in proposals],
            }
            for p in current_data.problems
        ]
        return render(
            request,
            "maps/problems.html",
            {
                "project": project,
                "items": items,
                "current": current,
                "target": target,
                "can_edit": permissions.can_edit_map(project, request.user, MapKind.CURRENT),
            },
        )


class ProblemExportView(ProjectMapsMixin, View):
    def get(self, request, pk):
        content = exports.problem_list_xlsx(self.project)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = content_disposition_header(
            True, _("Перечень проблем %(n)s.xlsx") % {"n": self.project.number}
        )
        return response
