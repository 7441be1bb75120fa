"""The rating engine: the module chain and its modules."""
