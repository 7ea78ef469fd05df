"""Before protocol numbers become unique per project and kind (issue 18, hole 7): meetings created
at the same moment may share a number. The earliest created keeps it; each later duplicate gets
the next free number of its project and kind, so that numbers already cited stay as they are."""

from django.db import migrations
from django.db.models import Count, Max


def renumber(apps, schema_editor):
    Meeting = apps.get_model("projects", "Meeting")
    groups = (
        Meeting.objects.values("project_id", "kind", "number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("project_id", "kind", "number")
    )
    for group in groups:
        same = Meeting.objects.filter(
            project_id=group["project_id"], kind=group["kind"], number=group["number"]
        ).order_by("created_at", "id")
        for meeting in list(same)[1:]:
            top = Meeting.objects.filter(project_id=group["project_id"], kind=group["kind"]).aggregate(
                m=Max("number")
            )["m"]
            Meeting.objects.filter(pk=meeting.pk).update(number=(top or 0) + 1)


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_deadline_counted_from")]

    operations = [migrations.RunPython(renumber, migrations.RunPython.noop)]
