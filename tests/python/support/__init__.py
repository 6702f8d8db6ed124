"""Helpers for the web-side tests: stand-in upstreams, the nginx gateway, a tiny PNG writer."""
