"""Use cases: the only place that writes. Web and CLI call these; they call storage and domain."""
