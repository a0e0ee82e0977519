"""Plain-Python domain: vocabularies, value objects and rules. No Flask, no database."""
