"""Cases, their one timeline, categories, tags, ownership, merge and link."""
