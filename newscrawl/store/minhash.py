"""MinHash values and LSH band sizes exactly as datasketch makes them, with numpy alone.

The near-duplicate stage needs two things from datasketch: the values of a
MinHash (its ``affine32`` permutation scheme, datasketch's default since 2.0)
and the band/row split ``MinHashLSH`` chooses for a threshold. Importing
datasketch imports scipy (``scipy.integrate``, for that split): 53 MB of
resident memory and 0.6 s of CPU in every process that clusters or signs a
text, the crawl process included, for about twenty lines of arithmetic. So
the arithmetic is here, and ``tests/test_clusters.py`` checks it bit for bit
against datasketch (a test dependency only): the values, for texts of every
size and several seeds and permutation counts, and the split, for thresholds
and permutation counts across their range. Signatures already stored stay
comparable; owning the arithmetic also keeps a future datasketch default from
changing the values of new signatures under the stored ones.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

#: datasketch's name of the scheme (stored with every signature).
SCHEME = "affine32"
#: MurmurHash3's 32-bit finalizer: shift, multiplier, shift, multiplier, shift.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35),
           np.uint32(16))


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` of the affine permutations ``a * h + b mod 2**32``, drawn
    from ``seed`` as datasketch draws them (``a`` odd, so each is a bijection).
    Cached: drawing them cost more than hashing a short text."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    values = values ^ (values >> s1)
    values = values * m1
    values = values ^ (values >> s2)
    values = values * m2
    return values ^ (values >> s3)


def minhash_values(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The MinHash (``num_perm`` uint32 values) of a set given by the 32-bit
    hashes of its members (at least one): what ``MinHash(num_perm, seed)``
    holds after ``update_batch`` of those hashes with an identity hash
    function. Multiplication wraps around in uint32: that is the modulo."""
    a, b = permutations(num_perm, seed)
    mixed = _fmix32(np.asarray(hashes, dtype=np.uint32).reshape(-1, 1))
    return (mixed * a + b).min(axis=0)


@lru_cache(maxsize=8)
def lsh_bands(threshold: float, num_perm: int,
              weights: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int]:
    """``(bands, rows)`` as ``MinHashLSH(threshold, num_perm, weights)`` chooses
    them: of every ``bands * rows <= num_perm``, the one with the least
    weighted sum of the false-positive probability (the integral of
    ``1 - (1 - s**r)**b`` over similarities below the threshold) and the
    false-negative one (the integral of ``(1 - s**r)**b`` above it).

    datasketch integrates with scipy's adaptive quadrature; the integrands
    are polynomials of degree at most ``num_perm``, which Gauss-Legendre
    quadrature with ``num_perm // 2 + 1`` nodes integrates exactly."""
    fp_weight, fn_weight = weights
    nodes, node_weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)],
                     dtype=float)
    bands, rows = pairs[:, :1], pairs[:, 1:]

    def integral(low: float, high: float, false_negative: bool) -> np.ndarray:
        half = (high - low) / 2
        s = half * nodes + (high + low) / 2
        miss = (1 - s ** rows) ** bands  # a pair of similarity s shares no band
        return half * ((miss if false_negative else 1 - miss) @ node_weights)

    error = (fp_weight * integral(0.0, threshold, False)
             + fn_weight * integral(threshold, 1.0, True))
    best = int(np.argmin(error))  # the first of equal ones, as datasketch's loop
    if pairs[best, 0] < 2:  # datasketch refuses it the same way
        raise ValueError(f"threshold {threshold} with {num_perm} permutations gives one band "
                         "(at least two are needed)")
    return int(pairs[best, 0]), int(pairs[best, 1])
