"""Keywords of ticket texts: Chinese word segmentation (jieba, with its own dictionary, offline) plus
the domain dictionary config/keywords/domain_dict.txt, less the stop words of
config/keywords/stopwords.txt. A keyword is a word of two or more characters, not a number; words
are ranked by how many of the texts use them (document frequency), domain words first on a tie.

The segmenter is built once a process (jieba keeps its prefix dictionary in a cache file, so a later
process loads it in a fraction of the first load's second).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from grassroots import CONFIG_DIR

KEYWORDS_DIR = CONFIG_DIR / "keywords"
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")
_LOCK = threading.Lock()


def _lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@functools.lru_cache(maxsize=4)
def stopwords(path: Path = KEYWORDS_DIR / "stopwords.txt") -> frozenset[str]:
    return frozenset(_lines(path))


@functools.lru_cache(maxsize=4)
def domain_words(path: Path = KEYWORDS_DIR / "domain_dict.txt") -> frozenset[str]:
    return frozenset(line.split()[0] for line in _lines(path))


@functools.lru_cache(maxsize=4)
def tokenizer(path: Path = KEYWORDS_DIR / "domain_dict.txt"):
    """A jieba tokenizer with the domain dictionary added (built once, thread-safe)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _LOCK:
        tk = jieba.Tokenizer()
        tk.initialize()
        for line in _lines(path):
            parts = line.split()
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tk.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)
    return tk


def words(text: str) -> list[str]:
    """The candidate keywords of one text, in order (stop words, single characters, numbers dropped)."""
    if not isinstance(text, str) or not text:
        return []
    stop = stopwords()
    return [w for w in tokenizer().lcut(text) if _WORD.match(w) and w not in stop]


def extract(texts: Iterable[str], k: int = 5, min_share: float = 0.0) -> list[str]:
    """The k words used by the most texts (each text counts a word once); ties: domain words first,
    then the longer word, then the word. A word used by fewer than two texts is left out when there
    are two texts or more, and so is one used by less than `min_share` of them."""
    texts = [t for t in texts if isinstance(t, str) and t]
    if k <= 0 or not texts:
        return []
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(words(t)))
    floor = max(2 if len(texts) >= 2 else 1, min_share * len(texts))
    domain = domain_words()
    ranked = sorted((w for w, n in df.items() if n >= floor), key=lambda w: (-df[w], w not in domain, -len(w), w))
    return ranked[:k]
