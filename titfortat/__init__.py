"""titfortat: a pile of news in, an evidence-linked conflict event database out."""
__version__ = "0.3.0"
