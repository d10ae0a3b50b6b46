"""JSONL records: documented keys only, doc_id rules, MUC-4 datelines."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from titfortat.errors import InputError
from titfortat.ingest import article_from_record, read_sources
from titfortat.ingest import dates
from titfortat.model import Article

MUC = Path(__file__).resolve().parents[1] / "data" / "muc4" / "muc4_tst1.jsonl"
TEXT = "Gunmen attacked a police post on Friday, killing three officers, the interior ministry said."


@pytest.fixture(scope="module")
def muc_records():
    return [json.loads(line) for line in MUC.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_muc_records_ingest_with_dateline_dates(settings, tools):
    articles = list(read_sources([str(MUC)], settings=settings, tools=tools))
    assert len(articles) == 100 and all(isinstance(a, Article) for a in articles)
    first = articles[0]
    assert first.doc_id == "TST1-MUC3-0001" and first.format == "jsonl"
    assert first.reference_date == dt.date(1990, 2, 4) and first.published == "1990-02-04"
    assert first.published_why.startswith("dateline 'GUATEMALA CITY, 4 FEB 90 (ACAN-EFE)'")
    assert first.extras["dateline"] == "GUATEMALA CITY, 4 FEB 90 (ACAN-EFE)"
    assert first.body.startswith("GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- [TEXT] THE GUATEMALA ARMY\nDENIED")
    assert first.body.endswith("AND BURNED A TANK TRUCK.") and first.language == "en"
    dated = [a for a in articles if a.reference_date]
    assert len(dated) >= 90  # the rest say "NO DATE" in their dateline
    assert all(not a.comments and not a.boilerplate for a in articles)


def test_undocumented_keys_do_not_change_the_article(muc_records, settings, tools):
    record = muc_records[0]
    documented = {k: v for k, v in record.items() if k in ("id", "text", "html", "url", "title", "published", "source")}
    assert set(record) - set(documented)  # MUC has templates, dateline, relevant, set
    full = article_from_record(record, origin="o", settings=settings, tools=tools).to_dict()
    bare = article_from_record(documented, origin="o", settings=settings, tools=tools).to_dict()
    assert full == bare


@pytest.mark.parametrize("record,doc_id", [
    ({"id": "abc", "url": "https://x.example/a", "text": TEXT}, "abc"),
    ({"url": "https://x.example/2019/05/03/a", "text": TEXT}, "https://x.example/2019/05/03/a"),
    ({"text": TEXT}, "file.jsonl#3"),
])
def test_doc_id_rules(record, doc_id, settings, tools):
    assert article_from_record(record, origin="file.jsonl#3", settings=settings, tools=tools).doc_id == doc_id


def test_record_metadata(settings, tools):
    record = {"id": "r", "text": TEXT, "title": "Police post attacked", "published": "2019-05-03T10:00:00Z",
              "source": "Wire", "url": "https://x.example/2018/01/01/a"}
    article = article_from_record(record, origin="o", settings=settings, tools=tools)
    assert (article.title, article.source, article.body) == ("Police post attacked", "Wire", TEXT)
    assert article.published == "2019-05-03T10:00:00Z" and article.reference_date == dt.date(2019, 5, 3)
    assert article.published_why.startswith("metadata")


def test_record_date_from_url_then_unknown(settings, tools):
    by_url = article_from_record({"url": "https://x.example/2019/05/03/a", "text": TEXT}, origin="o",
                                 settings=settings, tools=tools)
    assert by_url.reference_date == dt.date(2019, 5, 3) and by_url.published_why.startswith("url:")
    unknown = article_from_record({"id": "u", "text": TEXT}, origin="o", settings=settings, tools=tools)
    assert unknown.published is None and unknown.reference_date is None
    assert unknown.published_why.startswith("unknown")


def test_html_record(settings, tools):
    html = "<html><body><article><h1>Head</h1><p>" + TEXT + " " + TEXT + "</p></article></body></html>"
    article = article_from_record({"id": "h", "html": html, "title": "Given title"}, origin="o",
                                  settings=settings, tools=tools)
    assert article.format == "jsonl" and article.title == "Given title" and TEXT in article.body


@pytest.mark.parametrize("record,code", [
    ({"id": "x", "text": 12}, "bad-record"),
    ({"id": True, "text": TEXT}, "bad-record"),
    ({"id": "x", "text": TEXT, "published": 2020}, "bad-record"),
    ({"id": "x", "text": "   "}, "empty"),
    ({"id": "x"}, "empty"),
    (["a list"], "bad-record"),
])
def test_bad_records_raise_clear_errors(record, code, settings, tools):
    with pytest.raises(InputError) as info:
        article_from_record(record, origin="o", settings=settings, tools=tools)
    assert info.value.code == code and "\n" not in info.value.message


@pytest.mark.parametrize("text,date", [
    ("SAN SALVADOR, 15 MAR 89 (RADIO VENCEREMOS) -- [TEXT] THE ARMY", dt.date(1989, 3, 15)),
    ("MANAGUA (NICARAGUA), 11 DEC 89 (RADIO SANDINO) -- [TEXT] X", dt.date(1989, 12, 11)),
    ("BAGHDAD, March 11 (Reuters) - Rockets", None),
])
def test_datelines(text, date):
    match = dates.DATELINE.match(text)
    assert match is not None
    assert dates.dateline_date(match.group("date") or "", year_hint=None) == date


def test_dateline_year_from_hint():
    assert dates.dateline_date("Jan 29", year_hint=dt.date(2018, 1, 30)) == dt.date(2018, 1, 29)
    assert dates.dateline_date("Dec 30", year_hint=dt.date(2018, 1, 2)) == dt.date(2017, 12, 30)
    assert dates.DATELINE.match("US-led forces - struck") is None
