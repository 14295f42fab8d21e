"""Vectorised drawing and column building for the generators (numpy in, Arrow columns out)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class Choice:
    """Weighted choice among k options, with one row of weights per group (rows may end in zeros).

    `choice(rng, groups)` draws one option index per entry of `groups` in one vectorised step:
    the rows' cumulative weights are laid end to end, row g shifted by g, and searched at g + U(0,1).
    """

    def __init__(self, weights):
        w = np.atleast_2d(np.asarray(weights, dtype=float))
        sums = w.sum(axis=1, keepdims=True)
        if (sums <= 0).any():
            raise ValueError("every row of weights needs a positive sum")
        cum = np.cumsum(w / sums, axis=1)
        cum[:, -1] = 1.0
        self.k = w.shape[1]
        self.flat = (cum + np.arange(len(w))[:, None]).ravel()

    def __call__(self, rng: np.random.Generator, groups) -> np.ndarray:
        groups = np.asarray(groups, dtype=np.int64)
        u = rng.random(len(groups)) + groups
        idx = np.searchsorted(self.flat, u, side="right")
        return np.minimum(idx - groups * self.k, self.k - 1)

    def one(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n draws from the first row."""
        return self(rng, np.zeros(n, dtype=np.int64))


def padded(rows: list, fill=0.0) -> np.ndarray:
    """A ragged list of weight rows as a rectangular array padded with `fill`."""
    k = max(len(r) for r in rows)
    out = np.full((len(rows), k), fill, dtype=float)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def within(rng: np.random.Generator, start: np.ndarray, count: np.ndarray) -> np.ndarray:
    """A uniform index in start .. start + count - 1 for each entry."""
    return start + np.minimum((rng.random(len(start)) * count).astype(np.int64), count - 1)


def lognormal_minutes(rng: np.random.Generator, median: np.ndarray, sigma: float) -> np.ndarray:
    return median * rng.lognormal(0.0, sigma, len(median))


def seq_in_day(day: np.ndarray) -> np.ndarray:
    """1, 2, 3 ... within each run of equal (sorted) day numbers."""
    first = np.searchsorted(day, day, side="left")
    return np.arange(len(day)) - first + 1


def yyyymmdd(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> int64 like 20261120."""
    y = days.astype("datetime64[Y]").astype(np.int64) + 1970
    m = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    d = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    return y * 10000 + m * 100 + d


def ids(prefix: str, ymd: np.ndarray, seq: np.ndarray, width: int) -> pa.Array:
    """'SQ' + 20261120 (ymd, see `yyyymmdd`) + zero-padded sequence, e.g. SQ20261120000123."""
    num = ymd * 10**width + seq
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(num), pa.string()), "")


def text(values, idx: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """values[idx] as an Arrow string column, null where `null` is true."""
    return nullify(pc.take(pa.array(list(values), pa.string()), pa.array(idx)), null)


def nullify(arr: pa.Array, null: np.ndarray | None) -> pa.Array:
    """arr with nulls where `null` is true."""
    if null is None or not null.any():
        return arr
    return pc.if_else(pa.array(null), pa.scalar(None, arr.type), arr)


def join(*parts, skip_nulls: bool = False) -> pa.Array:
    """Concatenate string columns and literals element-wise: null if any part is null, or with
    `skip_nulls` the null parts left out."""
    return pc.binary_join_element_wise(*parts, "", null_handling="skip" if skip_nulls else "emit_null")


def number_text(num: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(num), pa.string())


def masked(arr: np.ndarray, null: np.ndarray, type_=None) -> pa.Array:
    return pa.array(arr, type=type_, mask=null)
