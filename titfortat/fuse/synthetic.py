"""Synthetic event mentions for the fusion benchmark (``make bench``).

The generator mimics a news pile: about half the incidents are reported once, the rest by 2-10
outlets; reports lose precision (a week or a month instead of the day, a country instead of the
base), disagree on figures, sometimes omit the perpetrator, and word the evidence differently.
"""
from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc
from typing import Any, Sequence

from ..ids import stable_hash
from ..model import Actor, DateSpan, Event, Evidence, Figure, Place
from ..settings import Settings

_COUNTRIES = (  # ISO3, representative point, first-level divisions
    ("IRQ", 33.2, 43.7, ("Baghdad", "Anbar", "Nineveh", "Basra", "Salahuddin")),
    ("SYR", 35.0, 38.5, ("Aleppo", "Idlib", "Damascus", "Deir ez-Zor")),
    ("YEM", 15.5, 47.5, ("Sanaa", "Marib", "Taiz", "Hodeidah")),
    ("AFG", 33.9, 67.7, ("Kabul", "Helmand", "Kandahar", "Nangarhar")),
    ("NGA", 9.1, 8.7, ("Borno", "Zamfara", "Kaduna", "Katsina")),
    ("MLI", 17.6, -4.0, ("Mopti", "Gao", "Timbuktu")),
    ("SOM", 5.2, 46.2, ("Banadir", "Lower Shabelle", "Gedo")),
    ("UKR", 48.4, 31.2, ("Donetsk", "Luhansk", "Kharkiv")),
    ("COL", 4.6, -74.1, ("Cauca", "Antioquia", "Narino")),
    ("MEX", 23.6, -102.6, ("Guerrero", "Michoacan", "Sinaloa")),
    ("LBY", 26.3, 17.2, ("Tripoli", "Benghazi", "Sirte")),
    ("PAK", 30.4, 69.3, ("Khyber Pakhtunkhwa", "Balochistan", "Punjab")),
)
_TYPES = (("ASSAULT", "explosive", 40), ("ASSAULT", "firearms", 20), ("ASSAULT", "aerial", 10),
          ("COERCE", "arrest", 10), ("PROTEST", None, 10), ("THREATEN", None, 5), ("SANCTION", None, 5))
_REPORTS = ((1, 55), (2, 20), (3, 10), (4, 6), (5, 4), (7, 3), (10, 2))  # reports per incident
_VERBS = {"explosive": ("rockets hit", "shells struck", "a bomb exploded at", "mortars landed on"),
          "firearms": ("gunmen attacked", "fighters raided", "armed men opened fire in"),
          "aerial": ("an air strike hit", "drones struck", "warplanes bombed"),
          "arrest": ("police detained people in", "security forces arrested protesters in"),
          None: ("crowds gathered in", "officials warned", "a statement targeted")}
_DAY0 = dt.date(2019, 1, 1)


def _weighted(rng: random.Random, table: Sequence[tuple]) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def _incident(rng: random.Random, number: int) -> dict[str, Any]:
    iso3, lat, lon, regions = rng.choice(_COUNTRIES)
    kind, mode, _ = _weighted(rng, _TYPES)
    site = rng.randrange(40)
    return {
        "number": number, "type": kind, "mode": mode, "day": _DAY0 + dt.timedelta(days=rng.randrange(730)),
        "country": iso3, "admin1": regions[site % len(regions)],
        "lat": lat + rng.uniform(-2, 2), "lon": lon + rng.uniform(-2, 2), "site": f"Site {iso3}-{site}",
        "actor": f"Group {iso3}-{rng.randrange(8)}", "recipient": f"Target {iso3}-{rng.randrange(8)}",
        "killed": min(int(rng.expovariate(0.3)), 200) if rng.random() < 0.7 else None,
    }


def _date(rng: random.Random, day: dt.date) -> DateSpan:
    roll = rng.random()
    if roll < 0.70:
        return DateSpan(day, day, "day")
    if roll < 0.85:
        monday = day - dt.timedelta(days=day.weekday())
        return DateSpan(monday, monday + dt.timedelta(days=6), "week")
    if roll < 0.95:
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return DateSpan(first, last, "month")
    return DateSpan(day - dt.timedelta(days=1), day, "range")  # "overnight"


