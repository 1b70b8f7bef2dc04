"""Scrapy commands of the project (``COMMANDS_MODULE``); a command here
replaces Scrapy's of the same name."""
