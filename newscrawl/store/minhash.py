"""MinHash signatures and the LSH band split, made with datasketch.

The signing half of the near-duplicate clusters (:mod:`newscrawl.store.clusters`
compares and stores, with numpy only). Importing datasketch imports scipy
(``scipy.integrate``, for ``MinHashLSH``'s optimal band split): 53 MB resident
and 0.6 s of CPU. So this module is imported where texts are signed: the
extraction pool's fork server (once, shared by every worker), inline
extraction (``NEWSCRAWL_EXTRACT_WORKERS=0``) and the command-line tools; a
crawl with extraction workers never imports it (``tests/test_crawl_memory.py``).

The worker signs the text as the agencies stage will leave it (credit line
out) and cuts the signature into its band keys, so the crawl process gets
everything the lookup needs (:class:`~newscrawl.store.clusters.TextSignature`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from newscrawl.store.clusters import ClusterParams, Signature, TextSignature, band_keys

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int) -> set[bytes]:
    """Lower-cased word ``size``-grams; a text shorter than that is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    # the windows are the rows of ``size`` shifted word lists, joined in C
    return set(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(size))))))


def _sha1_hash32(grams: Iterable[bytes]) -> np.ndarray:
    """datasketch's default hash (the first four bytes of SHA-1, read as a
    little-endian uint32) of every shingle, without a Python call per value."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(gram).digest() for gram in grams])
    return np.frombuffer(digests, dtype="<u4")[::5]


def _hashed(value: int) -> int:
    """The hash function of a MinHash fed values hashed already."""
    return value


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[str, tuple[np.ndarray, np.ndarray]]:
    """Scheme and permutations of a MinHash with these parameters: drawing them
    from the seed each time cost more than hashing a short text."""
    template = MinHash(num_perm=num_perm, seed=seed)
    return template.scheme, template.permutations


def _new_minhash(num_perm: int, seed: int, hashvalues: Any = None, scheme: str | None = None,
                 **kwargs: Any) -> MinHash:
    default_scheme, permutations = _permutations(num_perm, seed)
    return MinHash(num_perm=num_perm, seed=seed, hashvalues=hashvalues,
                   scheme=scheme or default_scheme, permutations=permutations, **kwargs)


@lru_cache(maxsize=8)
def band_split(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(b, r)``: the signature is cut into ``b`` bands of ``r`` values, as
    datasketch's ``MinHashLSH`` chooses them for ``threshold``. Recall is
    weighted first: every candidate is verified against its stored signature,
    so a false candidate costs a comparison, a missed one splits a story."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
    return lsh.b, lsh.r


def signature_array(text: str, params: ClusterParams) -> Signature | None:
    """MinHash values of the text's shingles and their band keys, or None for
    a text without words.

    datasketch applies its permutations (the same ones, the same arithmetic);
    only the hashing of the shingles is done here, all at once."""
    grams = shingles(text, params.shingle_words)
    if not grams:
        return None
    minhash = _new_minhash(params.num_perm, params.seed, hashfunc=_hashed)
    minhash.update_batch(_sha1_hash32(grams).tolist())
    values = minhash.hashvalues
    return Signature(minhash.scheme, values,
                     band_keys(values, *band_split(params.threshold, params.num_perm)))


def signature_values(text: str, params: ClusterParams) -> TextSignature:
    """The signature of ``text`` as plain data, cheap to send between processes."""
    made = signature_array(text, params)
    if made is None:
        return TextSignature(text, params, "", None)
    return TextSignature(text, params, made.scheme, made.values, made.band_keys)
