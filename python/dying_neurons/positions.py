"""Where the user's code is: which files are the user's, and the source range of a frame's
current expression (Python 3.11+ code positions; the parsed source with `ast` before that)."""

from __future__ import annotations

import ast
import linecache
import os
import sys
from types import CodeType, FrameType, TracebackType
from typing import Any, Dict, List, Optional, Tuple

SourceRange = Dict[str, Any]

MAX_CALLERS = 8
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_INSTALL_SEGMENTS = ("site-packages", "dist-packages")


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class UserFiles:
    """The script and the files beside it (its own modules); never installed packages or ours."""

    def __init__(self, script: str, script_text: Optional[str] = None) -> None:
        self.script = os.path.abspath(script)
        self.folder = os.path.dirname(self.script)
        self._script_text = script_text
        self._prefixes = {os.path.abspath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        self._known: Dict[str, bool] = {}
        self._trees: Dict[str, Optional[ast.AST]] = {}

    def is_user(self, filename: str) -> bool:
        known = self._known.get(filename)
        if known is None:
            known = self._known[filename] = self._judge(filename)
        return known

    def _judge(self, filename: str) -> bool:
        if not filename or filename.startswith("<"):
            return False
        path = os.path.abspath(filename)
        if path == self.script:
            return True
        parts = path.split(os.sep)
        return (
            _within(path, self.folder)
            and not any(segment in parts for segment in _INSTALL_SEGMENTS)
            and not _within(path, _PACKAGE_DIR)
            and not any(_within(path, prefix) for prefix in self._prefixes if not _within(self.folder, prefix))
        )

    def text(self, filename: str) -> str:
        if os.path.abspath(filename) == self.script and self._script_text is not None:
            return self._script_text
        return "".join(linecache.getlines(filename))

    def line(self, filename: str, lineno: int) -> str:
        lines = self.text(filename).splitlines()
        return lines[lineno - 1] if 0 < lineno <= len(lines) else ""

    def _tree(self, filename: str) -> Optional[ast.AST]:
        if filename not in self._trees:
            try:
                self._trees[filename] = ast.parse(self.text(filename), filename)
            except (SyntaxError, ValueError):
                self._trees[filename] = None
        return self._trees[filename]

    # ---- ranges -------------------------------------------------------------------------

    def range_at(self, filename: str, code: CodeType, lasti: int, lineno: Optional[int]) -> SourceRange:
        """The range of the expression a frame (or traceback entry) was executing."""
        positions = _code_positions(code, lasti)
        if positions is not None:
            start, end, column, end_column = positions
            return self._range(filename, start, self._char_column(filename, start, column), end, self._char_column(filename, end, end_column))
        return self.range_of_line(filename, lineno or 1)

    def range_of_line(self, filename: str, lineno: int) -> SourceRange:
        """Before Python 3.11 frames carry a line only: the outermost call that starts there, else the line."""
        tree = self._tree(filename)
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.lineno == lineno] if tree else []
        if calls:
            node = min(calls, key=lambda n: (n.col_offset, -(n.end_lineno or n.lineno), -(n.end_col_offset or 0)))
            return self._range(
                filename,
                node.lineno,
                self._char_column(filename, node.lineno, node.col_offset),
                node.end_lineno or node.lineno,
                self._char_column(filename, node.end_lineno or node.lineno, node.end_col_offset or 0),
            )
        text = self.line(filename, lineno)
        stripped = text.rstrip()
        return self._range(filename, lineno, len(text) - len(text.lstrip()), lineno, len(stripped))

    def _char_column(self, filename: str, lineno: int, byte_offset: int) -> int:
        """Code positions count UTF-8 bytes; editors count characters."""
        encoded = self.line(filename, lineno).encode("utf-8")
        return len(encoded[:byte_offset].decode("utf-8", "replace"))

    def _range(self, filename: str, line: int, column: int, end_line: int, end_column: int) -> SourceRange:
        file = self.script if os.path.abspath(filename) == self.script else os.path.abspath(filename)
        return {"file": file, "line": line, "column": column + 1, "endLine": end_line, "endColumn": end_column + 1}

    def keyword_range(self, call: SourceRange, keyword: str) -> Optional[SourceRange]:
        """The range of `keyword=value` in the call at `call` (e.g. `callbacks=[...]` of a fit)."""
        tree = self._tree(call["file"])
        if tree is None:
            return None
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or node.lineno != call["line"]:
                continue
            if self._char_column(call["file"], node.lineno, node.col_offset) + 1 != call["column"]:
                continue
            for kw in node.keywords:
                if kw.arg == keyword:
                    value = kw.value
                    start_line = getattr(kw, "lineno", value.lineno)
                    start_col = getattr(kw, "col_offset", value.col_offset)
                    end_line = value.end_lineno or value.lineno
                    return self._range(
                        call["file"],
                        start_line,
                        self._char_column(call["file"], start_line, start_col),
                        end_line,
                        self._char_column(call["file"], end_line, value.end_col_offset or 0),
                    )
        return None

    # ---- stacks -------------------------------------------------------------------------

    def stack(self, frame: Optional[FrameType]) -> Tuple[Optional[SourceRange], List[SourceRange]]:
        """The innermost user frame's range from `frame` outwards, and the outer user frames
        (innermost first, each named by the function called there)."""
        found: List[SourceRange] = []
        called: Optional[str] = None
        while frame is not None and len(found) <= MAX_CALLERS:
            code = frame.f_code
            if self.is_user(code.co_filename):
                where = self.range_at(code.co_filename, code, frame.f_lasti, frame.f_lineno)
                if found and called and not called.startswith("<"):
                    where["functionName"] = called
                found.append(where)
            called = code.co_name
            frame = frame.f_back
        if not found:
            return None, []
        return found[0], found[1:]

    def site(self, frame: Optional[FrameType]) -> Optional[SourceRange]:
        return self.stack(frame)[0]

    def innermost_in_traceback(self, tb: Optional[TracebackType]) -> Optional[SourceRange]:
        """The range of the innermost user frame of a traceback."""
        found: Optional[SourceRange] = None
        while tb is not None:
            code = tb.tb_frame.f_code
            if self.is_user(code.co_filename):
                found = self.range_at(code.co_filename, code, tb.tb_lasti, tb.tb_lineno)
            tb = tb.tb_next
        return found


def _code_positions(code: CodeType, lasti: int) -> Optional[Tuple[int, int, int, int]]:
    positions = getattr(code, "co_positions", None)
    if positions is None or lasti < 0:
        return None
    for i, entry in enumerate(positions()):
        if i == lasti // 2:
            start, end, column, end_column = entry
            if None in (start, end, column, end_column):
                return None
            return start, end, column, end_column
    return None
