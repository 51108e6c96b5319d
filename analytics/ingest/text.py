"""Text as the importer reads it: page text split into blocks, paragraphs bounded, accents off."""

from __future__ import annotations

import re
import unicodedata

from analytics.ingest import limits

# Words that say nothing about a place or an event (skipped in place names and ids).
STOP_WORDS = frozenset(
    "a an and at between by for from in into of on the to with iisg meeting meetings "
    "secretariat s".split()
)


def plain(text: str) -> str:
    """The text without accents (combining marks dropped), as the patterns match it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def bounded(paragraph: str) -> str:
    """The paragraph, cut at a word before ``limits.MAX_PARAGRAPH_CHARS`` when longer."""
    if len(paragraph) <= limits.MAX_PARAGRAPH_CHARS:
        return paragraph
    cut = paragraph[: limits.MAX_PARAGRAPH_CHARS]
    space = cut.rfind(" ")
    return cut[:space] if space > limits.MAX_PARAGRAPH_CHARS // 2 else cut


def _is_paragraph(chunk: str) -> bool:
    sentence = bool(re.search(r"[.!?](?:\s|$)", chunk)) and len(chunk.split()) > 6
    return len(chunk) > 160 or sentence


def split_blocks(text: str) -> list[tuple[str, str]]:
    """Split the Events page text into (title, paragraph) pairs.

    The page is a heading ("Events"), then per event a title line, a blank line and a
    paragraph. A short line followed by a title and a paragraph is a heading and is skipped;
    a title written directly above its paragraph (no blank line) is split off.

    Args:
        text: The page text.

    Returns:
        One (title, paragraph) per event, whitespace normalised.
    """
    chunks: list[str] = []
    for raw in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
        if len(lines) > 1 and not _is_paragraph(lines[0]) and _is_paragraph(" ".join(lines[1:])):
            chunks.extend([lines[0], " ".join(" ".join(lines[1:]).split())])
        elif lines:
            chunks.append(" ".join(" ".join(lines).split()))
    pairs: list[tuple[str, str]] = []
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        following = chunks[index + 1] if index + 1 < len(chunks) else None
        after = chunks[index + 2] if index + 2 < len(chunks) else None
        if following is None or _is_paragraph(chunk):
            index += 1  # a paragraph without a title, or a last line alone
        elif _is_paragraph(following) or after is None or not _is_paragraph(after):
            pairs.append((chunk, following))
            index += 2
        else:
            index += 1  # a heading above a title and its paragraph
    return pairs
