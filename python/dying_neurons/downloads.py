"""A download of the script's that failed for want of a network (urllib, keras.utils.get_file,
requests, a socket), said as such with its URL: the exception itself often names neither (urllib's
"<urlopen error [Errno -2] Name or service not known>")."""

from __future__ import annotations

import socket
from types import TracebackType
from typing import Any, Callable, Iterator, List, Optional

HINT = "The scan runs the script as written, downloads included: save the file once where there is a network and load it from disk."
# Arguments that hold the URL in the library frames of a download (urlopen's url, OpenerDirector.open's
# fullurl, get_file's origin, requests' url).
_URL_NAMES = ("url", "fullurl", "origin")
_NOT_FOUND = (getattr(socket, "EAI_NONAME", -2), getattr(socket, "EAI_NODATA", -5))


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: List[int] = []
    current: Optional[BaseException] = error
    while current is not None and id(current) not in seen:
        seen.append(id(current))
        yield current
        reason = getattr(current, "reason", None)  # urllib's URLError wraps the socket's error
        if isinstance(reason, BaseException):
            yield reason
        current = current.__cause__ or current.__context__


def _why(error: BaseException) -> Optional[str]:
    """What a network error says of the network, or None when it is not one."""
    if isinstance(error, socket.gaierror):
        if error.errno in _NOT_FOUND:
            return "the host was not found — no network, or a wrong address"
        return "the host name could not be looked up — no network"
    if isinstance(error, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(error, ConnectionError):
        return "the connection failed"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "the connection timed out"
    if isinstance(error, OSError) and error.errno in (101, 113):  # ENETUNREACH, EHOSTUNREACH
        return "the network is unreachable — no network"
    if type(error).__module__.startswith(("requests.", "urllib3.")) and type(error).__name__ in ("ConnectionError", "NewConnectionError", "NameResolutionError", "MaxRetryError"):
        return "the connection failed — no network"
    return None


def _url_in_frames(traceback: Optional[TracebackType], is_user: Callable[[str], bool]) -> Optional[str]:
    """The URL a library frame of the download was called with (the outermost that names one)."""
    for traceback in _frames(traceback):
        if is_user(traceback.tb_frame.f_code.co_filename):
            continue  # the script's own variables: only the download's arguments say which URL failed
        local = traceback.tb_frame.f_locals
        for name in _URL_NAMES:
            value: Any = local.get(name)
            value = getattr(value, "full_url", value)  # a urllib Request
            if isinstance(value, str) and "://" in value:
                return value
    return None


def _frames(traceback: Optional[TracebackType]) -> Iterator[TracebackType]:
    while traceback is not None:
        yield traceback
        traceback = traceback.tb_next


def _url(error: BaseException, is_user: Callable[[str], bool]) -> Optional[str]:
    for link in _chain(error):
        request = getattr(link, "request", None)
        url = getattr(request, "url", None) or getattr(link, "url", None)  # requests, urllib3
        if isinstance(url, str) and "://" in url:
            return url
        found = _url_in_frames(link.__traceback__, is_user)
        if found:
            return found
    return None


def download_failure(error: BaseException, is_user: Callable[[str], bool]) -> Optional[str]:
    """The message for a download that could not connect, or None when `error` is not one (a
    connection error or timeout whose URL is nowhere to be seen may be something else: None)."""
    for link in _chain(error):
        why = _why(link)
        if why is None:
            continue
        url = _url(error, is_user)
        if url is None and not isinstance(link, socket.gaierror):
            return None
        what = f"The download of {url}" if url else "A download"
        detail = str(link).strip() or type(link).__name__
        return f"{what} failed: {why} ({detail}). {HINT}"
    return None
