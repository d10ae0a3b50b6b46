"""Perpetrator cues of a candidate filler's head noun for the learned refiner's role model.

MUC-4 names a perpetrator wherever the text says who did an attack, often outside the attack's
clause: who claimed it, whom a communique blames or a court charges, the "by"-agent of a passive
violent verb, the officer who commanded the troops, the organisation whose members acted.  The cues
are read from the dependency parse through ``learned_features.TokenTable`` (``t``).
"""
from __future__ import annotations

_NAMED = ("ORG", "NORP")

# Words that tell who did an attack, wherever the text names the perpetrator (cue lemmas):
# violent acts whose subject or "by"-agent is the doer,
_VIOLENT = frozenset("""kill murder assassinate attack shoot bomb dynamite kidnap abduct seize capture massacre
execute wound injure burn destroy torture machinegun machine-gun ambush raid storm blow strafe shell fire
hijack rape slay stab detonate plant hurl throw set carry perpetrate commit""".split())
# accusation verbs whose object (or passive subject) is the accused,
_ACCUSE = frozenset("""accuse charge blame indict implicate suspect convict sentence arrest detain identify
hold prosecute try link""".split())
# verbs attributing an act "to" someone, nouns naming the doer, what a claim takes,
_ATTRIBUTE = frozenset("attribute ascribe impute blame link tie".split())
_DOER_NOUNS = frozenset("perpetrator author culprit killer murderer assassin responsible".split())
_CLAIMED = frozenset("responsibility authorship credit".split())
_CLAIM_VERBS = frozenset("claim admit assume accept acknowledge".split())
# the people of an armed organisation: "members of X", "X guerrillas", "troops commanded by Y"
_MEMBER_NOUNS = frozenset("""member troop soldier guerrilla unit commando squad militant man agent officer
fighter rebel column detachment patrol battalion brigade cell group element gunman terrorist policeman guard
sympathizer activist leader commander chief hitman assassin""".split())
_COMMAND_VERBS = frozenset("command lead head order direct send".split())


def perp_cues(t, i: int, depth: int = 0) -> list[str]:
    """Perpetrator cues of the noun at token ``i``: 'perp=claim' (claimed responsibility, "is
    responsible"), 'perp=accused' (blamed, charged, arrested), 'perp=attrib' ("attributed to X"),
    'perp=agent' ("killed by X"), 'perp=subj' (subject of a violent verb), 'perp=cmd' ("troops led
    by X"), 'perp=member' ("members of X", "X guerrillas"), and 'perp=org>CUE': the cue of the
    members an organisation is named with ("FMLN guerrillas carried out ..." -> perp=org>subj)."""
    out: list[str] = []
    while t.dep[i] == "conj" and t.head[i] != i:
        i = t.head[i]
    dep, head = t.dep[i], t.head[i]
    lemma = t.lemma[head]
    kids = t.children[head]
    if dep == "nsubj":
        if lemma in _CLAIM_VERBS and any(t.lemma[k] in _CLAIMED for k in kids):
            out.append("perp=claim")
        elif any(t.dep[k] in ("acomp", "attr") and t.lemma[k] in _DOER_NOUNS for k in kids):
            out.append("perp=claim")
        elif lemma in _VIOLENT:
            out.append("perp=subj")
    elif dep == "nsubjpass" and lemma in _ACCUSE:
        out.append("perp=accused")
    elif dep == "dobj" and lemma in _ACCUSE:
        out.append("perp=accused")
    elif dep == "pobj" and head != i:
        prep, verb = t.lower[head], t.lemma[t.head[head]]
        if prep == "by" and verb in _COMMAND_VERBS:
            out.append("perp=cmd")
        elif prep == "by" and (verb in _VIOLENT or t.dep[head] == "agent"):
            out.append("perp=agent" if verb in _VIOLENT else "perp=byagent")
        elif (prep == "to" and verb in _ATTRIBUTE) or (prep == "on" and verb == "blame"):
            out.append("perp=attrib")
        elif prep == "of" and verb in _MEMBER_NOUNS:
            out.append("perp=member")
            if depth == 0:
                out += [f"perp=org>{c[5:]}" for c in perp_cues(t, t.head[head], 1) if "member" not in c]
    elif (dep in ("compound", "nmod", "poss") or dep == "amod" and (t.pos[i] == "PROPN" or t.ent[i] in _NAMED)) \
            and lemma in _MEMBER_NOUNS and head != i:
        out.append("perp=member")
        if depth == 0:
            out += [f"perp=org>{c[5:]}" for c in perp_cues(t, head, 1) if "member" not in c]
    elif dep == "appos" and depth == 0:
        out += perp_cues(t, head, 1)  # "Colonel X, chief of the police, is responsible"
    return out
