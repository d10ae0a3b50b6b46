"""The one data model every stage shares.

Stages exchange these objects, never loose dicts.  Every fact that comes from a text keeps
its character offsets (Unicode code points) into ``Article.body`` so that ``body[start:end]``
is the verbatim span.  ``to_dict``/``from_dict`` give the JSON form of SPEC §3 (the event
contract) and are the only place that form is written.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional


# A ``why`` starting with this marks a date or place the text does not state, assumed from the
# report's context (its date, its dateline or dominant country).
ASSUMED = "assumed"


def _clean(value: Any) -> Any:
    """Turn dataclasses, dates and containers into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


@dataclass
class Comment:
    """A reader comment found below an article."""

    author: Optional[str]
    timestamp: Optional[str]  # ISO 8601 when it could be parsed, else None
    text: str
    timestamp_text: Optional[str] = None

    def to_dict(self) -> dict:
        return _clean(dataclasses.asdict(self))


@dataclass
class Article:
    """One ingested document, segmented.  ``body`` is the text every offset points into."""

    doc_id: str
    body: str
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    origin: Optional[str] = None  # the file, feed or record it came from
    format: str = "text"  # text | html | feed | jsonl
    author: Optional[str] = None
    standfirst: Optional[str] = None
    topics: list[str] = field(default_factory=list)
    published: Optional[str] = None  # ISO date or datetime, as the source gave it
    published_why: str = "unknown: no date in metadata, URL or text"
    reference_date: Optional[dt.date] = None
    comments: list[Comment] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    extras: dict[str, str] = field(default_factory=dict)  # author bio, picture credit, dateline
    language: Optional[str] = None
    language_score: Optional[float] = None
    content_hash: str = ""

    def to_dict(self) -> dict:
        return _clean({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        data = dict(data)
        data["comments"] = [Comment(**c) for c in data.get("comments") or []]
        ref = data.get("reference_date")
        data["reference_date"] = dt.date.fromisoformat(ref) if ref else None
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Failure:
    """A document (or part of one) that a stage could not handle; recorded, never raised."""

    source: str
    stage: str
    code: str
    reason: str
    doc_id: Optional[str] = None

    def to_dict(self) -> dict:
        return _clean(dataclasses.asdict(self))

    def line(self) -> str:
        return f"{self.source}: {self.reason} [{self.code}, {self.stage}]"


@dataclass
class Actor:
    """An actor or recipient mention, resolved where possible."""

    text: str
    start: Optional[int] = None
    end: Optional[int] = None
    name: Optional[str] = None
    kind: Optional[str] = None  # individual | group | organization | physical
    country: Optional[str] = None  # ISO3
    sector: Optional[str] = None  # PLOVER/CAMEO sector: GOV, MIL, REB, CVL, ...
    why: Optional[str] = None
    affiliations: dict[str, list[str]] = field(default_factory=dict)
    count: Optional[int] = None  # "two US servicemen" -> 2

    def to_dict(self) -> dict:
        data = _clean(dataclasses.asdict(self))
        if not data["affiliations"]:
            data.pop("affiliations")
        if data["count"] is None:
            data.pop("count")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Actor":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Instrument:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Place:
    text: Optional[str]
    start: Optional[int] = None
    end: Optional[int] = None
    name: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    precision: Optional[str] = None  # site | city | admin1 | country
    why: Optional[str] = None
    geonameid: Optional[str] = None

    @property
    def assumed(self) -> bool:
        """The text does not say where: the place was assumed from the report's context
        (``why`` starts with "assumed"), weaker evidence than a stated place."""
        return (self.why or "").startswith(ASSUMED)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Place":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


PRECISIONS = ("day", "week", "month", "year")


@dataclass
class DateSpan:
    start: dt.date
    end: dt.date
    precision: str  # day | week | month | year (SPEC §3); an interval given otherwise gets its unit by length
    text: Optional[str] = None
    why: Optional[str] = None

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:  # "overnight", "early this week", "since late October"
            days = (self.end - self.start).days + 1
            self.precision = "day" if days <= 1 else "week" if days <= 7 else "month" if days <= 31 else "year"

    @property
    def assumed(self) -> bool:
        """No date expression dates the event: the date was assumed from the report's date
        (``why`` starts with "assumed"), weaker evidence than a stated date."""
        return (self.why or "").startswith(ASSUMED)

    def to_dict(self) -> dict:
        return _clean(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "DateSpan":
        return cls(
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data.get("end") or data["start"]),
            precision=data.get("precision") or "day",
            text=data.get("text"),
            why=data.get("why"),
        )


@dataclass
class Figure:
    """A casualty figure; ``low``/``best``/``high`` agree for a single report."""

    low: Optional[int]
    best: Optional[int]
    high: Optional[int]
    text: Optional[str] = None
    breakdown: dict[str, int] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)  # fused: which report said what

    @classmethod
    def exact(cls, value: int, text: Optional[str] = None, breakdown: Optional[dict] = None) -> "Figure":
        return cls(low=value, best=value, high=value, text=text, breakdown=dict(breakdown or {}))

    def to_dict(self) -> dict:
        data = _clean(dataclasses.asdict(self))
        if not data["breakdown"]:
            data.pop("breakdown")
        if not data["sources"]:
            data.pop("sources")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Figure":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Attribution:
    status: str = "unknown"  # claimed | acknowledged | attributed | unattributed | unknown
    claimed: bool = False
    claimed_by: list[Actor] = field(default_factory=list)
    attributed_to: list[Actor] = field(default_factory=list)
    attributed_by: list[Actor] = field(default_factory=list)
    denied_by: list[Actor] = field(default_factory=list)
    why: Optional[str] = None

    def to_dict(self) -> dict:
        return _clean(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "Attribution":
        return cls(
            status=data.get("status") or "unknown",
            claimed=bool(data.get("claimed")),
            claimed_by=[Actor.from_dict(a) for a in data.get("claimed_by") or []],
            attributed_to=[Actor.from_dict(a) for a in data.get("attributed_to") or []],
            attributed_by=[Actor.from_dict(a) for a in data.get("attributed_by") or []],
            denied_by=[Actor.from_dict(a) for a in data.get("denied_by") or []],
            why=data.get("why"),
        )


@dataclass
class Evidence:
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Event:
    """One event mention (``doc_id`` set) or one fused real-world event (``cluster_id`` set)."""

    doc_id: str
    event_id: str
    coder: str
    type: str
    mode: Optional[str] = None
    cameo: dict[str, Any] = field(default_factory=dict)  # {"root": "19", "quad": 4}
    intensity: Optional[float] = None
    acled: dict[str, Optional[str]] = field(default_factory=dict)
    stage: str = "accomplished"
    modality: str = "asserted"
    reported_by: list[Actor] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    instruments: list[Instrument] = field(default_factory=list)
    place: Optional[Place] = None
    date: Optional[DateSpan] = None
    killed: Optional[Figure] = None
    injured: Optional[Figure] = None
    attribution: Attribution = field(default_factory=Attribution)
    answers: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    trigger: Optional[dict] = None  # {"text", "start", "end", "lemma"}
    cluster_id: Optional[str] = None
    sources: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {f.name: _clean(getattr(self, f.name)) for f in dataclasses.fields(self)}
        if self.cluster_id is None:
            data.pop("cluster_id")
            data.pop("sources")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Event":
        def fig(key: str) -> Optional[Figure]:
            return Figure.from_dict(data[key]) if data.get(key) else None

        return cls(
            doc_id=data.get("doc_id") or "",
            event_id=data["event_id"],
            coder=data.get("coder") or "",
            type=data["type"],
            mode=data.get("mode"),
            cameo=dict(data.get("cameo") or {}),
            intensity=data.get("intensity"),
            acled=dict(data.get("acled") or {}),
            stage=data.get("stage") or "accomplished",
            modality=data.get("modality") or "asserted",
            reported_by=[Actor.from_dict(a) for a in data.get("reported_by") or []],
            actors=[Actor.from_dict(a) for a in data.get("actors") or []],
            recipients=[Actor.from_dict(a) for a in data.get("recipients") or []],
            instruments=[Instrument(**i) for i in data.get("instruments") or []],
            place=Place.from_dict(data["place"]) if data.get("place") else None,
            date=DateSpan.from_dict(data["date"]) if data.get("date") else None,
            killed=fig("killed"),
            injured=fig("injured"),
            attribution=Attribution.from_dict(data.get("attribution") or {}),
            answers=list(data.get("answers") or []),
            evidence=[Evidence(**e) for e in data.get("evidence") or []],
            confidence=float(data.get("confidence") or 0.0),
            trigger=data.get("trigger"),
            cluster_id=data.get("cluster_id"),
            sources=list(data.get("sources") or []),
        )


@dataclass
class Claim:
    """A count claim in a text ("24 separate rocket attacks ... since late October")."""

    doc_id: str
    claim_id: str
    text: str
    start: int
    end: int
    value: int
    counted: dict[str, Any]  # {"type", "mode", "target", "place", "noun"}
    period: Optional[DateSpan] = None
    sentence: Optional[str] = None

    def to_dict(self) -> dict:
        return _clean(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "Claim":
        data = dict(data)
        data["period"] = DateSpan.from_dict(data["period"]) if data.get("period") else None
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Extraction:
    """What the extractor returns for one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: Optional[str] = None  # why nothing was extracted (e.g. "not extracted: language de")
