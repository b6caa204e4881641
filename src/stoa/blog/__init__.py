"""Posts, categories, tags and guest authors; archives, Atom feeds and the sitemap."""
