"""No lost update (issue 13, item 2). tests/projects/test_concurrency.py proves 20 simultaneous
approvals of one card and 20 simultaneous moves of one kanban card on PostgreSQL (exactly one wins,
one journal row). Here: two people saving the card at the same time — different sections, rows of
the same section — keep each other's work, and a card submitted while a section is being saved is
a message, not a server error."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from projects import services
from projects.forms import Block1Form, Block2Form, IndicatorFormSet
from projects.models import Project, TargetIndicator
from tests.factories import World, make_project


def _data(form_class, project, **changes):
    data = {}
    for name in form_class._meta.fields:
        value = getattr(project, name)
        if name == "perimeter":
            data[name] = [d.pk for d in value.all()]
        else:
            data[name] = "" if value is None else value
    data.update(changes)
    return data


def test_two_sections_saved_from_pages_opened_at_the_same_time_keep_both(world):
    """The lead renames the project (block 1) while a member writes the key risk (block 2), both
    from pages loaded before either saved: neither change is lost."""
    project = make_project(world)
    lead_copy, member_copy = Project.objects.get(pk=project.pk), Project.objects.get(pk=project.pk)
    block1 = Block1Form(
        _data(Block1Form, lead_copy, title="Выдача справок за один визит"), instance=lead_copy
    )
    block2 = Block2Form(_data(Block2Form, member_copy, key_risk="Жалобы в прокуратуру"), instance=member_copy)
    assert block1.is_valid() and block2.is_valid()
    services.card_section_save(project=lead_copy, by=world.lead, forms=[block1])
    # the card is the lead's (issue 18, hole 4): the second page is the lead's other tab
    services.card_section_save(project=member_copy, by=world.lead, forms=[block2])
    project.refresh_from_db()
    assert project.title == "Выдача справок за один визит"
    assert project.key_risk == "Жалобы в прокуратуру"
    # the edit history records what the row became, not block 1 as the member's page loaded it
    newest = project.history.order_by("-history_id").first()
    assert (newest.title, newest.key_risk) == ("Выдача справок за один визит", "Жалобы в прокуратуру")


def test_a_card_submitted_while_a_section_is_saved_is_a_message(client, world, monkeypatch):
    """The lead submits the card between the member's page load and his save: the member is told,
    nothing is written over the submitted card, no server error."""
    project = make_project(world)
    real = services.card_section_save

    def submitted_meanwhile(*, project, by, forms):
        services.card_submit(project=Project.objects.get(pk=project.pk), by=world.lead)
        return real(project=project, by=by, forms=forms)

    monkeypatch.setattr(services, "card_section_save", submitted_meanwhile)
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:card", args=[project.pk, "block2"]),
        _data(Block2Form, project, key_risk="Поздно"),
        follow=True,
    )
    assert response.status_code == 200
    assert "Карточку только что направили дальше" in response.content.decode()
    project.refresh_from_db()
    assert project.status == "card_review" and project.key_risk != "Поздно"


def _indicators_post(project, new_name):
    rows = list(project.indicators.order_by("order", "id"))
    data = {
        "ind-TOTAL_FORMS": str(len(rows) + 1),
        "ind-INITIAL_FORMS": str(len(rows)),
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update(
            {
                f"ind-{i}-id": str(row.pk),
                f"ind-{i}-name": row.name,
                f"ind-{i}-unit": row.unit,
                f"ind-{i}-current_value": str(row.current_value),
                f"ind-{i}-target_value": str(row.target_value),
                f"ind-{i}-direction": row.direction,
                f"ind-{i}-measurement": row.measurement,
            }
        )
    n = len(rows)
    data.update(
        {
            f"ind-{n}-name": new_name,
            f"ind-{n}-unit": "минут",
            f"ind-{n}-current_value": "40",
            f"ind-{n}-target_value": "15",
            f"ind-{n}-direction": "decrease",
            f"ind-{n}-measurement": "хронометраж",
        }
    )
    return data


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_adding_indicators_at_once_keep_both_rows():
    """Ten pairs of people add a row to block 3 of the same card at the same moment, each from a
    page that does not show the other's row: every row is kept."""
    world = World()
    project = make_project(world)
    names = [f"Показатель {n}" for n in range(10)]
    barrier = threading.Barrier(len(names))
    errors = []

    def save(name):
        try:
            copy = Project.objects.get(pk=project.pk)
            formset = IndicatorFormSet(_indicators_post(copy, name), instance=copy, prefix="ind")
            assert formset.is_valid(), formset.errors
            barrier.wait()
            services.card_section_save(project=copy, by=world.lead, forms=[formset])
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    kept = set(TargetIndicator.objects.filter(project=project).values_list("name", flat=True))
    assert set(names) <= kept
    assert TargetIndicator.objects.filter(project=project).count() == 2 + len(names)
