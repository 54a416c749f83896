"""Reading a page file: bytes → text, with the encoding and newline checks a user's file needs.

The raw text is kept verbatim (after decoding and newline normalisation, both noted), because every later
edit is reported against its lines and columns.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.chars import is_han
from build_scripts.errors import UserError


@dataclass
class RawPage:
    path: str
    text: str
    notes: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def read_page(path: str | Path) -> RawPage:
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("no such file", name) from None
    except IsADirectoryError:
        raise UserError("is a directory, not a page file", name) from None
    except OSError as err:
        raise UserError(f"cannot read: {err.strerror}", name) from None
    return decode_page(data, name)


def decode_page(data: bytes, name: str) -> RawPage:
    notes: list[str] = []
    if not data.strip():
        raise UserError("file is empty", name)
    text = _decode(data, name, notes)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("line endings normalised to LF")
    _refuse_binary(text, name)
    if not any(is_han(ch) for ch in text):
        raise UserError("no Chinese text found: not a page of this archive", name)
    return RawPage(name, text, notes)


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            notes.append(f"byte-order mark removed ({codec})")
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as err:
                raise UserError(f"not valid {codec} after its byte-order mark (byte {err.start})", name, _line_of(data, err.start)) from None
    if b"\x00" in data:
        raise UserError("binary file (contains NUL bytes), not a text page", name, _line_of(data, data.index(b"\x00")))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise UserError("not valid UTF-8 or GB18030 text", name, _line_of(data, utf8_error.start)) from None
        notes.append("decoded as GB18030 (GBK-compatible) and converted to UTF-8")
        return text


def _refuse_binary(text: str, name: str) -> None:
    controls = [i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\n\t\f"]
    if len(controls) > max(4, len(text) // 100):
        raise UserError("binary file (control characters), not a text page", name, text.count("\n", 0, controls[0]) + 1)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
