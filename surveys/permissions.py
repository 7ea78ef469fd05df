"""Who does what with the questionnaire of a project.

- the lead and the team create surveys, open and close them, invite respondents (п.9.3–9.4,
  10.1, 10.5: questioning is part of their initiation and closure work);
- everyone who may see the project sees the summaries (`projects.permissions.can_view`);
- respondents need no account: they reach one survey through its unguessable link."""

from __future__ import annotations

from projects.permissions import can_view, is_project_team


def can_manage_surveys(project, user) -> bool:
    return is_project_team(project, user)


def can_view_surveys(project, user) -> bool:
    return can_view(project, user)
