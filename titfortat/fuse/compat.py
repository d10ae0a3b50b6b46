"""When may two event mentions be the same real-world event?

``Mention`` holds what fusion compares, computed once per event.  ``hard_compatible`` is the
set of vetoes (type, modality, mode, dates, place, actors, never two events of one document);
``pair_score`` grades a compatible pair so that the best matches merge first.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from sys import intern
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Protocol

from ..model import Actor, DateSpan, Event, Figure, Place
from .rules import FusionRules

PRECISION_RANK = {"site": 0, "city": 1, "admin1": 2, "country": 3}
DATE_RANK = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4, "unknown": 5}
_WORD = re.compile(r"[a-z0-9]+")
_NONE: frozenset[str] = frozenset()
# Function words carry no evidence that two sentences describe the same happening.
_STOP = frozenset(
    "the a an and or of in on at to for from by with was were is are be been has have had that "
    "this which who its it as said says after before into near over than their there they his her "
    "not no".split()
)


class PlaceRelation(Protocol):
    """What fusion needs of a gazetteer: does ``outer`` contain ``inner``?"""

    def contains(self, outer: Place, inner: Place) -> bool: ...


@dataclass(frozen=True)
class Mention:
    """One event mention with the features fusion compares."""

    index: int
    event: Event
    start: Optional[dt.date]
    end: Optional[dt.date]
    precision: str
    country: Optional[str]
    actor_names: frozenset[str]
    actor_countries: frozenset[str]
    recipient_names: frozenset[str]
    recipient_countries: frozenset[str]
    blamed_names: frozenset[str]  # attributed_to: names a report links to the event, not claimants
    tokens: frozenset[str]
    evidence_tokens: frozenset[str]
    published: str  # ISO date/datetime the report can be dated by; "9999" when unknown
    content_hash: str

    @property
    def doc_id(self) -> str:
        return self.event.doc_id

    @property
    def event_id(self) -> str:
        return self.event.event_id

    @property
    def width(self) -> int:
        return (self.end - self.start).days if self.start and self.end else 10**6


def tokens_of(text: str) -> frozenset[str]:
    """Content words of a text, lower-cased (interned: reports repeat their words, and a
    hundred thousand mentions would otherwise hold a copy of each)."""
    return frozenset([intern(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP])


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _names(actors: list[Actor]) -> frozenset[str]:
    # Only resolved names identify an actor: "gunmen" and "bandits" may well be the same people.
    return frozenset([intern(a.name.strip().lower()) for a in actors if a.name]) if actors else _NONE


def _countries(actors: list[Actor]) -> frozenset[str]:
    return frozenset([a.country for a in actors if a.country]) if actors else _NONE


def make_mention(
    index: int, event: Event, document: Mapping[str, Any], rules: FusionRules,
    shared: Optional[dict[frozenset[str], frozenset[str]]] = None,
) -> Mention:
    """Compute the features of ``event``; an undated event is placed just before its report.

    ``shared`` (one dict per fusion run) lets mentions naming the same actors or countries hold
    one set between them."""
    share = (lambda names: names) if shared is None else (lambda names: shared.setdefault(names, names))
    published = str(document.get("published") or "") or "9999"
    start = end = None
    precision = "unknown"
    if event.date is not None and not event.date.assumed:  # an assumed date counts as none
        start, end, precision = event.date.start, event.date.end, event.date.precision or "range"
        if inherited_date(event.date):
            # Not stated in its sentence: a later sentence often retells an earlier event ("three
            # days after an attack on the same base", "a day after gunmen killed five in Zurmi").
            start, precision = start - dt.timedelta(days=rules.inherited_lookback_days), "range"
    elif published != "9999":
        try:
            day = dt.date.fromisoformat(published[:10])
        except ValueError:
            day = None
        if day is not None:
            # A report tells of things that already happened, mostly recently.
            start, end = day - dt.timedelta(days=rules.undated_lookback_days), day
    sentences = " ".join(e.sentence for e in event.evidence)
    extra = " ".join(
        [(event.trigger or {}).get("text") or "", (event.place.name or event.place.text or "")
         if event.place else ""] + [i.text for i in event.instruments]
    )
    claimants = event.actors + event.attribution.claimed_by
    evidence_tokens = tokens_of(sentences)  # words never span the space joining the two texts
    return Mention(
        index=index, event=event, start=start, end=end, precision=precision,
        country=event.place.country if event.place and not event.place.assumed else None,
        actor_names=share(_names(claimants)), actor_countries=share(_countries(claimants)),
        recipient_names=share(_names(event.recipients)),
        recipient_countries=share(_countries(event.recipients)),
        blamed_names=share(_names(event.attribution.attributed_to)),
        tokens=evidence_tokens | tokens_of(extra), evidence_tokens=evidence_tokens,
        published=published, content_hash=str(document.get("content_hash") or ""),
    )


def inherited_date(span: DateSpan) -> bool:
    """The extractor took the date from the story's preceding dated sentence or from the event
    it answers (its ``why`` starts "not stated"): the event happened then or shortly before."""
    return (span.why or "").startswith("not stated")


def dates_compatible(a: Mention, b: Mention, slack: int) -> bool:
    """Intervals overlap (with ``slack`` days); two day-precision dates must be the same day."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return False
    if a.precision == "day" and b.precision == "day":
        return a.start == b.start
    # An undated mention ends at its report's publication: no slack past what was printed.
    pad = dt.timedelta(days=0 if "unknown" in (a.precision, b.precision) else slack)
    return a.start - pad <= b.end and b.start - pad <= a.end


