"""What every app may use and that imports no feature app: API base classes and renderers, token
authentication, the client address, one rate limiter, chunking and the page-cache helpers."""
