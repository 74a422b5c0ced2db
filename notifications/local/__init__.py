"""Local stand-ins for outside systems (tests and make run)."""
