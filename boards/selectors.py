"""Reads of the 公开栏 (filled in below)."""


def may_post(user) -> bool:
    return False


def desk_section(user, within, today):
    return None
