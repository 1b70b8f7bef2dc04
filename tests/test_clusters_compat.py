"""Signatures and band keys stay bit for bit what earlier versions stored, so
an archive keeps clustering across versions: the stored documents and bucket
keys of main before the signing moved into the extraction workers
(``tests/data/minhash/main_signatures.json``, made with that version's code)
against what a worker signs now and the crawl process stores."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from newscrawl.pipelines.extract_worker import sign
from newscrawl.store.clusters import ClusterIndex, ClusterParams, signature_of

MAIN = json.loads((Path(__file__).parent / "data" / "minhash" / "main_signatures.json").read_text())
ENTRIES = MAIN["entries"]


def params_of(entry: dict) -> ClusterParams:
    return ClusterParams(**entry["params"])


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e['name']}-{e['params']['num_perm']}" for e in ENTRIES])
def test_a_worker_signature_is_stored_as_main_stored_it(db, entry):
    # signed in a worker (no credit context: the text as extracted), sent over a pipe
    made = pickle.loads(pickle.dumps(sign({"text": entry["text"]}, params_of(entry), None)))
    assert len(made.band_keys) == entry["bands"]
    assert ClusterIndex(db, params_of(entry)).assign_many([(entry["name"], signature_of(made))]) == [entry["name"]]
    stored = db.minhash_signatures.find_one({"_id": entry["name"]})
    assert {k: v for k, v in stored.items() if k not in ("_id", "cluster_id")} == entry["signature_doc"]
    buckets = sorted(b["_id"] for b in db.minhash_bands.find({"ids": entry["name"]}))
    assert buckets == sorted(entry["band_keys"])


def test_the_index_cuts_bands_as_main_did_for_a_signature_without_keys(db):
    entry = ENTRIES[0]
    made = sign({"text": entry["text"]}, params_of(entry), None)
    index = ClusterIndex(db, params_of(entry))
    assert index.band_keys(made.hashvalues) == entry["band_keys"]
    # and a text signed by the index itself (the command-line tools) is stored alike
    index.assign(entry["name"], entry["text"])
    stored = db.minhash_signatures.find_one({"_id": entry["name"]})
    assert stored["hashvalues_hex"] == entry["signature_doc"]["hashvalues_hex"]
