#!/usr/bin/env python3
"""Writes the PDF fixtures of crates/read/tests/fixtures/pdf_*.pdf.

Pure standard library: the PDF syntax is written by hand (objects, content
streams, cross-reference table, trailer) so that anyone can regenerate the
fixtures without installing anything:

    python3 scripts/make-pdf-fixtures.py

The output is deterministic: running it twice gives the same bytes.

Fixtures:
  pdf_report.pdf             two pages of report-like text in Helvetica, a
                             heading, paragraphs, a word hyphenated across a
                             line end, and an Info dictionary (Title, Author
                             as UTF-16BE, CreationDate).
  pdf_truncated.pdf          pdf_report.pdf cut in the middle.
  pdf_scanned.pdf            one page with only an image XObject and a filled
                             rectangle: no text layer.
  pdf_zipbomb.pdf            one page whose FlateDecode content stream
                             inflates to 200 MiB of spaces (about 200 KB on
                             disk).
  pdf_encrypted.pdf          the report's first page encrypted with the
                             standard security handler (RC4, 40-bit, R2)
                             and a user password ("secret").
  pdf_encrypted_nopass.pdf   the same with an empty user password (anyone
                             may open it; only permissions are restricted).
"""

import hashlib
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "crates", "read", "tests", "fixtures")

# A fixed document ID so that the encrypted fixtures are reproducible.
DOC_ID = bytes.fromhex("6d8f0e3a5b1c4d2e9f7a6b5c4d3e2f10")


def pdf_string(text):
    """A PDF literal string in WinAnsi / PDFDocEncoding (Latin-1 range)."""
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for b in raw:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 0x20 or b > 0x7E:
            out += b"\\%03o" % b
        else:
            out.append(b)
    out += b")"
    return bytes(out)


def pdf_utf16(text):
    """A PDF text string in UTF-16BE with a BOM, written as a hex string."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


class Pdf:
    """A minimal PDF writer: numbered objects, an xref table, a trailer."""

    def __init__(self):
        self.objects = []  # bytes of each object's body, object n at index n-1

    def reserve(self):
        self.objects.append(None)
        return len(self.objects)

    def set(self, num, body):
        self.objects[num - 1] = body

    def add(self, body):
        num = self.reserve()
        self.set(num, body)
        return num

    def stream(self, dict_entries, data):
        entries = dict_entries + b" " if dict_entries else b""
        return b"<< " + entries + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    def build(self, root, info=None, encrypt=None):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for num, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n" % (len(self.objects) + 1)
        out += b"0000000000 65535 f \n"
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(self.objects) + 1, root)
        if info:
            out += b" /Info %d 0 R" % info
        if encrypt:
            out += b" /Encrypt %d 0 R" % encrypt
        out += b" /ID [<%s> <%s>] >>\n" % (DOC_ID.hex().encode(), DOC_ID.hex().encode())
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


def text_page_content(lines):
    """A content stream drawing `lines`: (font size, y, text) in Helvetica."""
    ops = [b"BT"]
    for size, y, text in lines:
        ops.append(b"/F1 %d Tf 1 0 0 1 72 %d Tm %s Tj" % (size, y, pdf_string(text)))
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def layout(blocks, top=720):
    """Places blocks of lines top-down: 16 pt leading inside a block, a
    blank line's worth of extra space between blocks."""
    y = top
    placed = []
    for size, lines in blocks:
        for line in lines:
            placed.append((size, y, line))
            y -= 16
        y -= 16
    return placed


PAGE_1 = [
    (16, ["Armed Groups in the Northern Districts"]),
    (12, [
        "The Northern Front expanded its presence in Kassa district in early",
        "2023. Local sources report that the armed organi-",
        "sation recruited several hundred fighters from nearby villages.",
    ]),
    (12, [
        "Its leadership remains divided over the ceasefire. A faction led by",
        "Commander Idris Musa rejected the talks in March 2023.",
    ]),
]

PAGE_2 = [
    (12, [
        "In June 2023 the group clashed with the Eastern Brigade near the",
        "river crossing at Tamboura. At least twelve civilians were killed",
        "near the caf\u00e9 on the market square.",
    ]),
    (12, [
        "Observers link the group\u2019s funding to Al-",
        "Shabaab networks, which its spokesman denies.",
    ]),
]

