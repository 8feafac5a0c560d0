"""How wide a metric's name is and how it wraps inside its box.

There is no font at build time (the map is drawn in Python, not in the browser), so
widths are estimated, deliberately on the wide side: a box a little too wide looks
fine, text spilling out of its box does not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from course.metrics_map.sizes import FONT_SIZE, MAX_LINES, WRAP_WIDTH, WRAP_WIDTH_LIMIT

__all__ = ["text_width", "wrap_label"]

# Estimated advance widths in em, close to DejaVu Sans, the widest common fallback font.
_NARROW = frozenset("ijlI|!.,:;'`")
_SEMI = frozenset('frt()[]{}-/ "*')
_WIDE = frozenset("mwMW@%")
ELLIPSIS = "\u2026"


def _char_em(ch: str) -> float:
    """One character's advance in em, by the class of glyph it most resembles."""
    if ch in _NARROW:
        return 0.34
    if ch in _SEMI:
        return 0.45
    if ch in _WIDE:
        return 1.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper():
        return 0.78
    if ch.isdigit():
        return 0.66
    return 0.64


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """A conservative estimate of how wide `text` renders, since there is no font at build time."""
    return sum(_char_em(ch) for ch in text) * font_size


def _split_long_word(word: str, limit: float) -> list[str]:
    """Hard-break a word wider than the limit (a URL, a 40-letter compound) so boxes stay bounded."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch) > limit:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def _greedy(words: Sequence[str], limit: float) -> list[str]:
    """Fill each line as far as `limit` allows: the building block of the balanced wrap."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _words(label: str) -> list[str]:
    """The label's words, any word too wide for the widest box broken into pieces that fit."""
    words: list[str] = []
    for word in label.split():
        words.extend(_split_long_word(word, WRAP_WIDTH_LIMIT) if text_width(word) > WRAP_WIDTH_LIMIT else [word])
    return words


def _truncated(lines: Sequence[str], limit: float) -> tuple[str, ...]:
    """The first MAX_LINES lines, the last cut short with an ellipsis that still fits `limit`."""
    kept = list(lines[:MAX_LINES])
    last = kept[-1]
    while last and text_width(last + ELLIPSIS) > limit:
        last = last[:-1].rstrip()
    kept[-1] = last + ELLIPSIS
    return tuple(kept)


def _balanced(words: Sequence[str], limit: float, count: int) -> tuple[str, ...]:
    """The narrowest wrap of `words` that needs no more than `count` lines, found by bisection."""
    low = max(text_width(w) for w in words)
    high = limit
    for _ in range(14):
        middle = (low + high) / 2
        if len(_greedy(words, middle)) <= count:
            high = middle
        else:
            low = middle
    return tuple(_greedy(words, high))


def wrap_label(label: str) -> tuple[str, ...]:
    """Wrap a metric's name onto at most MAX_LINES balanced lines.

    Balanced (the narrowest width that needs no more lines than the preferred width)
    reads better than greedy filling: "Average speed / of answer" beats
    "Average speed of / answer". A label too long even at the widest allowed width is
    cut with an ellipsis; the full name is still in the box's tooltip and in the table.
    """
    words = _words(label)
    if not words:
        return ("",)
    limit = WRAP_WIDTH
    lines = _greedy(words, limit)
    while len(lines) > MAX_LINES and limit < WRAP_WIDTH_LIMIT:
        limit = min(limit + 12.0, WRAP_WIDTH_LIMIT)
        lines = _greedy(words, limit)
    if len(lines) > MAX_LINES:
        return _truncated(lines, limit)
    return _balanced(words, limit, len(lines))
