"""Custom scrapy commands: extract, demo."""
