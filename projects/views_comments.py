"""The comment thread of a project (Положение п.6.1, 6.3; issue 19.9): read by everybody who sees the
project; the authorised body opens methodological comments and consultations, the mayor's office
notes for the mayor, everybody replies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from . import comments
from .choices import CommentKind
from .exceptions import ActionRefused
from .forms_comments import ProjectCommentForm, ReplyForm
from .models import ProjectComment
from .views import ProjectMixin

DONE = {
    CommentKind.METHODOLOGICAL: gettext_lazy(
        "Методический комментарий записан; руководитель проекта уведомлён."
    ),
    CommentKind.CONSULTATION: gettext_lazy("Консультация записана; руководитель проекта уведомлён."),
    CommentKind.REPLY: gettext_lazy("Ответ записан."),
    CommentKind.MAYOR_NOTE: gettext_lazy("Справка для Мэра записана; Мэр уведомлён."),
}


class CommentsView(ProjectMixin, TemplateView):
    template_name = "projects/comments.html"

    def get_context_data(self, form=None, reply_forms=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, project = self.request.user, self.project
        kinds = comments.kinds_for(project, user)
        thread = list(comments.thread(project=project, user=user))
        reply_forms = reply_forms or {}
        for comment in thread:
            comment.reply_form = reply_forms.get(comment.pk) or (
                ReplyForm(auto_id=f"id_reply{comment.pk}_%s") if comments.can_reply(comment, user) else None
            )
        ctx.update(
            project=project,
            thread=thread,
            form=form if form is not None else (ProjectCommentForm(kinds=kinds) if kinds else None),
        )
        return ctx

    def post(self, request, pk):
        project, user = self.project, request.user
        parent_id = request.POST.get("parent", "")
        if parent_id:
            parent = (
                comments.thread(project=project, user=user).filter(pk=parent_id).first()
                if parent_id.isdigit()
                else None
            )
            if parent is None:
                messages.error(request, _("Комментарий, на который вы отвечаете, не найден."))
                return redirect("projects:comments", pk=pk)
            form = ReplyForm(request.POST, auto_id=f"id_reply{parent.pk}_%s")
            if form.is_valid():
                return self._post(
                    request,
                    kind=CommentKind.REPLY,
                    parent=parent,
                    text=form.cleaned_data["text"],
                    reply=(parent, form),
                )
            messages.error(request, _("Ответ не записан: исправьте отмеченные поля."))
            return self.render_to_response(self.get_context_data(reply_forms={parent.pk: form}))
        kinds = comments.kinds_for(project, user)
        if not kinds:
            raise PermissionDenied(
                _(
                    "Методические комментарии записывает Уполномоченный орган; вы можете ответить на комментарий."
                )
            )
        form = ProjectCommentForm(request.POST, kinds=kinds)
        if not form.is_valid():
            messages.error(request, _("Комментарий не записан: исправьте отмеченные поля."))
            return self.render_to_response(self.get_context_data(form=form))
        return self._post(request, form=form, **form.cleaned_data)

    def _post(self, request, *, form=None, reply=None, **data):
        try:
            comment = comments.comment_post(project=self.project, by=request.user, **data)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            if reply is not None:
                return self.render_to_response(self.get_context_data(reply_forms={reply[0].pk: reply[1]}))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, str(DONE[comment.kind]))
        return redirect(comment_url(comment))


def comment_url(comment: ProjectComment) -> str:
    return (
        reverse("projects:comments", args=[comment.project_id])
        + f"#comment-{comment.parent_id or comment.pk}"
    )
