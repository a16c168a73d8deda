# The ticket's byte stream, as a printer would receive it: parsed by our own
# tokenizer, its QR checked against the status URL (as stored for the printer,
# and decoded by zbarimg from the printed raster), its QR and cut bytes
# compared with @point-of-sale/receipt-printer-encoder, and the raster ticket
# saved as a PNG for a person to look at.
import json
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import NODE_MODULES, TICKET
from escpos_tokens import qr_payload, raster_image, tokenize


def layout(tool, ticket_path, tmp_path, *options):
    out = tmp_path / "ticket.bin"
    subprocess.run([tool, "layout", *options, str(ticket_path), str(out)], check=True, timeout=60)
    return tokenize(out.read_bytes())


def zbar(png):
    run = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                         capture_output=True, text=True, timeout=60)
    return run.stdout.strip()


def check_structure(tokens):
    unknown = [t for t in tokens if t.name == "unknown"]
    assert not unknown, "commands the tokenizer does not know: %r" % [(t.args, t.raw[:8]) for t in unknown]
    assert tokens[0].name == "init"
    assert tokens[-1].name == "cut", "the ticket ends with its cut"
    assert tokens[-2].name == "feed" and tokens[-2].args["n"] >= 3, "paper fed so the cut is below the text"
    assert [t.name for t in tokens].count("cut") == 1
    assert not any(t.name == "status" for t in tokens), "no DLE EOT inside the ticket"


@pytest.mark.parametrize("width", [576, 384])
def test_raster_ticket_with_native_qr(tool, ticket_file, tmp_path, width):
    tokens = layout(tool, ticket_file(), tmp_path, "--width", str(width), "--text", "raster", "--qr", "native")
    check_structure(tokens)
    assert not any(t.name == "text" for t in tokens), "raster mode sends no printer-font text"
    rasters = [t for t in tokens if t.name == "raster"]
    assert rasters and all(t.args["width"] == width and t.args["m"] == 0 for t in rasters)
    assert all(t.args["height"] <= 255 for t in rasters)
    # QR: model 2, size, error level, store, print — in that order, between the head and the note.
    qr = [t for t in tokens if t.name == "qr"]
    assert [t.args["fn"] for t in qr] == [0x41, 0x43, 0x45, 0x50, 0x51]
    assert qr[0].args["params"] == b"\x32\x00"
    first_qr = tokens.index(qr[0])
    assert any(t.name == "raster" for t in tokens[:first_qr]), "office, field, number before the QR"
    assert any(t.name == "raster" for t in tokens[tokens.index(qr[-1]):]), "the note after the QR"
    assert qr_payload(tokens).decode() == TICKET["statusUrl"]


def test_qr_and_cut_bytes_match_the_reference_encoder(tool, ticket_file, tmp_path):
    tokens = layout(tool, ticket_file(), tmp_path, "--text", "ascii", "--qr", "native")
    ours_qr = b"".join(t.raw for t in tokens if t.name == "qr")
    ours_cut = next(t.raw for t in tokens if t.name == "cut")
    run = subprocess.run(["node", str(Path(__file__).with_name("encoder_reference.mjs")),
                          str(NODE_MODULES), TICKET["statusUrl"], "6", "m", "partial"],
                         capture_output=True, text=True, timeout=60, check=True)
    reference = json.loads(run.stdout)
    assert ours_qr.hex() == reference["qr"]
    assert ours_cut.hex() == reference["cut"]


def test_raster_ticket_png_decodes_to_the_status_url(tool, ticket_file, tmp_path, artifacts):
    for width in (576, 384):
        tokens = layout(tool, ticket_file(), tmp_path, "--width", str(width), "--text", "raster", "--qr", "raster")
        check_structure(tokens)
        assert not any(t.name == "qr" for t in tokens), "raster QR mode sends no GS ( k"
        png = artifacts / ("ticket.png" if width == 576 else "ticket-58mm.png")
        raster_image(tokens).convert("L").save(png)
        assert zbar(png) == TICKET["statusUrl"], "the QR printed on %s" % png


def test_reprint_is_marked(tool, ticket_file, tmp_path, artifacts):
    plain = layout(tool, ticket_file(), tmp_path, "--text", "raster", "--qr", "raster")
    again = layout(tool, ticket_file(reprint=True), tmp_path, "--text", "raster", "--qr", "raster")
    raster_image(again).convert("L").save(artifacts / "ticket-reprint.png")
    height = lambda tokens: sum(t.args["height"] for t in tokens if t.name == "raster")
    assert height(again) > height(plain), "a reprint has its BẢN IN LẠI line"
    assert decode_printed_qr(again, tmp_path) == TICKET["statusUrl"]


def decode_printed_qr(tokens, tmp_path):
    png = tmp_path / "check.png"
    raster_image(tokens).convert("L").save(png)
    return zbar(png)


def test_codepage_text_is_windows_1258(tool, ticket_file, tmp_path):
    tokens = layout(tool, ticket_file(), tmp_path, "--text", "codepage", "--code-page", "52", "--qr", "native")
    check_structure(tokens)
    assert tokens[1].name == "codepage" and tokens[1].args["n"] == 52
    # Python's own cp1258 codec, then NFC: tone marks are combining characters in CP1258.
    lines = [unicodedata.normalize("NFC", t.raw.decode("cp1258")) for t in tokens if t.name == "text"]
    assert "Lĩnh vực: Đất đai" in lines
    assert "Số người chờ trước: 3" in lines
    assert "Ưu tiên: Người cao tuổi" in lines
    assert TICKET["office"] in lines and TICKET["note"] in lines
    number = tokens.index(next(t for t in tokens if t.name == "text" and t.raw == b"A012"))
    size = [t for t in tokens[:number] if t.name == "size"][-1]
    assert size.args["width"] >= 3 and size.args["height"] >= 3, "the number is very large"


def test_ascii_text_is_the_last_resort(tool, ticket_file, tmp_path):
    tokens = layout(tool, ticket_file(), tmp_path, "--text", "ascii")
    check_structure(tokens)
    assert not any(t.name == "codepage" for t in tokens)
    lines = [t.raw.decode("ascii") for t in tokens if t.name == "text"]
    assert "Linh vuc: Dat dai" in lines and "So nguoi cho truoc: 3" in lines
