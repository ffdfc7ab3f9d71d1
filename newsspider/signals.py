"""Signals the spider sends for the store step (which alone writes the corpus).

- `listing_fetched(listing)`: a feed or sitemap was fetched (with its
  validators for the next conditional request).
- `not_modified(touch)`: a refreshed article answered 304 Not Modified.
"""

listing_fetched = object()
not_modified = object()
