"""Runs the user's script as `python FILE` would — a fresh `__main__` module with `__file__`,
`__spec__ = None` and the builtins, `sys.argv = [FILE, *args]`, `sys.path[0]` = the script's
folder — and turns however it ends without a scanned fit into the scan's last message."""

from __future__ import annotations

import builtins
import importlib.machinery
import linecache
import os
import sys
import tokenize
import types
from typing import List, NoReturn, Optional

from .errors import explain, syntax_error_range
from .positions import SourceRange
from .session import Session


def _read(session: Session, path: str) -> str:
    text = session.options.get("sourceText")
    if isinstance(text, str):
        return text
    try:
        with tokenize.open(path) as handle:  # honours a coding declaration, as `python FILE` does
            return handle.read()
    except FileNotFoundError:
        session.fail("file-not-found", f"File not found: {path}", None)
    except (OSError, SyntaxError, UnicodeDecodeError) as error:
        session.fail("script-error", f"Cannot read {path}: {error}", None)


def run(session: Session, file: str, args: List[str]) -> NoReturn:
    path = session.files.script
    source = _read(session, path)
    if session.options.get("sourceText") is not None:
        # Tracebacks and positions read the text that runs, not the file on disk.
        linecache.cache[path] = (len(source), None, source.splitlines(True), path)
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        session.fail("syntax-error", f"{type(error).__name__}: {error.msg}", syntax_error_range(error, session.files))
    except ValueError as error:  # e.g. a NUL byte in the source
        session.fail("syntax-error", f"SyntaxError: {error}", None)

    main = types.ModuleType("__main__")
    main.__dict__.update(
        {
            "__file__": path,
            "__cached__": None,
            "__loader__": importlib.machinery.SourceFileLoader("__main__", path),
            "__spec__": None,
            "__package__": None,
            "__builtins__": builtins,
        }
    )
    sys.modules["__main__"] = main
    sys.argv = [file, *args]
    sys.path[0] = os.path.dirname(path)
    try:
        exec(code, main.__dict__)
    except SystemExit as error:
        status = error.code
        position = session.files.innermost_in_traceback(error.__traceback__)
        if status not in (None, 0):
            when = "after the fits it trained" if session.fits_done > 0 else "before calling model.fit()"
            session.fail("script-error", f"The {session.program} exited with status {status} {when}.", position)
        no_fit(session, position)
    except KeyboardInterrupt:
        session.end("cancelled")
    except BaseException as error:
        session.fail(*explain(error, session.files, None))
    no_fit(session, None)


def no_fit(session: Session, exited_at: Optional[SourceRange]) -> NoReturn:
    """`exited_at`: where the script called sys.exit() (status 0), if it did."""
    if session.on_script_end is not None:
        session.on_script_end()  # ends the process when a PyTorch loop trained
    if session.fits_done > 0:
        session.end("completed")  # fewer fits than --max-fits: the script's end ends the scan
    message = f"The {session.program} ended without calling model.fit(): there was nothing to scan."
    if session.instead is None and exited_at is not None:
        session.fail("no-fit", f"The {session.program} exited (sys.exit){session.line_note(exited_at, ' at line {}')} before calling model.fit(): there was nothing to scan.", exited_at)
    if session.instead is None:
        session.fail("no-fit", message, None)
    what, where = session.instead
    session.fail("no-fit", f"{message} It trains with {what}{session.line_note(where)}, which the scan does not follow: train with model.fit() to scan it.", where)
