"""A step's duration is shown in the unit it was measured in (issue 21): a 24-hour wait is «24 ч»
on the map page and on the diagram, not «3 раб. дн.»."""

from django.urls import reverse

from maps import services as map_services
from maps.choices import DurationUnit, MapKind, StepKind, ValueClass
from maps.models import WasteType
from maps.selectors import map_data, map_of
from maps.svg import render_data_svg
from tests.factories import advance, make_project


def test_a_24_hour_wait_reads_24_hours_on_the_page_and_the_diagram(client, world):
    project = advance(make_project(world), world, "current_map")
    lane = map_services.lane_add(project=project, map_kind=MapKind.CURRENT, by=world.lead, name="Заявитель")
    map_services.step_add(
        project=project,
        map_kind=MapKind.CURRENT,
        by=world.lead,
        lane=lane,
        name="Ожидание ответа ведомства",
        kind=StepKind.WAITING,
        value_class=ValueClass.WASTE,
        duration_minutes=24 * 60,
        duration_unit=DurationUnit.HOURS,
        waste_types=[WasteType.objects.get(number=2)],
        visit=False,
    )
    svg = render_data_svg(map_data(map_of(project=project, kind=MapKind.CURRENT), kind=MapKind.CURRENT))
    assert "Ожидание ответа ведомства — 24 ч" in svg
    client.force_login(world.lead)
    page = client.get(reverse("maps:map", args=[project.pk, "current"])).content.decode()
    assert 'title="Введено: 24 ч">24 ч</td>' in page
