"""Check one PDF read from stdin and print a verdict as one JSON line.

Runs as a script in a fresh interpreter of its own (see `sandbox.py`), with limits on its memory and CPU set
before it reads a byte: a file built to exhaust the parser kills this process, never a web or Celery worker.
Standard library and pypdf only, no Django, so it starts fast and trusts nothing from the caller's environment.

Verdicts: ok, encrypted, no_pages, active (detail: what was found), polyglot, too_complex, damaged.
"""

from __future__ import annotations

import io
import json
import logging
import re
import resource
import sys
import warnings
import zlib
from collections.abc import Iterator

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Streams are counted while inflated, never kept: a resume's fonts, pages and images stay far below this,
# a decompression bomb reaches it within a second (it is the "sane ratio": 20 times the 5 MB upload limit).
MAX_INFLATED_BYTES = 100 * 1024 * 1024
# pypdf's own caps, lowered: one stream it must decode to read objects (an object stream) stays small.
PYPDF_LIMITS = {
    "zlib_maximum_output_length": 32 * 1024 * 1024,
    "lzw_maximum_output_length": 32 * 1024 * 1024,
    "run_length_maximum_output_length": 32 * 1024 * 1024,
    "stream_decoding_work_maximum_length": 64 * 1024 * 1024,
    "page_tree_maximum_depth": 32,
    "page_tree_maximum_entries": 20_000,
}
MAX_OBJECTS = 30_000  # objects listed, then dictionaries and arrays visited; a 100-page CV has a few thousand

# What a viewer may run or open. Keys anywhere, and values of /S (action type), /Type and /Subtype.
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "automatic actions",
    "/EmbeddedFiles": "embedded files",
    "/EF": "embedded files",
    "/RichMediaContent": "rich media",
    "/XFA": "an XFA form",
}
ACTIVE_TYPES = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that launches programs",
    "/ImportData": "an action that imports data",
    "/SubmitForm": "an action that submits a form",
    "/GoToR": "an action that opens other files",
    "/GoToE": "an action that opens embedded files",
    "/Rendition": "a media action",
    "/Movie": "a media action",
    "/Sound": "a media action",
    "/RichMedia": "rich media",
    "/RichMediaExecute": "rich media",
    "/EmbeddedFile": "embedded files",
    "/FileAttachment": "embedded files",
}
# The same names in the raw bytes, "#xx" escapes decoded: a second look at objects the parser skipped.
RAW_NAME = re.compile(rb"/([A-Za-z0-9#]{2,20})(?=[\s/<>\[\]()%{}]|$)")
RAW_ACTIVE = {name[1:].encode() for name in (*ACTIVE_KEYS, *ACTIVE_TYPES) if name not in ("/Sound", "/Movie")}
HTML = re.compile(rb"<\s*(?:script|html|iframe)\b", re.IGNORECASE)
ZIP_END = b"PK\x05\x06"


def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash must never dump a resume's bytes to disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # nor write any file
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def outside_streams(data: bytes) -> bytes:
    """The bytes outside stream bodies (binary data, where a name means nothing), found with plain searches:
    a regular expression backtracks over megabytes of image data."""
    parts, at = [], 0
    while (start := data.find(b"stream", at)) != -1:
        parts.append(data[at:start])
        end = data.find(b"endstream", start + 6)
        if end == -1:
            break
        at = end + len(b"endstream")
    else:
        parts.append(data[at:])
    return b" ".join(parts)


def raw_findings(data: bytes) -> tuple[str, str] | None:
    """Cheap checks on the bytes: another format hidden in the file, or active names the parser did not reach."""
    tail = data[data.rfind(b"%%EOF") + 5 :] if b"%%EOF" in data else b""
    if tail.strip(b" \t\r\n\f\x00"):
        return "polyglot", "data after the end of the PDF"
    if ZIP_END in data[-66_000:]:
        return "polyglot", "a ZIP archive"
    if HTML.search(data):
        return "polyglot", "web page code"
    for match in RAW_NAME.finditer(outside_streams(data)):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name in RAW_ACTIVE:
            return "active", ACTIVE_KEYS.get("/" + name.decode(), ACTIVE_TYPES.get("/" + name.decode(), "actions"))
    return None


def walk(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every dictionary (streams included) reachable from the trailer or listed in the cross-reference
    tables, each object once, iteratively: a deep or cyclic structure costs neither recursion nor time."""
    roots: list = [reader.trailer]
    roots += [IndirectObject(num, gen, reader) for gen, table in reader.xref.items() for num in table]
    roots += [IndirectObject(num, 0, reader) for num in reader.xref_objStm]
    seen: set[tuple[int, int]] = set()
    stack, visited = roots[::-1], 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise LimitReachedError("too many objects")
        if isinstance(node, DictionaryObject):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def active_content(node: DictionaryObject) -> str | None:
    for key in node:
        if key in ACTIVE_KEYS:
            return ACTIVE_KEYS[key]
    for key in ("/S", "/Type", "/Subtype"):
        value = node.get(key)
        if isinstance(value, NameObject) and value in ACTIVE_TYPES:
            return ACTIVE_TYPES[value]
    action = node.get("/OpenAction")
    action = action.get_object() if isinstance(action, IndirectObject) else action
    if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
        return "an action that runs when the file opens"
    return None


def inflated_size(stream: StreamObject, budget: int) -> int:
    """Bytes a Flate stream inflates to, counted in 1 MB steps and stopped past `budget`."""
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    if first not in ("/FlateDecode", "/Fl"):
        return 0
    inflater, data, total = zlib.decompressobj(), stream._data, 0
    while data and total <= budget:
        try:
            total += len(inflater.decompress(data, 1024 * 1024))
        except zlib.error:
            return total  # a damaged stream: viewers stop there too
        data = inflater.unconsumed_tail
    return total


def scan(data: bytes) -> tuple[str, str]:
    found = raw_findings(data)
    if found:
        return found
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return "encrypted", ""
        if sum(map(len, reader.xref.values())) + len(reader.xref_objStm) > MAX_OBJECTS:
            return "too_complex", "too many objects"
        if len(reader.pages) == 0:
            return "no_pages", ""
        budget = MAX_INFLATED_BYTES
        for node in walk(reader):
            what = active_content(node)
            if what:
                return "active", what
            if isinstance(node, StreamObject):
                budget -= inflated_size(node, budget)
                if budget < 0:
                    return "too_complex", "streams inflate beyond the limit"
    except (LimitReachedError, MemoryError, RecursionError) as error:
        return "too_complex", type(error).__name__
    except Exception as error:
        if re.search(rb"/Encrypt\b", data):
            return "encrypted", type(error).__name__
        return "damaged", f"{type(error).__name__}: {str(error)[:200]}"
    return "ok", ""


def main() -> None:
    memory_bytes, cpu_seconds = int(sys.argv[1]), int(sys.argv[2])
    logging.disable(logging.CRITICAL)  # pypdf warns per broken object: thousands of lines cost time
    warnings.simplefilter("ignore")
    limit_self(memory_bytes, cpu_seconds)
    data = sys.stdin.buffer.read()
    with apply_configuration(**PYPDF_LIMITS):
        verdict, detail = scan(data)
    sys.stdout.write(json.dumps({"verdict": verdict, "detail": detail}) + "\n")


if __name__ == "__main__":
    main()
