"""Run by tests/test_warc_pywb.py with the Python of a separate pywb venv
(pywb pins redis 2.10.6 and brotlipy, which conflict with the project's test
extras): index a collection's WARC files with pywb's own indexer and replay
captures through pywb's WSGI app in-process (no socket, no network).

    python pywb_replay.py ROOT COLLECTION WARC_NAME TIMESTAMP URL [URL ...]

ROOT holds ``collections/COLLECTION/archive/WARC_NAME`` and
``collections/COLLECTION/indexes/index.cdxj`` (newscrawl's index). Prints
JSON: pywb's own CDXJ lines for the WARC, and per URL the replay status,
headers and sha1 of the body, and the SURT key pywb looks it up by.
"""

import hashlib
import io
import json
import os
import sys


def main() -> None:
    root, collection, warc_name, timestamp, *urls = sys.argv[1:]
    os.chdir(root)
    import surt
    from pywb.apps.frontendapp import FrontEndApp
    from pywb.indexer.cdxindexer import write_cdx_index
    from werkzeug.test import Client

    archive = os.path.join("collections", collection, "archive", warc_name)
    index = io.BytesIO()
    with open(archive, "rb") as infile:
        write_cdx_index(index, infile, warc_name, cdxj=True, sort=True)
    app = FrontEndApp(custom_config={"debug": False, "framed_replay": False})
    client = Client(app)
    replays = {}
    for url in urls:
        response = client.get(f"/{collection}/{timestamp}id_/{url}")
        body = response.get_data()
        replays[url] = {"status": response.status_code, "sha1": hashlib.sha1(body).hexdigest(),
                        "content_type": response.headers.get("Content-Type"),
                        "memento": response.headers.get("Memento-Datetime")}
    print(json.dumps({"pywb_index": index.getvalue().decode().splitlines(),
                      "replays": replays, "surt": {url: surt.surt(url) for url in urls}}))


if __name__ == "__main__":
    main()
