"""Near-duplicate clusters: one wire story, many outlets, one ``cluster_id``.

An agency story is printed by dozens of outlets with small edits (a shortened
paragraph, another headline, the outlet's credit line). Researchers counting
stories want one copy per story; this module gives every article the cluster
of the most similar archived article, or a new cluster (its own id).

Similarity is the Jaccard similarity of word shingles (``shingle_words``
consecutive words of the body text), estimated with MinHash; candidates are
found with locality-sensitive hashing: the signature is cut into ``b`` bands
of ``r`` values (chosen by datasketch for ``threshold``), and two articles are
candidates when one band is equal. Candidates are then checked against the
threshold with their stored signatures, so a chance band collision does not
merge two stories.

Everything lives in MongoDB, so clusters hold across runs and machines:
``minhash_signatures`` (``_id`` article id -> ``cluster_id``, signature
values) and ``minhash_bands`` (``_id`` "<band>:<hash>" -> ``ids`` of articles
in that bucket). Bands and ids are strings, so ``$addToSet`` is safe on
nx-27017 (its type problem is with dates).

A crawl assigns clusters a batch at a time (:meth:`ClusterIndex.assign_many`):
one ``$in`` for the band buckets of the whole batch, one for the candidate
signatures, one bulk write each for signatures and buckets, instead of those
four round trips per article (the archive server's CPU per article dropped
about sevenfold, see bench/throughput.py). Articles of one batch are assigned
in order and see each other, so the result is the one consecutive
:meth:`ClusterIndex.assign` calls give. Signatures are made where the text is
(:func:`signature_values` runs in the extraction worker processes), so the
crawl process only compares them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]
from pymongo import ReplaceOne, UpdateOne
from pymongo.database import Database

from newscrawl.store.mongo import MINHASH_BANDS, MINHASH_SIGNATURES

_WORD = re.compile(r"\w+", re.UNICODE)
#: A bucket this full already holds enough representatives of its story.
MAX_BUCKET_IDS = 200


@dataclass(frozen=True)
class ClusterParams:
    """See ``NEWSCRAWL_DEDUPE_*`` in ``newscrawl/settings/defaults.py``."""

    threshold: float = 0.7
    num_perm: int = 128
    shingle_words: int = 5
    seed: int = 1


def shingles(text: str, size: int) -> set[bytes]:
    """Lower-cased word ``size``-grams; a text shorter than that is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[str, tuple[np.ndarray, np.ndarray]]:
    """Scheme and permutations of a MinHash with these parameters: drawing them
    from the seed each time cost more than hashing a short text."""
    template = MinHash(num_perm=num_perm, seed=seed)
    return template.scheme, template.permutations


def _new_minhash(num_perm: int, seed: int, hashvalues: Any = None, scheme: str | None = None) -> MinHash:
    default_scheme, permutations = _permutations(num_perm, seed)
    return MinHash(num_perm=num_perm, seed=seed, hashvalues=hashvalues,
                   scheme=scheme or default_scheme, permutations=permutations)


def signature(text: str, params: ClusterParams) -> MinHash | None:
    """MinHash of the text's shingles, or None for a text without words."""
    grams = shingles(text, params.shingle_words)
    if not grams:
        return None
    minhash = _new_minhash(params.num_perm, params.seed)
    minhash.update_batch(list(grams))
    return minhash


class TextSignature(NamedTuple):
    """A MinHash made elsewhere (an extraction worker) and the text it was
    made of: the near-duplicate stage uses it only when the text is still the
    same (the agencies stage may have taken a credit line out since)."""

    text: str
    params: ClusterParams
    scheme: str
    hashvalues: np.ndarray | None


def signature_values(text: str, params: ClusterParams) -> TextSignature:
    """The signature of ``text`` as plain data, cheap to send between processes."""
    minhash = signature(text, params)
    if minhash is None:
        return TextSignature(text, params, "", None)
    return TextSignature(text, params, minhash.scheme, minhash.hashvalues)


def minhash_of(made: TextSignature) -> MinHash | None:
    """The MinHash of a :class:`TextSignature` (None for a text without words)."""
    if made.hashvalues is None:
        return None
    return _new_minhash(made.params.num_perm, made.params.seed, made.hashvalues, made.scheme)


