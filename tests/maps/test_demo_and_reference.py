"""The demo maps and the reference table of waste types."""

from django.urls import reverse

from maps.demo import build_demo_current_map, build_demo_maps
from maps.metrics import compute
from maps.models import Lane, ProcessMap, WasteType
from maps.rules import current_map_blockers, target_map_blockers
from maps.selectors import map_data
from projects import services as project_services
from tests.factories import UserFactory


def test_waste_types_are_seeded_and_kept_in_the_admin(client, world):
    assert list(WasteType.objects.values_list("number", "name")) == [
        (1, "Перепроизводство"),
        (2, "Ожидание"),
        (3, "Лишняя транспортировка"),
        (4, "Лишние этапы обработки"),
        (5, "Излишние запасы"),
        (6, "Лишние перемещения"),
        (7, "Дефекты и переделка"),
        (8, "Нереализованный потенциал сотрудников"),
    ]
    admin = UserFactory(username="root", is_staff=True, is_superuser=True, municipality=world.municipality)
    client.force_login(admin)
    page = client.get(reverse("admin:maps_wastetype_changelist")).content.decode()
    assert "Нереализованный потенциал сотрудников" in page
    response = client.post(
        reverse("admin:maps_wastetype_add"),
        {"number": 9, "name": "Лишняя бюрократия", "hint": "", "is_active": "on"},
    )
    assert response.status_code == 302 and WasteType.objects.filter(number=9).exists()


def test_a_switched_off_waste_type_is_not_offered(client, world, mapping):
    WasteType.objects.filter(number=8).update(is_active=False)
    build_demo_current_map(mapping)
    client.force_login(world.lead)
    html = client.get(reverse("maps:map", args=[mapping.pk, "current"])).content.decode()
    assert "Нереализованный потенциал сотрудников" not in html
    assert "Лишние перемещения" in html


def test_demo_maps_are_realistic_and_pass_the_stage_conditions(world, mapping):
    current = build_demo_current_map(mapping)
    data = map_data(current)
    lanes = Lane.objects.filter(process_map=current)
    assert 12 <= len(data.steps) <= 20 and 4 <= lanes.count() <= 6
    assert lanes.filter(is_client=True).count() == 1
    assert current_map_blockers(mapping) == []
    project_services.transition_perform(project=mapping, by=world.lead, action="complete_current_map")

    _, target = build_demo_maps(mapping, complete_target=False)
    assert target_map_blockers(mapping)  # halfway: some problems without proposals
    target.delete()
    _, target = build_demo_maps(mapping, complete_target=True)
    assert target_map_blockers(mapping) == []
    before, after = compute(data), compute(map_data(target))
    assert after.lead_time < before.lead_time and after.steps_total < before.steps_total
    assert after.visits < before.visits and after.steps_waste == 0
    # building twice changes nothing
    assert build_demo_maps(mapping, complete_target=True)[1] == target
    assert ProcessMap.objects.filter(project=mapping).count() == 2
    project_services.transition_perform(project=mapping, by=world.lead, action="complete_target_map")
    mapping.refresh_from_db()
    assert mapping.status == "plan_drafting"
