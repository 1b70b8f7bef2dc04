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
in that bucket), queried with one ``$in`` per article. Bands and ids are
strings, so ``$addToSet`` is safe on nx-27017 (its type problem is with dates).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

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


def signature(text: str, params: ClusterParams) -> MinHash | None:
    """MinHash of the text's shingles, or None for a text without words."""
    grams = shingles(text, params.shingle_words)
    if not grams:
        return None
    minhash = MinHash(num_perm=params.num_perm, seed=params.seed)
    minhash.update_batch(list(grams))
    return minhash


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
        return MinHash(
            num_perm=len(values), seed=self.params.seed, hashvalues=values, scheme=stored["scheme"]
        )

    def assign(self, url_id: str, text: str) -> str | None:
        """The cluster of article ``url_id``; stores its signature and bands.
        An article keeps the cluster it was given first (ids cited by
        researchers stay valid when a later version is re-clustered)."""
        minhash = signature(text, self.params)
        if minhash is None:
            return None
        keys = self.band_keys(minhash)
        buckets = list(self.band_coll.find({"_id": {"$in": keys}}))
        candidates = {i for b in buckets for i in b.get("ids", ())} | {url_id}
        stored = {d["_id"]: d for d in self.sig_coll.find({"_id": {"$in": list(candidates)}})}
        own = stored.pop(url_id, None)
        cluster_id = (
            own["cluster_id"] if own else self._best_cluster(minhash, stored.values()) or url_id
        )
        self._store(url_id, cluster_id, minhash, keys, {b["_id"]: b for b in buckets})
        return cluster_id

    def _best_cluster(self, minhash: MinHash, candidates) -> str | None:
        best, best_score = None, self.params.threshold
        for doc in candidates:
            if (
                doc.get("num_perm"),
                doc.get("seed"),
                doc.get("scheme"),
                doc.get("shingle_words"),
            ) != (
                self.params.num_perm,
                self.params.seed,
                minhash.scheme,
                self.params.shingle_words,
            ):
                continue  # signatures made with other parameters cannot be compared
            score = minhash.jaccard(self._minhash(doc))
            if score >= best_score:
                best, best_score = doc["cluster_id"], score
        return best

    def _store(
        self,
        url_id: str,
        cluster_id: str,
        minhash: MinHash,
        keys: list[str],
        buckets: dict[str, dict[str, Any]],
    ) -> None:
        self.sig_coll.bulk_write(
            [
                ReplaceOne(
                    {"_id": url_id},
                    {
                        "_id": url_id,
                        "cluster_id": cluster_id,
                        "num_perm": self.params.num_perm,
                        "seed": self.params.seed,
                        "shingle_words": self.params.shingle_words,
                        # a list of ints, not bytes: nx-27017 cannot replace a document holding binary
                        "scheme": minhash.scheme,
                        "dtype": str(minhash.hashvalues.dtype),
                        "hashvalues": [int(v) for v in minhash.hashvalues],
                    },
                    upsert=True,
                )
            ]
        )
        updates = [
            UpdateOne({"_id": key}, {"$addToSet": {"ids": url_id}}, upsert=True)
            for key in keys
            if len(buckets.get(key, {}).get("ids", ())) < MAX_BUCKET_IDS
        ]
        if updates:
            self.band_coll.bulk_write(updates, ordered=False)
