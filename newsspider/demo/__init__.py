"""Sample news sites, generated from data, served on 127.0.0.1: what
``scrapy demo``, the crawl tests and the benchmarks crawl.

- ``model.py``: a site as data (`Site`: markup style, listings, traps,
  stories) and what a correct crawl finds (`Expected`);
- ``catalog.py`` and ``articles.py`` (``stories/*.json``): the demo sites and
  their texts, among them one whose pages a script writes (rendered with a
  browser); ``bench.py``: a generated site of N articles for benchmarks;
- ``themes/``: one renderer per markup style; ``listings.py``: feeds,
  sitemaps and robots.txt;
- ``build.py``: writes a site (`build_site` for the demo sites, `write_site`
  for a generated one) and its sources.toml;
- ``server.py`` (`SiteServer`) and ``sites.py`` (`serve_demo`): serving them.
"""
