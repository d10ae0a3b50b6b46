"""Exports of events: JSONL (the contract), CSV, GeoJSON and an ACLED-style column layout."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable

from .errors import UsageError
from .model import Event

CSV_COLUMNS = ["id", "type", "mode", "cameo_root", "quad", "intensity", "acled_event_type", "acled_sub_event_type",
               "date_start", "date_end", "date_precision", "actors", "recipients", "place", "country", "admin1",
               "lat", "lon", "place_precision", "killed_low", "killed_best", "killed_high", "injured_best",
               "attribution", "attributed_to", "claimed_by", "stage", "modality", "sources", "evidence"]


def event_row(e: Event) -> dict:
    place = e.place
    return {
        "id": e.cluster_id or e.event_id, "type": e.type, "mode": e.mode, "cameo_root": e.cameo.get("root"),
        "quad": e.cameo.get("quad"), "intensity": e.intensity, "acled_event_type": e.acled.get("event_type"),
        "acled_sub_event_type": e.acled.get("sub_event_type"),
        "date_start": e.date.start.isoformat() if e.date else None, "date_end": e.date.end.isoformat() if e.date else None,
        "date_precision": e.date.precision if e.date else None,
        "actors": "; ".join(a.name or a.text for a in e.actors), "recipients": "; ".join(a.name or a.text for a in e.recipients),
        "place": (place.name or place.text) if place else None, "country": place.country if place else None,
        "admin1": place.admin1 if place else None, "lat": place.lat if place else None, "lon": place.lon if place else None,
        "place_precision": place.precision if place else None,
        "killed_low": e.killed.low if e.killed else None, "killed_best": e.killed.best if e.killed else None,
        "killed_high": e.killed.high if e.killed else None, "injured_best": e.injured.best if e.injured else None,
        "attribution": e.attribution.status,
        "attributed_to": "; ".join(a.name or a.text for a in e.attribution.attributed_to),
        "claimed_by": "; ".join(a.name or a.text for a in e.attribution.claimed_by),
        "stage": e.stage, "modality": e.modality,
        "sources": "; ".join(s.get("doc_id", "") for s in e.sources) or e.doc_id,
        "evidence": " | ".join(ev.sentence for ev in e.evidence)[:2000],
    }


def to_csv(events: Iterable[Event]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for e in events:
        writer.writerow(event_row(e))
    return buf.getvalue()


def to_jsonl(events: Iterable[Event]) -> str:
    return "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in events)


def to_geojson(events: Iterable[Event], *, country_point=None) -> dict:
    """Every event is a feature; an event without coordinates gets its country's point, else null geometry."""
    features = []
    for e in events:
        geometry = None
        props = e.to_dict()
        if e.place and e.place.lat is not None and e.place.lon is not None:
            geometry = {"type": "Point", "coordinates": [e.place.lon, e.place.lat]}
        elif e.place and e.place.country and country_point is not None:
            point = country_point(e.place.country)
            if point:
                geometry = {"type": "Point", "coordinates": [point[1], point[0]]}
                props["place"] = dict(props["place"], precision="country", lat=point[0], lon=point[1])
        features.append({"type": "Feature", "id": e.cluster_id or e.event_id, "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def render_events(events: list[Event], *, format: str, country_point=None) -> str:
    if format == "jsonl":
        return to_jsonl(events)
    if format == "csv":
        return to_csv(events)
    if format == "geojson":
        return json.dumps(to_geojson(events, country_point=country_point), ensure_ascii=False) + "\n"
    if format == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table("id", "type/mode", "date", "actor", "recipient", "place", "killed", "attribution")
        for e in events:
            table.add_row(*event_cells(e))
        console = Console(file=io.StringIO(), width=160)
        console.print(table)
        return console.file.getvalue()
    raise UsageError(f"unknown --format {format!r}; use jsonl, csv, geojson or table")


def event_cells(e) -> list[str]:
    def names(actors):
        return "; ".join(a.name or a.text for a in actors)[:40]

    date = f"{e.date.start}..{e.date.end}" if e.date else ""
    place = (e.place.name or e.place.text or "") if e.place else ""
    killed = "" if e.killed is None else (str(e.killed.best) if e.killed.low == e.killed.high else
                                         f"{e.killed.low}-{e.killed.high} (best {e.killed.best})")
    ident = e.cluster_id or e.event_id
    return [ident[:12], f"{e.type}/{e.mode or ''}", date, names(e.actors), names(e.recipients), place, killed,
            e.attribution.status]
