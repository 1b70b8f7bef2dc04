"""``newscrawl cluster``: articles stored without a cluster get one, the
earliest copy of a story naming it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newscrawl.commands.cluster import cluster_unassigned
from newscrawl.runner import project_settings
from newscrawl.schema import to_document
from newscrawl.store.writer import ArchiveWriter
from tests.test_clusters import FED, IFO, syndicated_copy

T0 = datetime(2024, 3, 18, 9, 0, tzinfo=UTC)


def article(outlet: str, text: str, hours: int) -> dict:
    return to_document(
        {
            "url": f"https://www.{outlet}.example/wirtschaft/1",
            "source": outlet,
            "title": "Ifo",
            "text": text,
            "fetched_at": T0 + timedelta(hours=hours),
        }
    )


def test_unclustered_articles_get_the_cluster_of_the_earliest_copy(db):
    copies = [
        article("kurier-b", syndicated_copy(IFO), 2),
        article("kurier-a", IFO, 1),
        article("kurier-c", FED, 3),
    ]
    ArchiveWriter(db).write(copies)  # as stored while the dedupe lookup was down
    counts = cluster_unassigned(db, project_settings())
    clusters = {d["source"]: d["cluster_id"] for d in db.articles.find()}
    assert counts == {"clustered": 3}
    assert clusters["kurier-a"] == clusters["kurier-b"] == copies[1]["_id"]
    assert clusters["kurier-c"] == copies[2]["_id"]
    assert all(isinstance(d["last_seen"], datetime) for d in db.articles.find())


def test_clustered_articles_are_left_alone(db):
    doc = article("kurier-a", IFO, 1)
    doc["cluster_id"] = "chosen-earlier"
    ArchiveWriter(db).write([doc])
    assert cluster_unassigned(db, project_settings()) == {}
    assert db.articles.find_one()["cluster_id"] == "chosen-earlier"
