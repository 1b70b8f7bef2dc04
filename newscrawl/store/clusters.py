"""Near-duplicate clusters: one wire story, many outlets, one ``cluster_id``.

An agency story is printed by dozens of outlets with small edits (a shortened
paragraph, another headline, the outlet's credit line). Researchers counting
stories want one copy per story; this module gives every article the cluster
of the most similar archived article, or a new cluster (its own id).

Similarity is the Jaccard similarity of word shingles (``shingle_words``
consecutive words of the body text), estimated with MinHash; candidates are
found with locality-sensitive hashing: the signature is cut into ``b`` bands
of ``r`` values (chosen for ``threshold`` as datasketch's ``MinHashLSH``
chooses them), and two articles are
candidates when one band is equal. Candidates are then checked against the
threshold with their stored signatures, so a chance band collision does not
merge two stories.

Everything lives in MongoDB, so clusters hold across runs and machines:
``minhash_signatures`` (``_id`` article id -> ``cluster_id``, signature
values) and ``minhash_bands`` (``_id`` "<band>:<hash>" -> ``ids`` of articles
in that bucket). Bands and ids are strings, so ``$addToSet`` is safe on
nx-27017 (its type problem is with dates). Every lookup is by ``_id``: the
only index nx-27017 uses for ``$in`` (an ``$in`` on any other field, an
array of band keys in the signature document for instance, scans the whole
collection there).

Assignment is batched (:meth:`ClusterIndex.assign_many`): one ``$in`` for the
band buckets of the whole batch, one for the candidate signatures, one bulk
write for the signatures and one for the buckets (plain inserts for buckets
the lookup did not find, ``$addToSet`` for the others), instead of those
round trips per article. Articles of one batch are assigned in order and see
each other, so the result is the one consecutive :meth:`ClusterIndex.assign`
calls give.

Signatures are numpy arrays. They are made, with their band keys, in
:mod:`newscrawl.store.minhash` (numpy, bit for bit what datasketch 2.0.0's
``MinHash.update_batch`` gives, so they stay comparable with stored ones): a
crawl's extraction workers sign the texts, and the crawl process only looks
the keys up and compares values; a text given to
:meth:`ClusterIndex.assign_many` is signed there. Signatures are stored as a hex string
(``hashvalues_hex``): nx-27017 spends four times as long on a document
holding 128 numbers as on one holding a string (and cannot replace a
document holding binary data). Documents written before, with a list in
``hashvalues``, are read as well.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

import numpy as np
from pymongo import ReplaceOne, UpdateOne
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from newscrawl.store.mongo import MINHASH_BANDS, MINHASH_SIGNATURES

#: A bucket this full already holds enough representatives of its story.
MAX_BUCKET_IDS = 200
#: MongoDB's (and nx-27017's) code of a write refused for a duplicate ``_id``.
DUPLICATE_KEY = 11000


@dataclass(frozen=True)
class ClusterParams:
    """See ``NEWSCRAWL_DEDUPE_*`` in ``newscrawl/settings/defaults.py``."""

    threshold: float = 0.7
    num_perm: int = 128
    shingle_words: int = 5
    seed: int = 1


class Signature(NamedTuple):
    """MinHash values of a text and the permutation scheme that made them:
    values of different schemes cannot be compared. ``band_keys``: the LSH
    bucket keys, when the signer cut them (None: the index cuts them)."""

    scheme: str
    values: np.ndarray
    band_keys: tuple[str, ...] | None = None


def band_keys(values: np.ndarray, bands: int, rows: int) -> tuple[str, ...]:
    """The ``bands`` bucket keys of a signature: "<band>:<hash>", the hash the
    first 20 hex digits of SHA-1 of the band's ``rows`` values."""
    return tuple(
        f"{i}:{hashlib.sha1(values[i * rows : (i + 1) * rows].tobytes()).hexdigest()[:20]}"
        for i in range(bands)
    )