def date_score(a: Mention, b: Mention) -> float:
    if a.precision == "day" and b.precision == "day":
        return 1.0
    if "unknown" in (a.precision, b.precision):
        return 0.2
    return 0.7 if min(a.width, b.width) <= 1 else 0.4


def _place_rank(place: Place) -> int:
    if place.precision in PRECISION_RANK:
        return PRECISION_RANK[place.precision]
    if place.lat is None and place.admin1 is None:
        return PRECISION_RANK["country"]
    return PRECISION_RANK["city"]


def _same_name(a: Place, b: Place) -> bool:
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    name_a = (a.name or a.text or "").strip().lower()
    return bool(name_a) and name_a == (b.name or b.text or "").strip().lower()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def place_match(
    a: Optional[Place], b: Optional[Place], rules: FusionRules, places: Optional[PlaceRelation]
) -> float:
    """0 when the places exclude each other, else how strongly they agree (0..1)."""
    if a is None or b is None or a.assumed or b.assumed:  # an assumed place says nothing
        return 0.4
    if a.country and b.country and a.country != b.country:
        return 0.0
    if _same_name(a, b):
        return 1.0
    if places is not None and (places.contains(a, b) or places.contains(b, a)):
        return 0.8
    rank_a, rank_b = _place_rank(a), _place_rank(b)
    coarser = max(rank_a, rank_b)
    if coarser == PRECISION_RANK["country"]:
        return 0.5  # a country-only place is compatible with anything in that country
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        radius = rules.radius_km[coarser]
        return 0.8 if haversine_km(a.lat, a.lon, b.lat, b.lon) <= radius else 0.0
    if rank_a == rank_b == PRECISION_RANK["site"]:
        return 0.0  # two differently named sites without coordinates: two places
    if a.admin1 and b.admin1:
        return 0.6 if a.admin1.lower() == b.admin1.lower() else 0.0
    return 0.4


def _side_match(names_a: frozenset, names_b: frozenset, ctry_a: frozenset, ctry_b: frozenset) -> float:
    if names_a & names_b:
        return 1.0
    if ctry_a and ctry_b and not ctry_a & ctry_b:
        return 0.0
    if names_a and names_b:
        return 0.3 if ctry_a & ctry_b else 0.0
    return 0.5