INFO = (
    b"<< /Title " + pdf_string("Armed Groups in the Northern Districts")
    + b" /Author " + pdf_utf16("Observatoire des conflits arm\u00e9s")
    + b" /CreationDate (D:20240112093000+01'00')"
    + b" /Producer (make-pdf-fixtures.py) >>"
)

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def report(pages=(PAGE_1, PAGE_2)):
    pdf = Pdf()
    catalog = pdf.reserve()
    pages_obj = pdf.reserve()
    font = pdf.add(FONT)
    kids = []
    for blocks in pages:
        content = pdf.add(pdf.stream(b"", text_page_content(layout(blocks))))
        kids.append(pdf.add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_obj, font, content)
        ))
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj)
    pdf.set(pages_obj, b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    info = pdf.add(INFO)
    return pdf.build(catalog, info)


def scanned():
    """One page that paints an 8x8 grey image and a rectangle, no text."""
    pdf = Pdf()
    catalog = pdf.reserve()
    pages_obj = pdf.reserve()
    pixels = bytes((x * 32 + y * 4) % 256 for y in range(8) for x in range(8))
    image = pdf.add(pdf.stream(
        b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode",
        zlib.compress(pixels, 9),
    ))
    content = pdf.add(pdf.stream(
        b"", b"q 400 0 0 500 106 200 cm /Im1 Do Q\n0.5 g 106 120 400 40 re f\n"
    ))
    page = pdf.add(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_obj, image, content)
    )
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj)
    pdf.set(pages_obj, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    return pdf.build(catalog)


BOMB_BYTES = 200 * 1024 * 1024


def zipbomb():
    """One page whose content stream inflates to BOMB_BYTES of spaces."""
    head = b"BT /F1 12 Tf 72 720 Td (Nothing to see here.) Tj ET\n"
    comp = zlib.compressobj(9)
    data = bytearray(comp.compress(head))
    chunk = b" " * (1024 * 1024)
    for _ in range(BOMB_BYTES // len(chunk)):
        data += comp.compress(chunk)
    data += comp.flush()
    pdf = Pdf()
    catalog = pdf.reserve()
    pages_obj = pdf.reserve()
    font = pdf.add(FONT)
    content = pdf.add(pdf.stream(b"/Filter /FlateDecode", bytes(data)))
    page = pdf.add(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_obj, font, content)
    )
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj)
    pdf.set(pages_obj, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    return pdf.build(catalog)


# --- Standard security handler, revision 2 (RC4, 40-bit key) ---------------

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def padded(password):
    return (password.encode("latin-1") + PAD)[:32]


def encrypted_report(user_password, owner_password="owner"):
    """The report's first page, encrypted (strings and streams) with RC4."""
    permissions = -3904  # printing allowed, everything else restricted
    o_key = hashlib.md5(padded(owner_password)).digest()[:5]
    o_entry = rc4(o_key, padded(user_password))
    key = hashlib.md5(padded(user_password) + o_entry + struct.pack("<i", permissions) + DOC_ID).digest()[:5]
    u_entry = rc4(key, PAD)

    def object_key(num):
        return hashlib.md5(key + struct.pack("<I", num)[:3] + b"\x00\x00").digest()[:10]

    def enc_string(num, text):
        return b"<" + rc4(object_key(num), text.encode("cp1252")).hex().encode() + b">"

    pdf = Pdf()
    catalog = pdf.reserve()
    pages_obj = pdf.reserve()
    font = pdf.add(FONT)
    content_num = pdf.reserve()
    plain = text_page_content(layout(PAGE_1))
    pdf.set(content_num, pdf.stream(b"", rc4(object_key(content_num), plain)))
    page = pdf.add(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_obj, font, content_num)
    )
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj)
    pdf.set(pages_obj, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    info = pdf.reserve()
    pdf.set(info, b"<< /Title " + enc_string(info, "Armed Groups in the Northern Districts") + b" >>")
    encrypt = pdf.add(
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), permissions)
    )
    return pdf.build(catalog, info, encrypt)


def main():
    os.makedirs(OUT, exist_ok=True)
    full = report()
    fixtures = {
        "pdf_report.pdf": full,
        "pdf_truncated.pdf": full[: len(full) // 2],
        "pdf_scanned.pdf": scanned(),
        "pdf_zipbomb.pdf": zipbomb(),
        "pdf_encrypted.pdf": encrypted_report("secret"),
        "pdf_encrypted_nopass.pdf": encrypted_report(""),
    }
    for name, data in fixtures.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes", file=sys.stderr)
    assert len(fixtures["pdf_zipbomb.pdf"]) < 300 * 1024, "the zip bomb fixture must stay under 300 KB"


if __name__ == "__main__":
    main()
