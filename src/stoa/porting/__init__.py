"""Moving a site in and out: imports from WordPress (WXR), Isso and Disqus, and exports as WXR or JSON."""
