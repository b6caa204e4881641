"""Stoa's programmatic interfaces: API keys with scopes, and the Perspective-compatible scoring endpoint."""
