"""A JSON Lines feed exporter that cannot write the second item: how a
crawl whose items fail to export looks to Scrapy (the error is caught and
logged by the signal dispatch, the item is missing from the file)."""

from scrapy.exporters import JsonLinesItemExporter


class SecondItemFails(JsonLinesItemExporter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seen = 0

    def export_item(self, item):
        self.seen += 1
        if self.seen == 2:
            raise TypeError("Object of type bytes is not JSON serializable")
        return super().export_item(item)
