"""Near-duplicate clusters against a real nx-27017: syndicated copies of one
wire story share a cluster across runs, other stories do not."""

from __future__ import annotations

from newscrawl.demo.site import load_articles
from newscrawl.store.clusters import ClusterIndex, ClusterParams, shingles

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

    from newscrawl.store.clusters import minhash_of, signature_values

    made = pickle.loads(pickle.dumps(signature_values(syndicated_copy(IFO), ClusterParams())))
    index = ClusterIndex(db)
    index.assign("outlet-a-ifo", IFO)
    assert index.assign_many([("outlet-b-ifo", minhash_of(made))]) == ["outlet-a-ifo"]
    assert minhash_of(signature_values(" – ", ClusterParams())) is None
