"""HTML pages: a pre-clean of appeal boxes, reader comments read from their markup, and the body
and metadata through trafilatura/htmldate (a maintained extractor; we only clean up after it)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..errors import InputError
from ..model import Comment
from . import units as lay
from .dates import find_date
from .segment import Segmented, clean_body
from .tools import Cues

# class/id fragments of boxes trafilatura tends to keep inside articles.
_BOX = re.compile(r"donat|newsletter|subscri|sign-?up|paywall|promo|appeal|support-?us|membership|"
                  r"share|social|related|advert|cookie|login|register|byline-bio", re.I)
_COMMENT_ITEM = re.compile(r"(?:^|\s)(?:comment|comment-item|c-comment|post-comment|disqus-post)(?:$|\s)", re.I)
_COMMENT_AREA = re.compile(r"(?:^|\s)(?:comments?|comments-area|comment-list|commentlist|comment-respond|"
                           r"comment-form|disqus_thread|respond|discussion|reader-comments)(?:$|\s)", re.I)
_AUTHOR = re.compile(r"author|name|user|fn\b|by", re.I)
_TIME = re.compile(r"date|time|meta|stamp", re.I)
_TEXT = re.compile(r"content|body|text|message", re.I)
# Containers larger than this (words) are never dropped by the text-cue pre-clean.
_MAX_BOX_WORDS = 200


@dataclass
class _Cleaned:
    html: str
    boilerplate: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def _marks(element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _own_nodes(item) -> list:
    """Descendants of a comment element, not descending into nested replies (their own items)."""
    nodes, stack = [], list(reversed(item))
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str) or _COMMENT_ITEM.search(_marks(node)):
            continue
        nodes.append(node)
        stack.extend(reversed(node))
    return nodes


def _comment(item) -> Optional[Comment]:
    """One comment from an element holding author, time and text."""
    author = timestamp = stamp_text = None
    parts: list[str] = []
    for node in _own_nodes(item):
        marks = _marks(node)
        if node.tag == "time" or (_TIME.search(marks) and timestamp is None and stamp_text is None):
            stamp_text = _text(node) or node.get("datetime")
            found = find_date(node.get("datetime") or stamp_text or "")
            timestamp = found.iso() if found else None
        elif (_AUTHOR.search(marks) or node.tag == "cite") and author is None:
            author = lay.says_name(_text(node)) or _text(node) or None
        elif node.tag == "p" or (_TEXT.search(marks) and not node.findall(".//p")):
            if _text(node):
                parts.append(_text(node))
    if not parts:
        return None
    return Comment(author=author, timestamp=timestamp, text="\n\n".join(parts), timestamp_text=stamp_text)


def _take_comments(root) -> list[Comment]:
    """Comments from elements marked as comments; the comment area is removed from the tree."""
    items = [el for el in root.iter() if isinstance(el.tag, str) and _COMMENT_ITEM.search(_marks(el))
             and el.tag in ("li", "article", "div", "section")]
    comments = [c for c in (_comment(item) for item in items) if c is not None]
    for area in [el for el in root.iter() if isinstance(el.tag, str) and el.tag in ("section", "div", "ol", "ul", "aside")
                 and _COMMENT_AREA.search(_marks(el))]:
        if area.getparent() is not None:
            area.getparent().remove(area)
    return comments


def _preclean(html: str, cues: Cues) -> _Cleaned:
    """Drop appeal/newsletter/share boxes (by class/id or by cue density) and lift out comments."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"HTML could not be parsed ({exc})", code="bad-html") from exc
    cleaned = _Cleaned(html="")
    cleaned.comments = _take_comments(root)
    dropped: set = set()
    for element in list(root.iter("div", "aside", "section", "form", "p", "figure")):
        if element.getparent() is None or any(up in dropped for up in element.iterancestors()):
            continue
        text = _text(element)
        words = len(text.split())
        boxed = bool(_BOX.search(_marks(element))) and words <= _MAX_BOX_WORDS
        if boxed or (text and words <= _MAX_BOX_WORDS and lay.is_boilerplate(text, cues)):
            if text:
                cleaned.boilerplate.append(text)
            dropped.add(element)
            element.drop_tree()
    cleaned.html = lxml.html.tostring(root, encoding="unicode")
    return cleaned


def _extract(html: str, url: Optional[str]):
    import trafilatura

    try:
        return trafilatura.bare_extraction(html, url=url, include_comments=True, with_metadata=True,
                                           include_tables=False)
    except RecursionError as exc:
        raise InputError("HTML nested too deeply to extract", code="bad-html") from exc
    except (ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"HTML extraction failed ({type(exc).__name__}: {exc})", code="bad-html") from exc


@dataclass
class HtmlParts:
    """Segmented parts plus what the extractor read from the page's metadata."""

    parts: Segmented
    date: Optional[str] = None


def segment_html(html: str, *, cues: Cues, url: Optional[str]) -> HtmlParts:
    """Body, title, author, standfirst, topics, comments and boilerplate of an HTML page."""
    try:
        cleaned = _preclean(html, cues)
    except RecursionError as exc:
        raise InputError("HTML nested too deeply to parse", code="bad-html") from exc
    document = _extract(cleaned.html, url)
    if document is None or not (document.text or "").strip():
        raise InputError("no article text found in the HTML", code="empty")
    lines = document.text.split("\n")
    if document.title and lines and lines[0].strip() == document.title.strip():
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    parts = clean_body("\n\n".join(line.strip() for line in lines if line.strip()),
                       cues=cues, author=document.author)
    parts.title = document.title or None
    parts.standfirst = document.description or None
    parts.topics = list(dict.fromkeys([*(document.categories or []), *(document.tags or [])]))
    parts.boilerplate = [*cleaned.boilerplate, *parts.boilerplate]
    parts.comments = cleaned.comments or _comments_from_text(document.comments)
    return HtmlParts(parts, date=document.date or None)


def _comments_from_text(text: Optional[str]) -> list[Comment]:
    """trafilatura's comment text (authors and times are usually lost): one comment per line."""
    if not text:
        return []
    return [Comment(author=None, timestamp=None, text=line.strip()) for line in text.split("\n") if line.strip()]
