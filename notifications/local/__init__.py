"""Local stand-ins for the providers the channels talk to, for tests and for ``make run``."""
