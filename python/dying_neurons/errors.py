"""What the user sees of an exception: a code, a message (no traceback of ours), and the place
in their file — the innermost frame of theirs, else the given fallback (e.g. the fit call)."""

from __future__ import annotations

import os
import re
from typing import Optional, Tuple

from .downloads import download_failure
from .positions import SourceRange, UserFiles

MAX_MESSAGE = 2000
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# PyTorch asked for a CUDA device on a machine (or a build) without one.
_NO_CUDA = re.compile(r"not compiled with CUDA enabled|no NVIDIA driver|CUDA driver initialization failed|No CUDA GPUs are available")
_OUT_OF_MEMORY = re.compile(r"out of memory|OOM when allocating|could not allocate|can't allocate memory|ResourceExhausted", re.IGNORECASE)


def is_out_of_memory(error: BaseException) -> bool:
    return isinstance(error, MemoryError) or bool(_OUT_OF_MEMORY.search(f"{type(error).__name__} {error}"))


def describe(error: BaseException) -> str:
    text = _ANSI.sub("", str(error)).strip()
    name = type(error).__name__
    message = f"{name}: {text}" if text else name
    if _NO_CUDA.search(text):
        message += " — this interpreter has no CUDA GPU: choose the device with torch.device(\"cuda\" if torch.cuda.is_available() else \"cpu\")"
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + " …"


def syntax_error_range(error: SyntaxError, files: UserFiles) -> Optional[SourceRange]:
    if not error.filename or not error.lineno:
        return None
    column = max(error.offset or 1, 1)
    end_line = getattr(error, "end_lineno", None) or error.lineno
    end_column = getattr(error, "end_offset", None) or column
    if end_line == error.lineno and end_column <= column:
        end_column = column + 1
    file = os.path.abspath(error.filename)
    return {"file": file, "line": error.lineno, "column": column, "endLine": end_line, "endColumn": end_column}


def explain(error: BaseException, files: UserFiles, fallback: Optional[SourceRange], prefix: str = "") -> Tuple[str, str, Optional[SourceRange]]:
    """(code, message, position) of an exception raised by the user's code or by training."""
    if isinstance(error, SyntaxError) and error.filename and files.is_user(error.filename):
        return "syntax-error", f"SyntaxError: {error.msg}", syntax_error_range(error, files)
    position = files.innermost_in_traceback(error.__traceback__) or fallback
    download = download_failure(error, files.is_user)
    if download is not None:
        return "script-error", prefix + download, position
    code = "out-of-memory" if is_out_of_memory(error) else "script-error"
    return code, prefix + describe(error), position
