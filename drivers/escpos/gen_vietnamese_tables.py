#!/usr/bin/python3
"""Writes vietnamese_tables.cpp from Python's unicodedata and cp1258 codec:
Vietnamese letters as decomposed sequences, and their Windows-1258 bytes."""
import os
import unicodedata as ud
letters = set()
bases = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
for b in bases:
    for t in tones:
        letters.add(ud.normalize("NFC", b + t))
letters |= set("đĐ")
# composition: sequences (NFD and base-with-modifier + tone) -> NFC
comp = {}
for c in letters:
    d = ud.normalize("NFD", c)
    if len(d) > 1:
        comp[d] = c
    # precomposed base (modifier kept) + tone
    tl = [x for x in d if x in tones[1:]]
    if tl:
        base = ud.normalize("NFC", d.replace(tl[0], "", 1))
        if len(base) == 1 and base != c:
            comp[base + tl[0]] = c
comp_entries = sorted(comp.items())
# cp1258: every char encodable directly, else NFC base + tone mark
cp = {}
for i in range(256):
    try:
        ch = bytes([i]).decode("cp1258")
        cp[ord(ch)] = bytes([i])
    except UnicodeDecodeError:
        pass
for c in letters:
    if ord(c) in cp: continue
    d = ud.normalize("NFD", c)
    tone = [x for x in d if x in tones[1:]][0]
    base = ud.normalize("NFC", d.replace(tone, "", 1))
    cp[ord(c)] = base.encode("cp1258") + tone.encode("cp1258")
out = []
out.append("// Generated with Python's unicodedata and cp1258 codec (gen_vietnamese_tables.py): Vietnamese\n// letters as Unicode sequences, and their Windows-1258 bytes. Do not edit by hand.\n")
out.append('#include "escpos/vietnamese_tables.hpp"\n\nnamespace qmsd::escpos {\n')
out.append("const std::vector<Composition> kCompositions = {\n")
for seq, c in comp_entries:
    cps = [ord(x) for x in seq] + [0] * (3 - len(seq))
    out.append("    {{0x%04X, 0x%04X, 0x%04X}, 0x%04X},\n" % (*cps, ord(c)))
out.append("};\n\nconst std::vector<Cp1258Entry> kCp1258 = {\n")
for k in sorted(cp):
    if k < 0x80: continue
    b = cp[k]
    out.append("    {0x%04X, 0x%02X, 0x%02X},\n" % (k, b[0], b[1] if len(b) > 1 else 0))
out.append("};\n\n} // namespace qmsd::escpos\n")
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "vietnamese_tables.cpp"), "w").write("".join(out))
print("%d compositions, %d CP1258 entries" % (len(comp_entries), len([k for k in cp if k >= 0x80])))