def actor_match(a: Mention, b: Mention) -> float:
    """0 when the perpetrators are known and different; recipients only grade the pair."""
    actors = _side_match(a.actor_names, b.actor_names, a.actor_countries, b.actor_countries)
    if actors == 0.0:
        return 0.0
    recipients = _side_match(
        a.recipient_names, b.recipient_names, a.recipient_countries, b.recipient_countries
    )
    return (2 * actors + max(recipients, 0.2)) / 3


def _stage_class(stage: str) -> str:
    # An attempt that failed and one that hit may be the same salvo; a threat is not an attack.
    return "threat" if stage == "threatened" else "act"


def _kind_compatible(a: Mention, b: Mention, slack: int) -> bool:
    ea, eb = a.event, b.event
    if ea.doc_id == eb.doc_id or ea.type != eb.type or ea.modality != eb.modality:
        return False
    if ea.mode and eb.mode and ea.mode != eb.mode:
        return False
    if _stage_class(ea.stage) != _stage_class(eb.stage):
        return False
    return dates_compatible(a, b, slack)


def hard_compatible(
    a: Mention, b: Mention, rules: FusionRules, slack: int, places: Optional[PlaceRelation]
) -> bool:
    """The vetoes: any False here keeps the two mentions in different clusters."""
    if not _kind_compatible(a, b, slack):
        return False
    return place_match(a.event.place, b.event.place, rules, places) > 0 and actor_match(a, b) > 0


def compare(
    a: Mention, b: Mention, rules: FusionRules, slack: int, places: Optional[PlaceRelation]
) -> Optional[float]:
    """``None`` when ``hard_compatible`` vetoes the pair, else ``pair_score`` (computed once)."""
    if not _kind_compatible(a, b, slack):
        return None
    place = place_match(a.event.place, b.event.place, rules, places)
    if place <= 0:
        return None
    actors = actor_match(a, b)
    if actors <= 0:
        return None
    return _weighted(a, b, rules, place, actors)


def _bounds(figure: Optional[Figure]) -> Optional[tuple[float, float]]:
    if figure is None:
        return None
    known = [v for v in (figure.low, figure.best, figure.high) if v is not None]
    if not known:
        return None
    # "at least 5" has no upper bound
    return (min(known), float(figure.high) if figure.high is not None else math.inf)


def _figure_agreement(fa: Optional[Figure], fb: Optional[Figure]) -> Optional[float]:
    """1 when the ranges overlap, else the ratio of the nearer ends (+1 so 0 vs 1 is not 0)."""
    a, b = _bounds(fa), _bounds(fb)
    if a is None or b is None:
        return None
    if a[0] <= b[1] and b[0] <= a[1]:
        return 1.0
    low_end, high_start = (a[1], b[0]) if a[1] < b[0] else (b[1], a[0])
    return (low_end + 1) / (high_start + 1)


def figure_score(a: Event, b: Event) -> float:
    scores = [s for s in (_figure_agreement(a.killed, b.killed), _figure_agreement(a.injured, b.injured))
              if s is not None]
    return sum(scores) / len(scores) if scores else 0.5


def pair_score(a: Mention, b: Mention, rules: FusionRules, places: Optional[PlaceRelation]) -> float:
    """Weighted agreement of a hard-compatible pair (weights in ``FusionRules``)."""
    return _weighted(a, b, rules, place_match(a.event.place, b.event.place, rules, places),
                     actor_match(a, b))


def _weighted(a: Mention, b: Mention, rules: FusionRules, place: float, actors: float) -> float:
    w = rules.weights
    text = min(1.0, jaccard(a.tokens, b.tokens) / rules.text_saturation)
    return (
        w["date"] * date_score(a, b)
        + w["place"] * place
        + w["actors"] * actors
        + w["text"] * text
        + w["figures"] * figure_score(a.event, b.event)
    )
