"""Near-duplicate clusters against a real nx-27017: syndicated copies of one
wire story share a cluster across runs, other stories do not."""

from __future__ import annotations

from newscrawl.demo.site import load_articles
from newscrawl.store.clusters import ClusterIndex, ClusterParams
from newscrawl.store.minhash import shingles

STORIES = {a["slug"].split("/")[-1]: a for a in load_articles()}
IFO = STORIES["ifo-index-steigt-ueberraschend"]["body"]
FED = STORIES["fed-holds-rates-steady"]["body"]


def syndicated_copy(body: str) -> str:
    """What a second outlet prints: its own intro sentence, the subheading
    dropped, the closing paragraph cut for length."""
    paragraphs = [p for p in body.strip().split("\n\n") if not p.startswith("## ")]
    return "\n\n".join(["Gute Nachrichten für die Konjunktur:", *paragraphs[:-1]])


def test_copies_of_one_wire_story_from_two_outlets_share_a_cluster(db):
    first = ClusterIndex(db).assign("outlet-a-ifo", IFO)
    second = ClusterIndex(db).assign("outlet-b-ifo", syndicated_copy(IFO))  # a later run
    assert first == second == "outlet-a-ifo"


def test_a_different_story_gets_its_own_cluster(db):
    ClusterIndex(db).assign("outlet-a-ifo", IFO)
    assert ClusterIndex(db).assign("outlet-a-fed", FED) == "outlet-a-fed"


def test_an_article_keeps_its_cluster_when_seen_again(db):
    index = ClusterIndex(db)
    index.assign("outlet-a-ifo", IFO)
    index.assign("outlet-b-ifo", syndicated_copy(IFO))
    assert (
        index.assign("outlet-b-ifo", syndicated_copy(IFO) + "\n\nKorrektur: 92,4 Punkte.")
        == "outlet-a-ifo"
    )


def test_a_stricter_threshold_keeps_an_edited_copy_apart(db):
    ClusterIndex(db, ClusterParams(threshold=0.95)).assign("outlet-a-ifo", IFO)
    strict = ClusterIndex(db, ClusterParams(threshold=0.95))
    assert strict.assign("outlet-b-ifo", syndicated_copy(IFO)) == "outlet-b-ifo"


def test_text_without_words_has_no_cluster(db):
    assert ClusterIndex(db).assign("empty", " – … ") is None
    assert db.minhash_signatures.count_documents({}) == 0


def test_shingles_are_lower_cased_word_windows():
    assert shingles("Der Ifo-Index STEIGT heute", 3) == {
        b"der ifo index",
        b"ifo index steigt",
        b"index steigt heute",
    }


def test_a_batch_assigns_as_consecutive_calls_do_and_copies_inside_it_find_each_other(db):
    articles = [
        ("outlet-a-ifo", IFO),
        ("outlet-a-fed", FED),
        ("outlet-b-ifo", syndicated_copy(IFO)),
        ("empty", " – … "),
        ("outlet-a-ifo", IFO + "\n\nKorrektur."),  # seen again in the same batch
    ]
    batch = ClusterIndex(db).assign_many(articles)
    assert batch == ["outlet-a-ifo", "outlet-a-fed", "outlet-a-ifo", None, "outlet-a-ifo"]
    client = db.client
    one_by_one = client[db.name + "_sequential"]
    try:
        assert [ClusterIndex(one_by_one).assign(i, t) for i, t in articles] == batch
        buckets = {b["_id"]: sorted(b["ids"]) for b in db.minhash_bands.find()}
        assert buckets == {b["_id"]: sorted(b["ids"]) for b in one_by_one.minhash_bands.find()}
        assert any(ids == ["outlet-a-ifo", "outlet-b-ifo"] for ids in buckets.values())
    finally:
        client.drop_database(one_by_one.name)


def test_a_signature_made_in_another_process_gives_the_same_cluster(db):
    import pickle

    from newscrawl.store.clusters import signature_of
    from newscrawl.store.minhash import signature_values

    made = pickle.loads(pickle.dumps(signature_values(syndicated_copy(IFO), ClusterParams())))
    index = ClusterIndex(db)
    index.assign("outlet-a-ifo", IFO)
    assert index.assign_many([("outlet-b-ifo", signature_of(made))]) == ["outlet-a-ifo"]
    assert signature_of(signature_values(" – ", ClusterParams())) is None


