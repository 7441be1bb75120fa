"""ratingapi: a rating API server for clouds (CloudKitty v1/v2 compatible)."""
