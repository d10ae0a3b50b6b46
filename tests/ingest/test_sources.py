"""Paths, folders, globs, stdin, gzip and every kind of bad input: a Failure each, batch goes on."""
from __future__ import annotations

import gzip
import io
import json
import os
import random

import pytest

from titfortat.ingest import read_sources
from titfortat.model import Article, Failure

GOOD = "Rockets hit the base\n\nRockets struck the base north of the city on Monday, killing two soldiers, officials said.\n"


def _read(paths, settings, tools, **kwargs):
    return list(read_sources([str(p) for p in paths], settings=settings, tools=tools, **kwargs))


def _gz_truncated(text: str) -> bytes:
    data = gzip.compress(text.encode() * 50)
    return data[: len(data) // 2]


def _random_high_bytes() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(128, 256) for _ in range(3000))


BAD = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t\n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("blob.html", bytes(range(256)) * 20, "binary"),
    ("garbage.txt", _random_high_bytes(), "encoding"),
    ("cut.txt.gz", _gz_truncated(GOOD), "bad-gzip"),
    ("notgz.txt.gz", b"this is not gzip data at all", "bad-gzip"),
]


@pytest.mark.parametrize("name,data,code", BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_one_failure_and_the_batch_goes_on(tmp_path, name, data, code, settings, tools):
    bad, good = tmp_path / name, tmp_path / "good.txt"
    bad.write_bytes(data)
    good.write_text(GOOD, encoding="utf-8")
    failure, article = _read([bad, good], settings, tools)
    assert isinstance(failure, Failure) and failure.code == code and failure.source == str(bad)
    assert "\n" not in failure.reason and failure.stage == "ingest"
    assert isinstance(article, Article) and article.title == "Rockets hit the base"


def test_fifty_megabyte_single_line(tmp_path, settings, tools):
    line = b"A" * 50_000_000
    text_file, jsonl_file = tmp_path / "huge.txt", tmp_path / "huge.jsonl"
    text_file.write_bytes(line)
    jsonl_file.write_bytes(b'{"id": "big", "text": "' + line + b'"}\n' + json.dumps({"id": "ok", "text": GOOD}).encode())
    results = _read([text_file, jsonl_file], settings, tools)
    assert [(type(r).__name__, getattr(r, "code", None)) for r in results] == [
        ("Failure", "too-large"), ("Failure", "too-large"), ("Article", None)]
    assert "line 1" in results[1].reason and results[2].doc_id == "ok"


def test_text_over_max_chars(tmp_path, settings, tools):
    path = tmp_path / "long.txt"
    path.write_text("word " * 2000, encoding="utf-8")
    [failure] = _read([path], settings.replace(max_chars=5000), tools)
    assert failure.code == "too-large"


def test_jsonl_bad_lines_each_fail_with_their_line_number(tmp_path, settings, tools):
    lines = [json.dumps({"id": "a", "text": GOOD}), "{broken json", json.dumps({"id": "b", "text": 5}),
             json.dumps(["not", "an", "object"]), "", json.dumps({"id": "c", "title": "no text"}),
             json.dumps({"id": ["x"], "text": GOOD}), json.dumps({"id": 7, "text": GOOD})]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _read([path], settings, tools)
    summary = [(r.doc_id, None) if isinstance(r, Article) else (r.source, r.code) for r in results]
    assert summary == [("a", None), (f"{path}:2", "bad-json"), (f"{path}:3", "bad-record"),
                       (f"{path}:4", "bad-record"), (f"{path}:6", "empty"), (f"{path}:7", "bad-record"),
                       ("7", None)]
    assert results[2].reason.startswith("line 3: 'text' must be a string")


def test_truncated_jsonl_gzip_keeps_records_before_the_cut(tmp_path, settings, tools):
    body = "".join(json.dumps({"id": f"r{i}", "text": GOOD + f" Record {i}."}) + "\n" for i in range(300))
    data = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    results = _read([path], settings, tools)
    assert isinstance(results[-1], Failure) and results[-1].code == "bad-gzip"
    assert all(isinstance(r, Article) for r in results[:-1]) and len(results) > 1


def test_folder_recursion_is_sorted_and_skips_unsupported(tmp_path, settings, tools):
    for rel in ("b.txt", "a.txt", "sub/c.txt", "A/z.txt", ".hidden.txt", "pic.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(GOOD, encoding="utf-8")
    results = _read([tmp_path], settings, tools)
    names = [os.path.relpath(r.source if isinstance(r, Failure) else r.doc_id, tmp_path) for r in results]
    assert names == ["a.txt", "b.txt", "pic.png", "A/z.txt", "sub/c.txt"]
    assert [r.code for r in results if isinstance(r, Failure)] == ["unsupported"]


def test_symlink_loops_are_detected(tmp_path, settings, tools):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(root, root / "sub" / "back")
    os.symlink(tmp_path / "y.txt", tmp_path / "x.txt")
    os.symlink(tmp_path / "x.txt", tmp_path / "y.txt")
    results = _read([root, tmp_path / "x.txt"], settings, tools)
    assert [type(r).__name__ for r in results] == ["Failure", "Article", "Failure"]
    assert results[0].code == "symlink-loop" and results[2].code == "symlink-loop"


def test_missing_paths_and_globs(tmp_path, settings, tools):
    (tmp_path / "one.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "two.txt").write_text(GOOD, encoding="utf-8")
    results = _read([tmp_path / "nope.txt", tmp_path / "*.txt", tmp_path / "*.html"], settings, tools)
    assert [getattr(r, "code", None) for r in results] == ["not-found", None, None, "not-found"]
    assert [r.doc_id for r in results[1:3]] == [str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]


@pytest.mark.parametrize("data,kind", [
    (GOOD.encode(), "text"),
    (gzip.compress(GOOD.encode()), "text"),
    (json.dumps({"id": "s1", "text": GOOD}).encode() + b"\n", "jsonl"),
])
def test_stdin(data, kind, settings, tools):
    [article] = list(read_sources(["-"], settings=settings, tools=tools, stdin=io.BytesIO(data)))
    assert article.body.startswith("Rockets struck")
    assert article.doc_id == ("s1" if kind == "jsonl" else "-")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16", "latin-1", "utf-8-sig"])
def test_encodings(tmp_path, encoding, settings, tools):
    text = "Attaque à la roquette\n\nDes roquettes ont frappé la base près de la ville lundi, tuant deux soldats, selon les autorités."
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    [article] = _read([path], settings, tools)
    assert article.title == "Attaque à la roquette" and article.body.endswith("selon les autorités.")
    assert article.language == "fr"


def test_gzipped_html_and_text(tmp_path, settings, tools):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(GOOD.encode()))
    [article] = _read([tmp_path / "a.txt.gz"], settings, tools)
    assert article.format == "text" and article.title == "Rockets hit the base"


def test_language_model_is_loaded_once_per_process():
    """Loading py3langid costs about 0.5 s: a second ingest run must not pay it again."""
    from titfortat.ingest.tools import IngestTools, language_identifier

    first, second = IngestTools.create(), IngestTools.create()
    assert first.language("The army said rebels attacked the town.")[0] == "en"
    assert second.language("El ejército dijo que los rebeldes atacaron el pueblo.")[0] == "es"
    assert language_identifier.cache_info().misses <= 1
