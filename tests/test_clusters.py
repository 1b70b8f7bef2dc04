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
