"""Scrapy commands of the project (``COMMANDS_MODULE``); a command here
replaces Scrapy's of the same name, checking the project's arguments before a
crawl starts and saying afterwards whether its feed exports lost items."""
