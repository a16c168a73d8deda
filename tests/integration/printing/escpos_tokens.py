"""A tokenizer of the ESC/POS commands qmsd prints tickets with, written from
the Epson ESC/POS reference for these tests (independent of qmsd_escpos and of
printer_sim.py). Anything else in a stream is an "unknown" token."""
from dataclasses import dataclass, field

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A


@dataclass
class Token:
    name: str            # init, align, bold, codepage, feed, size, qr, raster, cut, status, text, lf, unknown
    raw: bytes
    args: dict = field(default_factory=dict)


def tokenize(data: bytes):
    tokens, i = [], 0

    def take(length, name, **args):
        nonlocal i
        if i + length > len(data):
            tokens.append(Token("unknown", data[i:], {"why": "truncated " + name}))
            i = len(data)
            return
        tokens.append(Token(name, data[i:i + length], args))
        i += length

    while i < len(data):
        b = data[i]
        nxt = data[i + 1] if i + 1 < len(data) else None
        third = data[i + 2] if i + 2 < len(data) else None
        if b == ESC and nxt == ord("@"):
            take(2, "init")
        elif b == ESC and nxt == ord("a"):
            take(3, "align", n=third)
        elif b == ESC and nxt == ord("E"):
            take(3, "bold", n=third)
        elif b == ESC and nxt == ord("t"):
            take(3, "codepage", n=third)
        elif b == ESC and nxt == ord("d"):
            take(3, "feed", n=third)
        elif b == GS and nxt == ord("!"):
            take(3, "size", width=(third >> 4) + 1, height=(third & 0x0F) + 1)
        elif b == GS and nxt == ord("V"):
            take(3, "cut", m=third)
        elif b == GS and nxt == ord("(") and i + 7 < len(data) and data[i + 2] == ord("k"):
            plen = data[i + 3] + 256 * data[i + 4]
            cn, fn = data[i + 5], data[i + 6]
            params = data[i + 7:i + 5 + plen]
            if cn != 0x31:
                take(5 + plen, "unknown", why="GS ( k cn=%#x" % cn)
            else:
                take(5 + plen, "qr", fn=fn, params=params)
        elif b == GS and nxt == ord("v") and i + 7 < len(data) and data[i + 2] == 0x30:
            xb = data[i + 4] + 256 * data[i + 5]
            rows = data[i + 6] + 256 * data[i + 7]
            take(8 + xb * rows, "raster", m=data[i + 3], width=xb * 8, height=rows,
                 bits=data[i + 8:i + 8 + xb * rows])
        elif b == DLE and nxt == 0x04:
            take(3, "status", n=third)
        elif b == LF:
            take(1, "lf")
        elif b >= 0x20:
            j = i
            while j < len(data) and data[j] >= 0x20 and data[j] not in (ESC, GS, DLE):
                j += 1
            take(j - i, "text")
        else:
            take(1, "unknown", why="byte %#04x" % b)
    return tokens


def qr_payload(tokens):
    """The data of the GS ( k store function (fn 0x50, m 0x30)."""
    stores = [t for t in tokens if t.name == "qr" and t.args["fn"] == 0x50]
    assert len(stores) == 1, "one QR store, found %d" % len(stores)
    assert stores[0].args["params"][:1] == b"\x30"
    return stores[0].args["params"][1:]


def raster_image(tokens, width=None):
    """All raster bands stacked, as a PIL image (black = printed dot)."""
    from PIL import Image
    bands = [t for t in tokens if t.name == "raster"]
    width = width or max(t.args["width"] for t in bands)
    height = sum(t.args["height"] for t in bands)
    page = Image.new("1", (width, height + 40), 1)
    y = 20
    for t in bands:
        band = Image.frombytes("1", (t.args["width"], t.args["height"]), bytes(255 - v for v in t.args["bits"]))
        page.paste(band, ((width - t.args["width"]) // 2, y))
        y += t.args["height"]
    return page
