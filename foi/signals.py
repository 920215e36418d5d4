"""Receivers of the foi app (none yet reach outside it; ``services.request_closed`` is sent on commit)."""
