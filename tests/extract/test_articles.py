"""The extractor on short news articles about other conflicts (issue #3, "Done when" 2).

Each article in ``tests/data/articles`` is extracted once per session with the real extractor;
``expected.yaml`` says, as an analyst would code the text, which events must be found and which
must not appear (its header documents the keys).  Every expected event is its own test, so a
failure names the article, the event and what the extractor made of that sentence instead.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
EXPECTED: dict[str, dict] = yaml.safe_load((ARTICLES / "expected.yaml").read_text(encoding="utf-8"))
NAMES = sorted(EXPECTED)

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITIES = {"asserted", "negated", "hypothetical", "future"}
STAGES = {"accomplished", "attempted", "threatened"}
STATUSES = {"claimed", "acknowledged", "attributed", "unattributed", "unknown"}


# --- running the extractor -----------------------------------------------------------------------

def _extract(paths: list[Path], extractor) -> dict[str, Any]:
    from titfortat.model import Extraction
    from titfortat.pipeline import extract_paths
    from titfortat.settings import Settings

    out = {}
    for item in extract_paths([str(p) for p in paths], settings=Settings(), extractor=extractor):
        assert isinstance(item, Extraction), f"ingest failed: {item}"
        out[Path(item.article.origin or item.article.doc_id).stem] = item
    return out


@pytest.fixture(scope="session")
def extractor():
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    return load_extractor(Settings())


@pytest.fixture(scope="session")
def extracted(extractor) -> dict[str, Any]:
    return _extract([ARTICLES / f"{name}.txt" for name in NAMES], extractor)


@pytest.fixture(scope="session")
def extracted_again(extractor) -> dict[str, Any]:
    """A second run, over the articles in reverse order (order must not matter either)."""
    return _extract([ARTICLES / f"{name}.txt" for name in reversed(NAMES)], extractor)


def _events(extracted, name: str) -> list[dict]:
    return [e.to_dict() for e in extracted[name].events]


# --- matching an event against an expectation ----------------------------------------------------

def _texts(entries) -> str:
    out = []
    for entry in entries or []:
        if isinstance(entry, dict):
            out += [str(entry.get("text") or ""), str(entry.get("name") or "")]
    return " | ".join(out)


def _hit(pattern: str, haystack: str) -> bool:
    """Any "|" alternative occurs at a word start ("=word": as a whole word), case-insensitively."""
    for alt in str(pattern).lower().split("|"):
        whole = alt.startswith("=")
        regex = r"\b" + re.escape(alt.lstrip("=")) + (r"\b" if whole else "")
        if re.search(regex, haystack.lower()):
            return True
    return False


def _number(figure) -> Optional[int]:
    if not isinstance(figure, dict):
        return None
    return figure.get("best") if figure.get("best") is not None else figure.get("low")


def _figure_ok(want, figure) -> bool:
    value = _number(figure)
    if want is None:
        return value is None
    if isinstance(want, list):
        return value is not None and want[0] <= value <= want[1]
    return value == want


def _date_ok(want: list, date) -> bool:
    if not isinstance(date, dict) or not date.get("start"):
        return False
    lo, hi = (d.isoformat() if isinstance(d, dt.date) else str(d) for d in want)
    return date["start"] >= lo and (date.get("end") or date["start"]) <= hi


def _place(ev: dict) -> str:
    place = ev.get("place") or {}
    return f"{place.get('text') or ''} | {place.get('name') or ''}"


def _sentences(ev: dict) -> str:
    return " ".join(e.get("sentence", "") for e in ev.get("evidence") or [])


def _own_sentence(ev: dict) -> str:
    """The evidence sentence holding the event's trigger (an event may cite other sentences too,
    e.g. a denial that fills ``attribution.denied_by``); the first evidence sentence without one."""
    evidence = ev.get("evidence") or []
    at = (ev.get("trigger") or {}).get("start")
    own = [e for e in evidence if at is not None and e["start"] <= at < e["end"]]
    return (own or evidence or [{}])[0].get("sentence", "")


CHECKS = {
    "type": lambda want, ev: ev["type"] == want,
    "mode": lambda want, ev: _hit(want, f"{ev.get('mode') or ''} | {_texts(ev.get('instruments'))}"),
    "actor": lambda want, ev: _hit(want, _texts(ev.get("actors"))),
    "recipient": lambda want, ev: _hit(want, _texts(ev.get("recipients"))),
    "place": lambda want, ev: _hit(want, _place(ev)),
    "country": lambda want, ev: (ev.get("place") or {}).get("country") in str(want).split("|"),
    "date": lambda want, ev: _date_ok(want, ev.get("date")),
    "killed": lambda want, ev: _figure_ok(want, ev.get("killed")),
    "injured": lambda want, ev: _figure_ok(want, ev.get("injured")),
    "attribution": lambda want, ev: ev["attribution"]["status"] in str(want).split("|"),
    "claimed": lambda want, ev: bool(ev["attribution"].get("claimed")) is want,
    "claimed_by": lambda want, ev: _hit(want, _texts(ev["attribution"].get("claimed_by"))),
    "attributed_to": lambda want, ev: _hit(want, _texts(ev["attribution"].get("attributed_to"))),
    "attributed_by": lambda want, ev: _hit(want, _texts(ev["attribution"].get("attributed_by"))),
    "denied_by": lambda want, ev: _hit(want, _texts(ev["attribution"].get("denied_by"))),
    "modality": lambda want, ev: ev["modality"] in str(want).split("|"),
    "modality_not": lambda want, ev: ev["modality"] != want,
    "stage": lambda want, ev: ev["stage"] in str(want).split("|"),
    "sentence": lambda want, ev: str(want).lower() in _own_sentence(ev).lower(),
}
NOT_MATCHED = {"id", "sentence", "answers", "or"}  # keys of a required event that are not filters


def _variants(spec: dict, *, required: bool) -> list[dict]:
    base = {k: v for k, v in spec.items() if k != "or"}
    variants = [{**base, **alt} for alt in spec.get("or") or [{}]]
    if required:
        variants = [{"modality": "asserted", **v} for v in variants]
    return variants


def _misses(keys: dict, ev: dict, *, skip=NOT_MATCHED) -> list[str]:
    return [k for k, want in keys.items() if k not in skip and not CHECKS[k](want, ev)]


def _matching_ids(spec: dict, events: list[dict]) -> set[str]:
    """Ids of events that satisfy ``spec`` apart from its own retaliation link."""
    return {ev["event_id"] for v in _variants(spec, required=True) for ev in events if not _misses(v, ev)}


def _summary(ev: dict) -> str:
    def fig(key):
        return _number(ev.get(key))

    att = ev["attribution"]
    date = ev.get("date") or {}
    return (f"{ev['type']}/{ev.get('mode')} actors=[{_texts(ev.get('actors'))}] "
            f"recipients=[{_texts(ev.get('recipients'))}] place=[{_place(ev)} | {(ev.get('place') or {}).get('country')}] "
            f"date={date.get('start')}..{date.get('end')} killed={fig('killed')} injured={fig('injured')} "
            f"attr={att['status']} claimed_by=[{_texts(att.get('claimed_by'))}] "
            f"to=[{_texts(att.get('attributed_to'))}] by=[{_texts(att.get('attributed_by'))}] "
            f"denied=[{_texts(att.get('denied_by'))}] {ev['modality']}/{ev['stage']} answers={ev.get('answers')} "
            f"<< {_own_sentence(ev)[:100]}")


def _closest(spec: dict, events: list[dict]) -> str:
    """What the extractor made of the expected sentence (or, failing that, of the same type)."""
    hint = str(spec.get("sentence") or "").lower()
    near = [ev for ev in events if hint and hint in _sentences(ev).lower()]
    near = near or [ev for ev in events if ev["type"] == spec.get("type")]
    if not near:
        return "  nothing from that sentence and no event of that type"
    lines = []
    for ev in near[:5]:
        misses = min((_misses(v, ev) for v in _variants(spec, required=True)), key=len)
        lines.append(f"  misses {misses}: {_summary(ev)}")
    return "\n".join(lines)


# --- the tests -----------------------------------------------------------------------------------

REQUIRED = [pytest.param(name, spec, id=f"{name}-{spec['id']}")
            for name in NAMES for spec in EXPECTED[name].get("events") or []]
FORBIDDEN = [pytest.param(name, spec, id=f"{name}-forbid{i}")
             for name in NAMES for i, spec in enumerate(EXPECTED[name].get("forbid") or [])]


@pytest.mark.parametrize("name", NAMES)
def test_article_is_read_and_extracted(extracted, name):
    extraction = extracted[name]
    assert extraction.skipped is None and not extraction.failures, (extraction.skipped, extraction.failures)
    want = EXPECTED[name]["reference_date"]
    assert extraction.article.reference_date == want, extraction.article.published_why


@pytest.mark.parametrize("name,spec", REQUIRED)
def test_required_event(extracted, name, spec):
    events = _events(extracted, name)
    variants = _variants(spec, required=True)
    found = [ev for v in variants for ev in events if not _misses(v, ev)]
    assert found, f"{name}: no event matches {spec['id']}\n{_closest(spec, events)}"
    if "answers" in spec:
        target = next(s for s in EXPECTED[name]["events"] if s["id"] == spec["answers"])
        earlier = _matching_ids(target, events)
        linked = [ev for ev in found if earlier & set(ev.get("answers") or [])]
        assert earlier, f"{name}: {spec['id']} should answer {spec['answers']}, which was not found"
        assert linked, (f"{name}: {spec['id']} found but its answers do not hold {spec['answers']} "
                        f"{sorted(earlier)}:\n" + "\n".join("  " + _summary(ev) for ev in found))


@pytest.mark.parametrize("name,spec", FORBIDDEN)
def test_forbidden_event(extracted, name, spec):
    bad = [ev for ev in _events(extracted, name) if not _misses(spec, ev, skip=set())]
    assert not bad, f"{name}: forbidden {spec}:\n" + "\n".join("  " + _summary(ev) for ev in bad)


@pytest.mark.parametrize("name", NAMES)
def test_not_flooded(extracted, name):
    events = _events(extracted, name)
    limit = EXPECTED[name]["max_events"]
    assert len(events) <= limit, f"{len(events)} events (at most {limit}):\n" + "\n".join(
        "  " + _summary(ev) for ev in events)


def _span_errors(body: str, ev: dict) -> list[str]:
    errors = []
    for item in ev.get("evidence") or []:
        if body[item["start"]:item["end"]] != item["sentence"]:
            errors.append(f"evidence {item['start']}:{item['end']} != {item['sentence'][:60]!r}")
    spans = [*(ev.get("actors") or []), *(ev.get("recipients") or []), *(ev.get("instruments") or []),
             *(ev.get("reported_by") or []), ev.get("place") or {}]
    for role in ("claimed_by", "attributed_to", "attributed_by", "denied_by"):
        spans += ev["attribution"].get(role) or []
    for item in spans:
        if item.get("start") is not None and body[item["start"]:item["end"]] != item.get("text"):
            errors.append(f"{item.get('text')!r} at {item['start']}:{item['end']} is "
                          f"{body[item['start']:item['end']]!r}")
    return errors


@pytest.mark.parametrize("name", NAMES)
def test_offsets_point_into_the_body(extracted, name):
    body = extracted[name].article.body
    errors = [f"{ev['type']}: {err}" for ev in _events(extracted, name) for err in _span_errors(body, ev)]
    assert all(ev.get("evidence") for ev in _events(extracted, name)), "an event without evidence"
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("name", NAMES)
def test_contract_values(extracted, name):
    events = _events(extracted, name)
    ids = [ev["event_id"] for ev in events]
    assert len(set(ids)) == len(ids), "event ids repeat"
    for ev in events:
        assert ev["doc_id"] == extracted[name].article.doc_id
        assert ev["type"] in PLOVER and ev["modality"] in MODALITIES and ev["stage"] in STAGES, _summary(ev)
        assert ev["attribution"]["status"] in STATUSES, _summary(ev)
        assert set(ev.get("answers") or []) <= set(ids) - {ev["event_id"]}, _summary(ev)


@pytest.mark.parametrize("name", NAMES)
def test_deterministic(extracted, extracted_again, name):
    assert _events(extracted, name) == _events(extracted_again, name)


# --- the same articles with --accuracy standard (rules only) ---------------------------------------
# The default, accuracy=high, adds the learned refiner (titfortat/extract/learned.py), trained on
# 1989-91 MUC-4 wire copy; issue #4: "modern news must not regress for the sake of MUC".  Both
# settings must yield the required events and nothing forbidden: the tests above run the default,
# these the rules alone.


@pytest.fixture(scope="session")
def extracted_rules() -> dict[str, Any]:
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    return _extract([ARTICLES / f"{name}.txt" for name in NAMES], load_extractor(Settings(accuracy="standard")))


@pytest.mark.parametrize("name,spec", REQUIRED)
def test_required_event_with_rules_only(extracted_rules, name, spec):
    test_required_event(extracted_rules, name, spec)


@pytest.mark.parametrize("name,spec", FORBIDDEN)
def test_forbidden_event_with_rules_only(extracted_rules, name, spec):
    test_forbidden_event(extracted_rules, name, spec)


@pytest.mark.parametrize("name", NAMES)
def test_not_flooded_with_rules_only(extracted_rules, name):
    test_not_flooded(extracted_rules, name)
