"""API of the performance cycle (/api/v1/kinerja/): the same actions as the pages, through the same
selectors and services; errors are ``{"code", "message", "detail"}``."""
