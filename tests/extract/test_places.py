"""Where an event happened, on short synthetic texts (the rules of ``extract/roles.py``)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def place_of():
    """text -> (place text, country) of its first event."""
    from titfortat.model import Article
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    extractor = load_extractor(Settings(accuracy="standard"))

    def run(text: str):
        event = extractor.extract(Article(doc_id="t", body=text)).events[0]
        return (event.place.text, event.place.country) if event.place else None
    return run


@pytest.mark.parametrize("text, expected", [
    ("Gunmen bombed the embassy of Japan in Lima on Tuesday, police said.", ("Lima", "PER")),
    ("Gunmen bombed the embassy of Japan on Tuesday, police said.", None),
    ("Rebels attacked the town of Djibo on Tuesday.", ("Djibo", "BFA")),
])
def test_an_embassy_stands_where_it_is_not_in_the_country_it_belongs_to(place_of, text, expected):
    """ "The embassy of Japan" names its owner, not its place; "the town of Djibo" names the town."""
    assert place_of(text) == expected
