"""voluptuous schemas of the v2 API, one module per noun."""
