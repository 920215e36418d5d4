"""The public site: home, field, item, unit and publication pages, search, feeds, sitemap, screens."""
