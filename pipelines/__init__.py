"""Item pipelines, one step per module: extract, clean, normalise, validate,
dedupe, store. Each is a thin Scrapy class over pure functions."""
