from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Карты процесса")

    def ready(self) -> None:
        from projects import panels, rules, snapshots

        from . import panels as map_panels
        from . import rules as map_rules
        from . import snapshots as map_snapshots

        # Положение п.16: the map stages end when the maps are done.
        rules.register("complete_current_map", map_rules.current_map_blockers)
        rules.register("complete_target_map", map_rules.target_map_blockers)
        snapshots.register("current_map", map_snapshots.current_map_snapshot)
        snapshots.register("target_map", map_snapshots.target_map_snapshot)
        panels.register(map_panels.map_panel)
