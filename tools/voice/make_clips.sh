#!/bin/sh
# Generates qmsd's default voice clips: one 22.05 kHz 16-bit mono WAV per
# word or phrase, spoken by espeak-ng's Vietnamese (northern) voice, plus a
# synthesized two-tone chime. Run by the build (daemon/voice/CMakeLists.txt).
#
#   make_clips.sh OUTDIR ["extra phrase" ...]
#
# Extra phrases are for an office's own template: each becomes
# say_<words without tone marks, joined by _>.wav, the name qmsd looks for.
# Any file can be replaced by a recording of the same name (16-bit mono,
# same sample rate) in the office's [voice] clip_dir.
set -eu
out=${1:?usage: make_clips.sh OUTDIR [phrase...]}
shift
voice=${QMSD_ESPEAK_VOICE:-vi}
speed=${QMSD_ESPEAK_SPEED:-140}
py=/usr/bin/python3
mkdir -p "$out"

say() { # id text
    espeak-ng -v "$voice" -s "$speed" -w "$out/$1.wav" "$2"
}

# The fixed vocabulary (daemon/voice/vocabulary.cpp has the same table).
while IFS='|' read -r id text; do
    [ -n "$id" ] && say "$id" "$text"
done <<'WORDS'
num_0|không
num_1|một
num_2|hai
num_3|ba
num_4|bốn
num_5|năm
num_6|sáu
num_7|bảy
num_8|tám
num_9|chín
muoi|mười
muoi_tens|mươi
tram|trăm
nghin|nghìn
ngan|ngàn
linh|linh
le|lẻ
mot_tens|mốt
tu|tư
lam|lăm
letter_a|a
letter_b|bê
letter_c|xê
letter_d|dê
letter_dd|đê
letter_e|e
letter_f|ép
letter_g|giê
letter_h|hát
letter_i|i
letter_j|gi
letter_k|ca
letter_l|e lờ
letter_m|em mờ
letter_n|en nờ
letter_o|o
letter_p|pê
letter_q|quy
letter_r|e rờ
letter_s|ét xì
letter_t|tê
letter_u|u
letter_v|vê
letter_w|vê kép
letter_x|ích xì
letter_y|i dài
letter_z|dét
WORDS

# Phrases of the default template, and words common in offices' own
# templates (a phrase without its own clip is said word by word).
phrase_ids() { # one "id|phrase" line per argument
    "$py" -c '
import sys, unicodedata
for phrase in sys.argv[1:]:
    s = phrase.replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()
    words, cur = [], ""
    for c in s + " ":
        if ("a" <= c <= "z") or ("0" <= c <= "9"):
            cur += c
        elif cur:
            words.append(cur)
            cur = ""
    print("_".join(["say"] + words) + "|" + phrase)' "$@"
}
phrase_ids "Mời công dân có số" "đến quầy số" "Xin mời" "Mời" "công dân" "có số" "đến" \
    "quầy" "số" "xin" "công" "dân" "có" "khách hàng" "khách" "hàng" "tại" "phòng" "bàn" \
    "ông bà" "ông" "bà" "vui lòng" "vui" "lòng" "lĩnh vực" "lĩnh" "vực" "tiếp nhận" "tiếp" \
    "nhận" "trả kết quả" "trả" "kết" "quả" "thứ tự" "thứ" "tự" "xin cảm ơn" "cảm ơn" \
    "cảm" "ơn" "lần" "nữa" "$@" |
while IFS='|' read -r id text; do
    say "$id" "$text"
done

# Ding-dong: two bell-like tones (a fundamental and two partials, decaying).
"$py" - "$out/chime.wav" <<'PY'
import math, struct, sys, wave
rate = 22050
def bell(freq, seconds):
    n = int(rate * seconds)
    out = []
    for i in range(n):
        t = i / rate
        env = math.exp(-3.5 * t) * min(1.0, i / (0.004 * rate))
        s = (math.sin(2 * math.pi * freq * t) + 0.4 * math.sin(2 * math.pi * 2 * freq * t)
             + 0.15 * math.sin(2 * math.pi * 3 * freq * t))
        out.append(env * s / 1.55)
    return out
samples = bell(659.25, 0.55) + bell(523.25, 0.9)
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(rate)
    w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) * 20000)) for s in samples))
PY
