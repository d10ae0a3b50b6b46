"""Numbers written in words or digits ("two", "14", "a dozen", "1,200")."""
from __future__ import annotations

import re
from typing import Optional

UNITS = {
    "zero": 0, "no": 0, "none": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "couple": 2, "both": 2,
    "twin": 2, "pair": 2,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "dozens": 24, "scores": 40, "hundreds": 200}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
}


def parse_number(text: str) -> Optional[int]:
    """Parse "14", "1,200", "two", "twenty-four", "a dozen", "three hundred"; None if not a number."""
    t = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+", t):
        return int(t)
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    if t in ORDINALS:
        return ORDINALS[t]
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s\-]+", t):
        if word in ("and", "about", "some", "around", "nearly", "almost", "at", "least", "more", "than", "over", "up", "to"):
            continue
        if word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            seen = True
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif re.fullmatch(r"\d+", word):
            current += int(word)
            seen = True
        else:
            return None
    return total + current if seen else None
