"""Made-up personal data: Chinese names, mobile numbers, ID numbers (with a valid check character)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from grassroots.demo import draw, lexicon

_SURNAMES = tuple(lexicon.SURNAMES)
# the commonest surnames are far more frequent (王, 李, 张, 刘, 陈 ... first)
_SURNAME_W = 1.0 / (np.arange(len(_SURNAMES)) + 8.0)
_MOBILE = (
    130,
    131,
    132,
    133,
    135,
    136,
    137,
    138,
    139,
    150,
    151,
    152,
    153,
    155,
    157,
    158,
    159,
    180,
    181,
    182,
    183,
    185,
    186,
    187,
    188,
    189,
)
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = np.array(list("10X98765432"))
_BIRTH_FIRST = np.datetime64("1942-01-01")
_BIRTH_DAYS = int((np.datetime64("2006-12-31") - _BIRTH_FIRST).astype(int))


def names(rng: np.random.Generator, n: int, null: np.ndarray | None = None) -> pa.Array:
    sur = draw.Choice(_SURNAME_W).one(rng, n)
    given = rng.integers(0, len(lexicon.GIVEN_NAMES), n)
    return draw.join(draw.text(_SURNAMES, sur, null), draw.text(lexicon.GIVEN_NAMES, given))


def phones(rng: np.random.Generator, n: int, null: np.ndarray | None = None) -> pa.Array:
    num = np.asarray(_MOBILE, dtype=np.int64)[rng.integers(0, len(_MOBILE), n)] * 10**8 + rng.integers(0, 10**8, n)
    return draw.nullify(draw.number_text(num), null)


def id_numbers(rng: np.random.Generator, n: int, local_prefix: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """18-character resident ID numbers: birthplace (the local district for most), birth date,
    sequence, and the ISO 7064 MOD 11-2 check character; null where `null` is true."""
    others = np.asarray(lexicon.ID_REGION_PREFIXES, dtype=np.int64)[rng.integers(0, len(lexicon.ID_REGION_PREFIXES), n)]
    prefix = np.where(rng.random(n) < 0.6, local_prefix.astype(np.int64), others)
    birth = _BIRTH_FIRST + rng.integers(0, _BIRTH_DAYS + 1, n).astype("timedelta64[D]")
    seq = rng.integers(1, 1000, n)
    keep = np.ones(n, dtype=bool) if null is None else ~null
    body = prefix[keep] * 10**11 + draw.yyyymmdd(birth[keep]) * 1000 + seq[keep]
    digits = (body[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64)) % 10
    check = _ID_CHECK[(digits * _ID_WEIGHTS).sum(axis=1) % 11]
    out = np.full(n, None, dtype=object)
    out[keep] = np.char.add(body.astype(str), check)
    return pa.array(out, pa.string())
