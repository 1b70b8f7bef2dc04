"""MinHash signatures and the LSH band split, in numpy: bit for bit datasketch 2.0.0.

The signing half of the near-duplicate clusters (:mod:`newscrawl.store.clusters`
compares and stores). It reproduces what the project used datasketch for:

- ``MinHash(num_perm, seed).update_batch(shingles)`` with the default
  ``"affine32"`` scheme: the first four bytes of each shingle's SHA-1 read as a
  little-endian uint32 (``datasketch.hashfunc.sha1_hash32``), pre-mixed with
  the MurmurHash3 32-bit finalizer (``datasketch.minhash._fmix``), then
  ``a * h + b`` wrapping in uint32 with ``a`` odd and ``b`` drawn from
  ``np.random.RandomState(seed)`` (``MinHash._init_permutations``); the
  signature is the minimum over the shingles;
- ``MinHashLSH(threshold, num_perm, weights=(0.1, 0.9))``'s ``(b, r)``
  (``datasketch.lsh._optimal_param``): the pair minimising the weighted
  false-positive and false-negative probabilities, integrated over [0, t] and
  [t, 1], first minimum in datasketch's order (``b`` then ``r`` ascending).

Why not datasketch itself: its package ``__init__`` imports every index,
``datasketch.lsh`` imports ``scipy.integrate`` (for ``quad``), and there is no
import path to ``MinHash`` that skips the package ``__init__`` (2.0.0). In a
fresh interpreter that was +53 MB resident (32 MB anonymous) and 0.48 s of
CPU to import and sign a text, against +5 MB and 0.02 s here, held by the
extraction pool's fork server and so shared by every worker (a 1,000-page
crawl's peak PSS 443 -> 395 MB; docs/throughput.md, "Signing without
datasketch"), for what is numpy arithmetic and one table of integrals. The
integrands are polynomials in ``s`` of degree ``r * b <= num_perm``, so
Gauss-Legendre quadrature with ``num_perm // 2 + 1`` nodes integrates them
exactly (up to rounding), where scipy's ``quad`` is adaptive; the chosen
``(b, r)`` equal datasketch's for every threshold 0.05..0.95 (step 0.01) and
num_perm 16..256 (``bench/minhash_signing.py --band-grid``). datasketch stays a test dependency: ``tests/test_minhash.py`` holds
signatures and band splits to it, and ``tests/test_clusters_compat.py`` to what
main stored with it.

Signing is done where texts are extracted: the extraction pool's fork server
warms it once for every worker, inline extraction
(``NEWSCRAWL_EXTRACT_WORKERS=0``) and the command-line tools. The worker signs
the text as the agencies stage will leave it (credit line out) and cuts the
signature into its band keys, so the crawl process gets everything the lookup
needs (:class:`~newscrawl.store.clusters.TextSignature`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from newscrawl.store.clusters import ClusterParams, Signature, TextSignature, band_keys

#: datasketch's default permutation scheme since 2.0.0, stored with every signature.
SCHEME = "affine32"
#: Weights of the false-positive and false-negative probabilities in the band
#: split. Recall is weighted first: every candidate is verified against its
#: stored signature, so a false candidate costs a comparison, a missed one
#: splits a story.
BAND_WEIGHTS = (0.1, 0.9)

#: Cells (nodes x pairs) of the band split's table evaluated at once: 16 MB.
_BAND_TABLE_CELLS = 2_000_000

_WORD = re.compile(r"\w+", re.UNICODE)
# MurmurHash3's 32-bit finalizer (fmix32)
_FMIX_MULTIPLIERS = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))


def shingles(text: str, size: int) -> set[bytes]:
    """Lower-cased word ``size``-grams; a text shorter than that is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    # the windows are the rows of ``size`` shifted word lists, joined in C
    return set(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(size))))))


def sha1_hash32(grams: Iterable[bytes]) -> np.ndarray:
    """The first four bytes of each value's SHA-1 as a little-endian uint32
    (datasketch's default hash), without a Python call per value."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(gram).digest() for gram in grams])
    # a digest is 20 bytes: five uint32, the first is the hash
    return np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, a bijection on uint32 (multiplications wrap)."""
    first, second = _FMIX_MULTIPLIERS
    values = values ^ (values >> np.uint32(16))
    values = values * first
    values = values ^ (values >> np.uint32(13))
    values = values * second
    return values ^ (values >> np.uint32(16))


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` of the affine permutations, drawn as datasketch draws
    them (one generator: all ``a`` first, then all ``b``). Cached: drawing them
    cost more than hashing a short text."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False
    return a, b


def minhash_values(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The MinHash signature (uint32, ``num_perm`` values) of a non-empty set
    of 32-bit hashes: for each permutation, the least permuted value."""
    a, b = permutations(num_perm, seed)
    mixed = _fmix32(hashes.reshape(-1, 1))
    return (mixed * a + b).min(axis=0)


@lru_cache(maxsize=8)
def band_split(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(b, r)``: the signature is cut into ``b`` bands of ``r`` values, as
    datasketch's ``MinHashLSH`` chooses them for ``threshold``
    (:data:`BAND_WEIGHTS`). Like it, refuses a split of fewer than two bands.

    The false-positive probability of a pair is ``1 - (1 - s**r)**b``
    integrated over Jaccard similarity ``s`` in [0, threshold], the
    false-negative one ``(1 - s**r)**b`` over [threshold, 1]; both integrands
    are polynomials of degree ``b * r <= num_perm``, which Gauss-Legendre with
    ``num_perm // 2 + 1`` nodes integrates exactly."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("threshold must be in [0.0, 1.0]")
    if num_perm < 2:
        raise ValueError("The number of bands are too small (b < 2)")
    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)],
                     dtype=np.float64)
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(low: float, high: float, chunk: np.ndarray, negative: bool) -> np.ndarray:
        s = (high - low) / 2 * nodes + (high + low) / 2
        miss = (1.0 - s[:, None] ** chunk[:, 1]) ** chunk[:, 0]  # a pair in no common band
        return (high - low) / 2 * (weights @ (miss if negative else 1.0 - miss))

    fp_weight, fn_weight = BAND_WEIGHTS
    # the pairs in slices of the node table's size: all at once took 320 MB at
    # 2,048 permutations (and grows with the square of it)
    step = max(1, _BAND_TABLE_CELLS // len(nodes))
    error = np.concatenate([
        integral(0.0, threshold, chunk, False) * fp_weight + integral(threshold, 1.0, chunk, True) * fn_weight
        for chunk in (pairs[i:i + step] for i in range(0, len(pairs), step))])
    bands, rows = (int(v) for v in pairs[int(np.argmin(error))])
    if bands < 2:
        raise ValueError("The number of bands are too small (b < 2)")
    return bands, rows


def signature_array(text: str, params: ClusterParams) -> Signature | None:
    """MinHash values of the text's shingles and their band keys, or None for
    a text without words."""
    grams = shingles(text, params.shingle_words)
    if not grams:
        return None
    values = minhash_values(sha1_hash32(grams), params.num_perm, params.seed)
    return Signature(SCHEME, values, band_keys(values, *band_split(params.threshold, params.num_perm)))


def signature_values(text: str, params: ClusterParams) -> TextSignature:
    """The signature of ``text`` as plain data, cheap to send between processes."""
    made = signature_array(text, params)
    if made is None:
        return TextSignature(text, params, "", None)
    return TextSignature(text, params, made.scheme, made.values, made.band_keys)
