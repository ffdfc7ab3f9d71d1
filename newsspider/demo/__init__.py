"""A bundled offline sample news site, used by ``scrapy demo`` and crawl tests.

``site.build_site`` writes three small news sites to disk and returns what a
correct crawl should find; ``server.SiteServer`` serves one of them on
127.0.0.1. Both are stdlib only.
"""
