"""Writing a command's output file: checked before anything is built, written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def check_path(output: str, suffix: str) -> Path:
    """The output path, refused unless it ends with ``suffix`` and its folder exists."""
    path = Path(output or "")
    if not output or path.suffix.lower() != suffix:
        raise CommandError(_("输出文件名应以 %(s)s 结尾：%(p)s") % {"s": suffix, "p": output})
    if not path.parent.is_dir():
        raise CommandError(_("输出目录不存在：%(d)s") % {"d": path.parent})
    if path.is_dir():
        raise CommandError(_("输出路径是一个目录：%(p)s") % {"p": output})
    return path


def write_whole(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and move it into place: a failure leaves no partial file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pilot-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
