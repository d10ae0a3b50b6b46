"""Parsing (titfortat.extract.nlp) and the extractor's worker processes: the memoised attribute
ruler and lemmatizer give the tokens the spaCy components give, and a corpus extracted by worker
processes gives what one process gives, in input order."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MUC_TST1 = ROOT / "tests" / "data" / "muc4" / "muc4_tst1.jsonl"
ARTICLES = ROOT / "tests" / "data" / "articles"

# Texts for the patterns of the attribute ruler that span two tokens, and the unusual tokens.
ODD_TEXTS = ["There is a bomb in the car. There's no one left, there were two.",
             "Y'all ain't gonna stop us; let's go, c'mon. Gotta run, nothin' else.",
             "THERE IS NO DOUBT THAT THE FMLN IS RESPONSIBLE.", "  \n\n  word", "a", ""]


def _texts() -> list[str]:
    from titfortat.extract.nlp import is_shouting, mask_datelines, truecase

    texts = [json.loads(line)["text"] for line in MUC_TST1.read_text(encoding="utf-8").splitlines()[:25]]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    texts = [mask_datelines(t) for t in texts]
    texts += [truecase(t, frozenset(), frozenset()) for t in texts if is_shouting(t)]
    return texts + ODD_TEXTS


@pytest.fixture(scope="module")
def pipelines():
    import spacy

    from titfortat.extract.nlp import TOKEN_ATTRS_PIPE, load_nlp
    from titfortat.settings import Settings

    model = Settings().spacy_model
    fast = load_nlp(model)
    # the shipped model must get the memoised attribute ruler (a silent fall-back would cost ~10 ms/doc)
    assert TOKEN_ATTRS_PIPE in fast.pipe_names, f"{model}: the attribute ruler was not memoised"
    return fast, spacy.load(model)


def test_memoised_token_attributes_equal_the_spacy_components(pipelines):
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

    fast, plain = pipelines
    attrs = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    texts = _texts()
    for _ in range(2):  # the second round reads every token from the memo
        for text, a, b in zip(texts, fast.pipe(texts, batch_size=8), plain.pipe(texts, batch_size=8)):
            got = [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in a]
            want = [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in b]
            assert got == want, text[:60]
            assert (a.to_array(attrs) == b.to_array(attrs)).all(), text[:60]
            assert [a.has_annotation(x) for x in ("LEMMA", "POS", "MORPH")] == \
                [b.has_annotation(x) for x in ("LEMMA", "POS", "MORPH")]


def test_two_token_patterns_still_apply(pipelines):
    fast, _ = pipelines
    doc = fast("There is a bomb. Let's go.")
    assert doc[1].pos_ == "VERB"  # "there is": the attribute ruler's expletive pattern
    assert [t.lemma_ for t in doc][5:7] == ["let", "us"]


def test_worker_processes_give_the_in_process_extractions_in_order():
    from titfortat.extract import WARMUP
    from titfortat.model import Article
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    records = [json.loads(line) for line in MUC_TST1.read_text(encoding="utf-8").splitlines()[:WARMUP + 6]]
    articles = [Article(doc_id=r["id"], body=r["text"]) for r in records]
    articles.insert(3, Article(doc_id="empty", body="   "))
    one = load_extractor(Settings(processes=1))
    two = dataclasses.replace(one, settings=dataclasses.replace(one.settings, processes=2), nlp=one.nlp)
    serial = list(one.extract_many(articles))
    parallel = list(two.extract_many(articles))
    assert [x.article.doc_id for x in parallel] == [a.doc_id for a in articles]
    assert [[e.to_dict() for e in x.events] for x in parallel] == [[e.to_dict() for e in x.events] for x in serial]
    assert [x.skipped for x in parallel] == [x.skipped for x in serial]
    assert sum(len(x.events) for x in serial) > 0


@pytest.mark.parametrize("text, kept", [
    ("BOGOTA, 18 AUG 89 (INRAVISION TELEVISION CADENA 1) -- [EXCERPTS]\nTHE EXTRADITABLES TODAY CLAIMED",
     "THE EXTRADITABLES TODAY CLAIMED"),
    ("SAN SALVADOR, 12 APR 89 (RADIO VENCEREMOS) -- [REPORT] [MARIBEL OSORIO] [TEXT] THE ARMY SAID", "THE ARMY SAID"),
    ("LIMA, 5 OCT 89 (EFE) -- [TEXT] IN LIMA TODAY, SOURCES SAID", "IN LIMA TODAY, SOURCES SAID"),
])
def test_a_dateline_and_its_editorial_tags_are_blanked(text, kept):
    """ "[EXCERPTS]", "[REPORT] [NAME]" after a dateline are the wire's labels, never a sentence's
    subject ("[excerpts] the Extraditables claimed ..." made "excerpts" the claimant)."""
    from titfortat.extract.nlp import mask_datelines

    masked = mask_datelines(text)
    assert len(masked) == len(text)
    assert masked.strip() == kept


@pytest.mark.parametrize("line", ["FLOOR OF THE CHILEAN-U.S. CULTURAL INSTITUTE, 150 METERS FROM THE",
                                  "   THE U.S. CITIZENS -- TODD RAY WILSON AND JEFFREY BALL -- WERE",
                                  "SELF-DETERMINATION.  THAT IS WHY"])
def test_a_line_of_all_caps_copy_is_no_dateline(line):
    """In wire copy written in capitals every line starts like a place name: only the dateline
    opening the text (or a dated one opening a paragraph) is blanked, never a sentence's words."""
    from titfortat.extract.nlp import mask_datelines

    head = "LIMA, 5 OCT 89 (EFE) -- [TEXT] A BOMB WAS PLACED ON THE 5TH\n"
    text = head + line + "\n\n" + line
    masked = mask_datelines(text)
    assert masked.strip().startswith("A BOMB") and masked.count(line.strip()) == 2


def test_lemma_word_lists_are_held_as_sets(pipelines):
    """The rule lemmatizer asks ``form in index``: sets, not lists of thousands of words."""
    fast, _ = pipelines
    table = fast.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(isinstance(words, frozenset) for words in table.values())


def test_parsing_multiplies_matrices_with_numpy(pipelines):
    """thinc's BLIS is bypassed (3x slower on some CPUs); the test above checks the same tokens."""
    from thinc.backends import NumpyOps

    fast, _ = pipelines
    nodes = [node for _, component in fast.components if hasattr(getattr(component, "model", None), "walk")
             for node in component.model.walk() if isinstance(node.ops, NumpyOps)]
    assert nodes and not any(node.ops.use_blis for node in nodes)
