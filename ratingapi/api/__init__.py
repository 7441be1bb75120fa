"""The HTTP API: discovery, one WSGI app per major version, shared plumbing."""