class TextSignature(NamedTuple):
    """A MinHash made elsewhere (an extraction worker) and the text it was
    made of: the near-duplicate stage uses it only when the text is still the
    same (the agencies stage may have taken a credit line out since)."""

    text: str
    params: ClusterParams
    scheme: str
    hashvalues: np.ndarray | None
    band_keys: tuple[str, ...] | None = None


def signature_of(made: TextSignature) -> Signature | None:
    """The signature in a :class:`TextSignature` (None for a text without words)."""
    if made.hashvalues is None:
        return None
    return Signature(made.scheme, made.hashvalues, made.band_keys)


def similarity(one: Signature, other: Signature) -> float | None:
    """Estimated Jaccard similarity (as ``MinHash.jaccard``), or None when the
    two cannot be compared."""
    if one.scheme != other.scheme or len(one.values) != len(other.values):
        return None
    return float(np.count_nonzero(one.values == other.values)) / len(one.values)


#: What :meth:`ClusterIndex.assign_many` takes for an article.
Signable: TypeAlias = "str | Signature | None"


class ClusterIndex:
    """Assigns clusters against the signatures stored in MongoDB."""

    def __init__(self, db: Database, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self.band_coll = db[MINHASH_BANDS]
        self.sig_coll = db[MINHASH_SIGNATURES]

    def band_keys(self, values: np.ndarray) -> list[str]:
        """The bucket keys of a signature made with this index's parameters
        (imports the signing module, for its band split)."""
        from newscrawl.store.minhash import band_split

        return list(band_keys(values, *band_split(self.params.threshold, self.params.num_perm)))

    def _signature(self, article: Signable) -> Signature | None:
        """The signature of an article, with its band keys; a text is signed
        here."""
        if isinstance(article, str):
            from newscrawl.store.minhash import signature_array

            return signature_array(article, self.params)
        if article is not None and article.band_keys is None:
            return article._replace(band_keys=tuple(self.band_keys(article.values)))
        return article

    def _stored_signature(self, stored: dict[str, Any]) -> Signature | None:
        """The signature of a ``minhash_signatures`` document, if made with this
        index's parameters (others cannot be compared)."""
        if (stored.get("num_perm"), stored.get("seed"), stored.get("shingle_words")) != (
            self.params.num_perm, self.params.seed, self.params.shingle_words,
        ):
            return None
        dtype = np.dtype(stored["dtype"])
        if "hashvalues_hex" in stored:
            values = np.frombuffer(bytes.fromhex(stored["hashvalues_hex"]), dtype=dtype.newbyteorder("<"))
        else:  # written before hex strings: a list of numbers
            values = np.array(stored["hashvalues"], dtype=dtype)
        return Signature(stored["scheme"], values)

    def assign(self, url_id: str, text: str) -> str | None:
        """The cluster of article ``url_id``; stores its signature and bands.
        An article keeps the cluster it was given first (ids cited by
        researchers stay valid when a later version is re-clustered)."""
        return self.assign_many([(url_id, text)])[0]

    def assign_many(self, articles: Sequence[tuple[str, Signable]]) -> list[str | None]:
        """Clusters of several articles (id, and text, MinHash or
        :class:`Signature`), as the same consecutive :meth:`assign` calls would
        give them, with two queries and two or three bulk writes for the whole
        batch. None for an article without words."""
        prepared = []
        for url_id, article in articles:
            made = self._signature(article)
            prepared.append((url_id, made, made.band_keys if made is not None else ()))
        if not any(made is not None for _, made, _ in prepared):
            return [None] * len(prepared)
        all_keys = sorted({key for _, _, keys in prepared for key in keys})
        buckets = {b["_id"]: list(b.get("ids", ())) for b in self.band_coll.find({"_id": {"$in": all_keys}})}
        found_keys = set(buckets)
        wanted = {i for ids in buckets.values() for i in ids} | {u for u, m, _ in prepared if m is not None}
        stored = {d["_id"]: d for d in self.sig_coll.find({"_id": {"$in": sorted(wanted)}})}
        # what this batch assigned so far: id -> (cluster_id, signature); later
        # articles of the batch see it as consecutive assign() calls would
        assigned: dict[str, tuple[str, Signature]] = {}
        added: dict[str, list[str]] = {}
        clusters: list[str | None] = []
        for url_id, made, keys in prepared:
            if made is None:
                clusters.append(None)
                continue
            if url_id in assigned:
                cluster_id = assigned[url_id][0]
            elif url_id in stored:
                cluster_id = stored[url_id]["cluster_id"]
            else:
                candidates = sorted({i for key in keys for i in buckets.get(key, ())} - {url_id})
                cluster_id = self._best_cluster(made, self._comparable(candidates, assigned, stored)) or url_id
            assigned[url_id] = (cluster_id, made)
            for key in keys:
                ids = buckets.setdefault(key, [])
                if len(ids) < MAX_BUCKET_IDS and url_id not in ids:
                    ids.append(url_id)
                    added.setdefault(key, []).append(url_id)
            clusters.append(cluster_id)
        self._store(assigned, added, found_keys)
        return clusters

    def _comparable(self, ids: Iterable[str], assigned: dict[str, tuple[str, Signature]],
                    stored: dict[str, dict[str, Any]]) -> Iterable[tuple[str, Signature]]:
        """(cluster_id, signature) of the candidates made with this index's
        parameters: signatures made with others cannot be compared."""
        for i in ids:
            if i in assigned:
                yield assigned[i]
                continue
            doc = stored.get(i)
            if doc is None:
                continue
            made = self._stored_signature(doc)
            if made is not None:
                yield doc["cluster_id"], made

    def _best_cluster(self, made: Signature, candidates: Iterable[tuple[str, Signature]]) -> str | None:
        best, best_score = None, self.params.threshold
        for cluster_id, other in candidates:
            score = similarity(made, other)
            if score is not None and score >= best_score:
                best, best_score = cluster_id, score
        return best

    def _signature_doc(self, url_id: str, cluster_id: str, made: Signature) -> dict[str, Any]:
        values = made.values
        return {
            "_id": url_id,
            "cluster_id": cluster_id,
            "num_perm": self.params.num_perm,
            "seed": self.params.seed,
            "shingle_words": self.params.shingle_words,
            "scheme": made.scheme,
            "dtype": str(values.dtype.newbyteorder("=")),
            # a string, not a list (four times the server's work on nx-27017)
            # nor binary (nx-27017 cannot replace a document holding binary)
            "hashvalues_hex": values.astype(values.dtype.newbyteorder("<"), copy=False).tobytes().hex(),
        }

    def _store(self, assigned: dict[str, tuple[str, Signature]], added: dict[str, list[str]],
               found_keys: set[str]) -> None:
        # signatures before buckets: a bucket never names an article without a signature
        self.sig_coll.bulk_write(
            [ReplaceOne({"_id": url_id}, self._signature_doc(url_id, cluster_id, made), upsert=True)
             for url_id, (cluster_id, made) in assigned.items()],
            ordered=False,
        )
        # a bucket the lookup did not find is inserted (cheaper than an upsert);
        # one another writer created meanwhile is then added to like the others
        new = [key for key in added if key not in found_keys]
        grow = [key for key in added if key in found_keys]
        if new:
            try:
                self.band_coll.insert_many([{"_id": key, "ids": added[key]} for key in new], ordered=False)
            except BulkWriteError as exc:
                errors = exc.details.get("writeErrors", [])
                if exc.details.get("writeConcernErrors") or any(
                    e.get("code") != DUPLICATE_KEY for e in errors
                ):
                    raise
                grow += [new[e["index"]] for e in errors]
        if grow:
            self.band_coll.bulk_write(
                [UpdateOne({"_id": key}, {"$addToSet": {"ids": {"$each": added[key]}}}, upsert=True)
                 for key in grow],
                ordered=False,
            )
