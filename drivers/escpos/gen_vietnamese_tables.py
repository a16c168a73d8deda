#!/usr/bin/python3
"""Writes vietnamese_tables.cpp from Python's unicodedata: each Vietnamese letter's
decomposed sequences (NFD, and a keyboard's base-with-modifier + tone) and the
precomposed letter. Windows-1258 bytes come from glibc's iconv (text_encoding.cpp)."""
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
out = []
out.append("// Generated with Python's unicodedata (gen_vietnamese_tables.py): decomposed Vietnamese\n// letters and the precomposed letter each stands for. Do not edit by hand.\n")
out.append('#include "escpos/vietnamese_tables.hpp"\n\nnamespace qmsd::escpos {\n')
out.append("const std::vector<Composition> kCompositions = {\n")
for seq, c in comp_entries:
    cps = [ord(x) for x in seq] + [0] * (3 - len(seq))
    out.append("    {{0x%04X, 0x%04X, 0x%04X}, 0x%04X},\n" % (*cps, ord(c)))
out.append("};\n\n} // namespace qmsd::escpos\n")
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "vietnamese_tables.cpp"), "w").write("".join(out))
print("%d compositions" % len(comp_entries))
