"""A tiny text-layer reader for the PDFs of the tests: inflates the streams, merges the ToUnicode
CMaps and decodes the hex strings shown by Tj/TJ. Enough for WeasyPrint's output and for the
fallback PDF; not a general PDF parser."""

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_TJ = re.compile(rb"\[(.*?)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)


def _streams(pdf: bytes):
    for raw in _STREAM.findall(pdf):
        try:
            yield zlib.decompress(raw)
        except zlib.error:
            yield raw


def pdf_text(pdf: bytes) -> str:
    streams = list(_streams(pdf))
    cmap: dict[int, str] = {}
    for s in streams:
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", s, re.S):
            for a, b, start in _BFRANGE.findall(block):
                for i, code in enumerate(range(int(a, 16), int(b, 16) + 1)):
                    cmap[code] = chr(int(start, 16) + i)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", s, re.S):
            for code, uni in _BFCHAR.findall(block):
                cmap[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    lines = []
    for s in streams:
        if b"beginbfchar" in s or b"beginbfrange" in s:
            continue
        for arr, hex_tj, lit in _TJ.findall(s):
            if lit:
                lines.append(lit.replace(b"\\(", b"(").replace(b"\\)", b")").decode("cp1252"))
                continue
            hexes = re.findall(rb"<([0-9a-fA-F]+)>", arr) if arr else [hex_tj]
            text = ""
            for h in hexes:
                for i in range(0, len(h), 4):
                    text += cmap.get(int(h[i : i + 4], 16), "?")
            lines.append(text)
    return "\n".join(lines)