def _place(rng: random.Random, inc: dict[str, Any]) -> Place:
    roll = rng.random()
    if roll < 0.2:  # country-only reports are common in wire copy
        return Place(text=inc["country"], name=inc["country"], country=inc["country"], precision="country")
    if roll < 0.3:
        return Place(text=inc["admin1"], name=inc["admin1"], country=inc["country"], admin1=inc["admin1"],
                     precision="admin1")
    return Place(text=inc["site"], name=inc["site"], country=inc["country"], admin1=inc["admin1"],
                 lat=inc["lat"] + rng.uniform(-0.01, 0.01), lon=inc["lon"] + rng.uniform(-0.01, 0.01),
                 precision="site")


def _report(rng: random.Random, inc: dict[str, Any], report: int, seed: int) -> Event:
    killed = inc["killed"]
    if killed is not None and rng.random() < 0.3:
        killed = max(0, killed + rng.randint(-2, 2))
    place = _place(rng, inc)
    verb = rng.choice(_VERBS[inc["mode"]])
    figure = f", killing {killed}" if killed is not None else ""
    sentence = f"On {inc['day']:%A}, {verb} {place.name}{figure}, officials said."
    return Event(
        doc_id=f"syn-{seed}-{inc['number']}-{report}",
        event_id=stable_hash("synthetic", seed, inc["number"], report),
        coder="synthetic", type=inc["type"], mode=inc["mode"], date=_date(rng, inc["day"]), place=place,
        actors=[Actor(text=inc["actor"], name=inc["actor"], country=inc["country"])] if rng.random() < 0.6 else [],
        recipients=[Actor(text=inc["recipient"], name=inc["recipient"], country=inc["country"])],
        killed=Figure.exact(killed) if killed is not None and rng.random() < 0.8 else None,
        evidence=[Evidence(sentence=sentence, start=0, end=len(sentence))], confidence=0.6,
    )


def synthetic_events(n: int, *, seed: int = 0) -> list[Event]:
    """``n`` mentions of incidents 2019-2020: multi-report share, date jitter, country-only places."""
    rng = random.Random(seed)
    events: list[Event] = []
    number = 0
    while len(events) < n:
        incident = _incident(rng, number)
        reports = _weighted(rng, _REPORTS)[0]
        events.extend(_report(rng, incident, r, seed) for r in range(min(reports, n - len(events))))
        number += 1
    return events


def synthetic_documents(events: Sequence[Event]) -> dict[str, dict[str, Any]]:
    """A document record per mention's doc_id, published the day after the event's date ends."""
    return {
        e.doc_id: {"url": f"https://example.invalid/{e.doc_id}", "source": "synthetic",
                   "published": (e.date.end + dt.timedelta(days=1)).isoformat() if e.date else None,
                   "content_hash": stable_hash("doc", e.doc_id)}
        for e in events
    }


def bench_fusion(sizes: Sequence[int] = (10_000, 100_000), *, seed: int = 0) -> list[dict[str, Any]]:
    """Seconds and peak traced memory of ``fuse`` at each size (generation not counted).

    Time (wall clock and this process's CPU) is measured on a plain run, memory on a second run
    under ``tracemalloc`` (which slows Python down, so the two are not measured together).
    """
    from . import fuse

    settings = Settings()
    results = []
    for size in sizes:
        events = synthetic_events(size, seed=seed)
        documents = synthetic_documents(events)
        started, cpu = time.perf_counter(), time.process_time()
        fused = fuse(events, documents=documents, settings=settings)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        tracemalloc.start()
        fuse(events, documents=documents, settings=settings)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results.append({
            "size": size, "clusters": len(fused), "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),  # what a machine shared with other jobs measures reliably
            "events_per_second": round(size / seconds) if seconds else None,
            "peak_mib": round(peak / 2**20, 1),
        })
    return results
