"""Threads and numbered, threaded comments; the comment's path from form to decision."""