def test_signatures_are_bit_for_bit_those_of_datasketch():
    from datasketch import MinHash

    from newscrawl.store.minhash import signature_array

    for text in (IFO, FED, syndicated_copy(IFO), "ein zwei drei"):
        reference = MinHash(num_perm=128, seed=1)
        reference.update_batch(list(shingles(text, 5)))
        made = signature_array(text, ClusterParams())
        assert made.scheme == reference.scheme
        assert made.values.dtype == reference.hashvalues.dtype
        assert list(made.values) == list(reference.hashvalues)


def test_signatures_are_stored_as_hex_and_those_stored_as_lists_before_still_match(db):
    ClusterIndex(db).assign("outlet-a-ifo", IFO)
    stored = db.minhash_signatures.find_one({"_id": "outlet-a-ifo"})
    assert isinstance(stored["hashvalues_hex"], str) and "hashvalues" not in stored
    # the document as the previous version wrote it: the values as a list of numbers
    import numpy as np

    values = np.frombuffer(bytes.fromhex(stored.pop("hashvalues_hex")), dtype="<u4")
    stored["hashvalues"] = [int(v) for v in values]
    db.minhash_signatures.replace_one({"_id": "outlet-a-ifo"}, stored)
    assert ClusterIndex(db).assign("outlet-b-ifo", syndicated_copy(IFO)) == "outlet-a-ifo"


def test_a_bucket_another_writer_created_meanwhile_keeps_both_articles(db):
    class RacedIndex(ClusterIndex):
        def _store(self, assigned, added, found_keys):
            # another crawl machine filled the same buckets after this lookup
            self.band_coll.insert_many([{"_id": key, "ids": ["other-machine"]} for key in added])
            super()._store(assigned, added, found_keys)

    assert RacedIndex(db).assign("outlet-a-ifo", IFO) == "outlet-a-ifo"
    buckets = list(db.minhash_bands.find())
    assert buckets and all(sorted(b["ids"]) == ["other-machine", "outlet-a-ifo"] for b in buckets)


def _capture(url_id: str, text: str):
    from datetime import UTC, datetime

    from newscrawl.store.captures import Capture

    doc = {"_id": url_id, "url": f"https://example.org/{url_id}", "text": text,
           "fetched_at": datetime(2024, 3, 20, tzinfo=UTC)}
    return Capture.from_document(doc)


def test_the_store_batch_lookup_sets_clusters_in_arrival_order_and_counts_them(db):
    from newscrawl.pipelines.dedupe import BatchClusterer
    from newscrawl.store.minhash import signature_array

    clusterer = BatchClusterer(db, ClusterParams())
    batch = [_capture("outlet-a-ifo", IFO), _capture("outlet-a-fed", FED),
             _capture("outlet-b-ifo", syndicated_copy(IFO))]
    lookups = [(batch[0], signature_array(IFO, ClusterParams())),  # signed by a worker
               (batch[1], FED), (batch[2], syndicated_copy(IFO))]  # signed at lookup
    counts = clusterer.assign(lookups)
    assert [c.doc["cluster_id"] for c in batch] == ["outlet-a-ifo", "outlet-a-fed", "outlet-a-ifo"]
    assert counts == {"batches": 1, "new_cluster": 2, "joined": 1}


def test_a_failed_batch_lookup_leaves_the_batch_unclustered_and_pauses_lookups():
    import socket

    from newscrawl.pipelines.dedupe import BatchClusterer
    from newscrawl.store.mongo import connect

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = connect(f"mongodb://127.0.0.1:{port}/", timeout_ms=200)
    clusterer = BatchClusterer(down["newscrawl"], ClusterParams())
    capture = _capture("outlet-a-ifo", IFO)
    assert clusterer.assign([(capture, IFO)]) == {"batches": 1, "unavailable": 1}
    assert "cluster_id" not in capture.doc
    assert clusterer.assign([(capture, IFO)]) == {"unavailable": 1}  # paused: no second timeout
    down.close()
