"""voluptuous schemas of the v1 API, one module per noun."""
