"""The URLs the home and the navigation's to-dos print, reversed once per process, then filled in for each row.

`reverse()` costs about 20 µs of CPU a call (the resolver reads thread-locals for the language and the script
prefix on every call), and a signed-in page printed a dozen. A URL's shape depends only on its name and on the
script prefix the site is served under, which is part of what is kept; the row's ids (or slugs) are written into
it as `reverse()` writes them.
"""

from __future__ import annotations

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

# Stand-ins for the arguments, each matched by an int, slug or str converter and by nothing else in a URL.
_MARKS = ("987654321", "987654322", "987654323")
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted in an argument


@functools.cache
def _pieces(name: str, arguments: int, prefix: str) -> tuple[str, ...]:
    """The URL split around its arguments: text, argument, text, ... (`prefix` is part of the key only)."""
    url = reverse(name, args=_MARKS[:arguments])
    pieces: list[str] = []
    for mark in _MARKS[:arguments]:
        head, found, url = url.partition(mark)
        if not found:
            raise ValueError(f"{name}: an argument is not written into its URL as given")
        pieces.append(head)
    pieces.append(url)
    return tuple(pieces)


def url(name: str, *args: int | str) -> str:
    """`reverse(name, args=args)` for ids and slugs, without resolving the name again."""
    pieces = _pieces(name, len(args), get_script_prefix())
    if not args:
        return pieces[0]
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts.append(str(arg) if type(arg) is int else quote(arg, safe=_SAFE))
        parts.append(piece)
    return "".join(parts)
