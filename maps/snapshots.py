"""What the journal keeps when a map's stage ends (Положение п.16; DESIGN §2 «the snapshot of the
artefact approved»): the map as data, its metrics and the photo's name, so that the approved
version is drawn and counted exactly as it was, whatever happens to the live map later."""

from __future__ import annotations

from dataclasses import asdict

from .choices import MapKind
from .metrics import compute
from .selectors import map_data, map_of


def map_snapshot(project, kind: str) -> dict:
    process_map = map_of(project=project, kind=kind)
    data = map_data(process_map, kind=kind, title=project.title)
    snapshot = {
        "kind": kind,
        "map": data.to_dict(),
        "metrics": compute(data).as_dict(),
        "photo": (
            {"name": process_map.photo_name, "content_type": process_map.photo_content_type}
            if process_map is not None and process_map.photo
            else None
        ),
    }
    if kind == MapKind.TARGET:
        # The problems with the proposals that solve them, or the reason why none does (п.17).
        current = map_of(project=project, kind=MapKind.CURRENT)
        snapshot["problems"] = [asdict(p) for p in map_data(current).problems] if current else []
    return snapshot


def current_map_snapshot(project) -> dict:
    return map_snapshot(project, MapKind.CURRENT)


def target_map_snapshot(project) -> dict:
    return map_snapshot(project, MapKind.TARGET)
