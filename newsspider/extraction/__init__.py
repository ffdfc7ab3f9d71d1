"""Pure article-extraction functions: no Scrapy, no SQLite.

The pipelines in ``pipelines/`` are thin classes over these.
"""