class ClusterIndex:
    """Assigns clusters against the signatures stored in MongoDB."""

    def __init__(self, db: Database, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        # recall first: every candidate is verified against its stored signature,
        # so a false candidate costs a comparison, a missed one splits a story
        lsh = MinHashLSH(
            threshold=self.params.threshold, num_perm=self.params.num_perm, weights=(0.1, 0.9)
        )
        self.bands, self.rows = lsh.b, lsh.r
        self.band_coll = db[MINHASH_BANDS]
        self.sig_coll = db[MINHASH_SIGNATURES]

    def band_keys(self, minhash: MinHash) -> list[str]:
        values = minhash.hashvalues
        return [
            f"{i}:{hashlib.sha1(values[i * self.rows : (i + 1) * self.rows].tobytes()).hexdigest()[:20]}"
            for i in range(self.bands)
        ]

    def _minhash(self, stored: dict[str, Any]) -> MinHash:
        values = np.array(stored["hashvalues"], dtype=np.dtype(stored["dtype"]))
        return _new_minhash(len(values), self.params.seed, values, stored["scheme"])

    def assign(self, url_id: str, text: str) -> str | None:
        """The cluster of article ``url_id``; stores its signature and bands.
        An article keeps the cluster it was given first (ids cited by
        researchers stay valid when a later version is re-clustered)."""
        return self.assign_many([(url_id, text)])[0]

    def assign_many(self, articles: Sequence[tuple[str, str | MinHash | None]]) -> list[str | None]:
        """Clusters of several articles (id, text or its MinHash), as the same
        consecutive :meth:`assign` calls would give them, with two queries and
        two bulk writes for the whole batch. None for an article without words."""
        prepared = []
        for url_id, text_or_minhash in articles:
            minhash = (signature(text_or_minhash, self.params)
                       if isinstance(text_or_minhash, str) else text_or_minhash)
            prepared.append((url_id, minhash, self.band_keys(minhash) if minhash is not None else []))
        if not any(minhash is not None for _, minhash, _ in prepared):
            return [None] * len(prepared)
        all_keys = sorted({key for _, _, keys in prepared for key in keys})
        buckets = {b["_id"]: list(b.get("ids", ())) for b in self.band_coll.find({"_id": {"$in": all_keys}})}
        wanted = {i for ids in buckets.values() for i in ids} | {u for u, m, _ in prepared if m is not None}
        stored = {d["_id"]: d for d in self.sig_coll.find({"_id": {"$in": sorted(wanted)}})}
        # what this batch assigned so far: id -> (cluster_id, MinHash); later
        # articles of the batch see it as consecutive assign() calls would
        assigned: dict[str, tuple[str, MinHash]] = {}
        added: dict[str, list[str]] = {}
        clusters: list[str | None] = []
        for url_id, minhash, keys in prepared:
            if minhash is None:
                clusters.append(None)
                continue
            if url_id in assigned:
                cluster_id = assigned[url_id][0]
            elif url_id in stored:
                cluster_id = stored[url_id]["cluster_id"]
            else:
                candidates = sorted({i for key in keys for i in buckets.get(key, ())} - {url_id})
                cluster_id = self._best_cluster(minhash, self._comparable(candidates, assigned, stored)) or url_id
            assigned[url_id] = (cluster_id, minhash)
            for key in keys:
                ids = buckets.setdefault(key, [])
                if len(ids) < MAX_BUCKET_IDS and url_id not in ids:
                    ids.append(url_id)
                    added.setdefault(key, []).append(url_id)
            clusters.append(cluster_id)
        self._store(assigned, added)
        return clusters

    def _comparable(self, ids: Iterable[str], assigned: dict[str, tuple[str, MinHash]],
                    stored: dict[str, dict[str, Any]]) -> Iterable[tuple[str, MinHash]]:
        """(cluster_id, MinHash) of the candidates made with this index's
        parameters: signatures made with others cannot be compared."""
        for i in ids:
            if i in assigned:
                yield assigned[i]
                continue
            doc = stored.get(i)
            if doc is None:
                continue
            if (doc.get("num_perm"), doc.get("seed"), doc.get("shingle_words")) != (
                self.params.num_perm, self.params.seed, self.params.shingle_words,
            ):
                continue
            yield doc["cluster_id"], self._minhash(doc)

    def _best_cluster(self, minhash: MinHash, candidates: Iterable[tuple[str, MinHash]]) -> str | None:
        best, best_score = None, self.params.threshold
        for cluster_id, other in candidates:
            if other.scheme != minhash.scheme:
                continue
            score = minhash.jaccard(other)
            if score >= best_score:
                best, best_score = cluster_id, score
        return best

    def _signature_doc(self, url_id: str, cluster_id: str, minhash: MinHash) -> dict[str, Any]:
        return {
            "_id": url_id,
            "cluster_id": cluster_id,
            "num_perm": self.params.num_perm,
            "seed": self.params.seed,
            "shingle_words": self.params.shingle_words,
            # a list of ints, not bytes: nx-27017 cannot replace a document holding binary
            "scheme": minhash.scheme,
            "dtype": str(minhash.hashvalues.dtype),
            "hashvalues": minhash.hashvalues.tolist(),
        }

    def _store(self, assigned: dict[str, tuple[str, MinHash]], added: dict[str, list[str]]) -> None:
        # signatures before buckets: a bucket never names an article without a signature
        self.sig_coll.bulk_write(
            [ReplaceOne({"_id": url_id}, self._signature_doc(url_id, cluster_id, minhash), upsert=True)
             for url_id, (cluster_id, minhash) in assigned.items()],
            ordered=False,
        )
        if added:
            self.band_coll.bulk_write(
                [UpdateOne({"_id": key}, {"$addToSet": {"ids": {"$each": ids}}}, upsert=True)
                 for key, ids in added.items()],
                ordered=False,
            )
