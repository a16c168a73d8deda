#include "reports/day_digest.hpp"

namespace qmsd::reports {
namespace {

constexpr std::uint32_t kMagic = 0x51444431; // "QDD1"

// LEB128 varints with zigzag for signed values: a busy day is ~40 KB.
class Writer {
  public:
    void u(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    void s(std::int64_t v) { u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
    void str(std::string_view v) {
        u(v.size());
        out_.append(v);
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool atEnd() const { return pos_ == in_.size(); }
    std::uint64_t u() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= in_.size()) {
                ok_ = false;
                return 0;
            }
            auto b = static_cast<unsigned char>(in_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        ok_ = false;
        return 0;
    }
    std::int64_t s() {
        std::uint64_t v = u();
        return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
    }
    int i() { return static_cast<int>(s()); }
    std::string str() {
        std::uint64_t n = u();
        if (!ok_ || n > in_.size() - pos_) {
            ok_ = false;
            return {};
        }
        std::string v(in_.substr(pos_, n));
        pos_ += n;
        return v;
    }
    // A count that cannot exceed the bytes left (each element takes at least one).
    std::size_t count() {
        std::uint64_t n = u();
        if (n > in_.size() - pos_) {
            ok_ = false;
            return 0;
        }
        return static_cast<std::size_t>(n);
    }

  private:
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

void writeSamples(Writer& w, const std::vector<DigestSample>& v) {
    w.u(v.size());
    for (const auto& x : v) {
        w.u(static_cast<std::uint64_t>(x.slot));
        w.s(x.ms);
    }
}

bool readSamples(Reader& r, std::vector<DigestSample>& v, std::size_t slots) {
    v.resize(r.count());
    for (auto& x : v) {
        x.slot = static_cast<int>(r.u());
        x.ms = static_cast<std::int32_t>(r.s());
        if (x.slot < 0 || static_cast<std::size_t>(x.slot) >= slots) {
            return false;
        }
    }
    return r.ok();
}

bool indexOk(int idx, std::size_t size, bool allowNone) {
    return (allowNone && idx == -1) || (idx >= 0 && static_cast<std::size_t>(idx) < size);
}

} // namespace

std::string encodeDigest(const DayDigest& d) {
    Writer w;
    w.u(kMagic);
    w.str(d.day);
    w.u(d.active ? 1 : 0);
    w.u(static_cast<std::uint64_t>(d.weekday));
    w.s(d.lastSeq);
    w.u(d.fields.size());
    for (const auto& f : d.fields) {
        w.str(f);
    }
    w.u(d.staff.size());
    for (const auto& s : d.staff) {
        w.str(s);
    }
    w.u(d.slots.size());
    for (std::size_t i = 0; i < d.slots.size(); ++i) {
        const DigestSlot& s = d.slots[i];
        const SlotCounts& c = d.counts[i];
        w.s(s.field);
        w.s(s.counter);
        w.s(s.staff);
        w.u(static_cast<std::uint64_t>(s.hour));
        const Outcomes& o = c.outcomes;
        for (int v : {o.issued, o.served, o.noShow, o.cancelled, o.expired, o.transferred, o.stillOpen}) {
            w.u(static_cast<std::uint64_t>(v));
        }
        for (int v : c.levels) {
            w.u(static_cast<std::uint64_t>(v));
        }
        for (int v : c.channels) {
            w.u(static_cast<std::uint64_t>(v));
        }
    }
    writeSamples(w, d.waits);
    writeSamples(w, d.uncalled);
    writeSamples(w, d.services);
    w.u(d.counterTime.size());
    for (const auto& c : d.counterTime) {
        w.s(c.counter);
        w.s(c.openMs);
        w.s(c.busyMs);
        w.s(c.pausedMs);
        w.s(c.idleWhileWaitingMs);
    }
    w.u(d.pauses.size());
    for (const auto& p : d.pauses) {
        w.s(p.counter);
        w.str(p.reason);
        w.u(static_cast<std::uint64_t>(p.count));
        w.s(p.ms);
    }
    w.u(d.load.size());
    for (const auto& l : d.load) {
        w.u(static_cast<std::uint64_t>(l.field));
        w.u(static_cast<std::uint64_t>(l.hour));
        w.u(static_cast<std::uint64_t>(l.arrivals));
        w.s(l.serviceMs);
        w.u(static_cast<std::uint64_t>(l.serviceCount));
        w.s(l.counterMs);
    }
    w.u(d.estimates.size());
    for (const auto& x : d.estimates) {
        w.u(static_cast<std::uint64_t>(x.slot));
        w.s(x.estimateMs);
        w.s(x.waitMs);
    }
    w.u(d.questions.size());
    for (const auto& q : d.questions) {
        w.str(q);
    }
    w.u(d.answers.size());
    for (const auto& a : d.answers) {
        w.u(static_cast<std::uint64_t>(a.slot));
        w.u(static_cast<std::uint64_t>(a.question));
        for (int v : a.levels) {
            w.u(static_cast<std::uint64_t>(v));
        }
    }
    w.u(d.comments.size());
    for (const auto& c : d.comments) {
        w.u(static_cast<std::uint64_t>(c.slot));
        w.s(c.atMs);
        w.str(c.code);
        w.u(static_cast<std::uint64_t>(c.level));
        w.str(c.text);
    }
    return w.take();
}

std::optional<DayDigest> decodeDigest(std::string_view blob) {
    Reader r(blob);
    if (r.u() != kMagic || !r.ok()) {
        return std::nullopt;
    }
    DayDigest d;
    d.day = r.str();
    d.active = r.u() != 0;
    d.weekday = static_cast<int>(r.u());
    d.lastSeq = r.s();
    d.fields.resize(r.count());
    for (auto& f : d.fields) {
        f = r.str();
    }
    d.staff.resize(r.count());
    for (auto& s : d.staff) {
        s = r.str();
    }
    std::size_t slots = r.count();
    d.slots.resize(slots);
    d.counts.resize(slots);
    for (std::size_t i = 0; i < slots && r.ok(); ++i) {
        DigestSlot& s = d.slots[i];
        SlotCounts& c = d.counts[i];
        s.field = r.i();
        s.counter = r.i();
        s.staff = r.i();
        s.hour = static_cast<int>(r.u());
        Outcomes& o = c.outcomes;
        for (int* v : {&o.issued, &o.served, &o.noShow, &o.cancelled, &o.expired, &o.transferred, &o.stillOpen}) {
            *v = static_cast<int>(r.u());
        }
        for (int& v : c.levels) {
            v = static_cast<int>(r.u());
        }
        for (int& v : c.channels) {
            v = static_cast<int>(r.u());
        }
        if (!indexOk(s.field, d.fields.size(), true) || !indexOk(s.staff, d.staff.size(), true) || s.hour < 0 ||
            s.hour > 23) {
            return std::nullopt;
        }
    }
    for (auto* v : {&d.waits, &d.uncalled, &d.services}) {
        if (!readSamples(r, *v, slots)) {
            return std::nullopt;
        }
    }
    d.counterTime.resize(r.count());
    for (auto& c : d.counterTime) {
        c.counter = r.i();
        c.openMs = r.s();
        c.busyMs = r.s();
        c.pausedMs = r.s();
        c.idleWhileWaitingMs = r.s();
    }
    d.pauses.resize(r.count());
    for (auto& p : d.pauses) {
        p.counter = r.i();
        p.reason = r.str();
        p.count = static_cast<int>(r.u());
        p.ms = r.s();
    }
    d.load.resize(r.count());
    for (auto& l : d.load) {
        l.field = static_cast<int>(r.u());
        l.hour = static_cast<int>(r.u());
        l.arrivals = static_cast<int>(r.u());
        l.serviceMs = r.s();
        l.serviceCount = static_cast<int>(r.u());
        l.counterMs = r.s();
        if (!indexOk(l.field, d.fields.size(), false) || l.hour < 0 || l.hour > 23) {
            return std::nullopt;
        }
    }
    d.estimates.resize(r.count());
    for (auto& x : d.estimates) {
        x.slot = static_cast<int>(r.u());
        x.estimateMs = static_cast<std::int32_t>(r.s());
        x.waitMs = static_cast<std::int32_t>(r.s());
        if (x.slot < 0 || static_cast<std::size_t>(x.slot) >= slots) {
            return std::nullopt;
        }
    }
    d.questions.resize(r.count());
    for (auto& q : d.questions) {
        q = r.str();
    }
    d.answers.resize(r.count());
    for (auto& a : d.answers) {
        a.slot = static_cast<int>(r.u());
        a.question = static_cast<int>(r.u());
        for (int& v : a.levels) {
            v = static_cast<int>(r.u());
        }
        if (!indexOk(a.slot, slots, false) || !indexOk(a.question, d.questions.size(), false)) {
            return std::nullopt;
        }
    }
    d.comments.resize(r.count());
    for (auto& c : d.comments) {
        c.slot = static_cast<int>(r.u());
        c.atMs = r.s();
        c.code = r.str();
        c.level = static_cast<int>(r.u());
        c.text = r.str();
        if (!indexOk(c.slot, slots, false)) {
            return std::nullopt;
        }
    }
    if (!r.ok() || !r.atEnd() || d.weekday < 0 || d.weekday > 6) {
        return std::nullopt;
    }
    return d;
}

std::int64_t configHash(const OfficeConfig& cfg) {
    // FNV-1a over a canonical text of what the replay reads from the config.
    std::uint64_t h = 1469598103934665603ULL;
    auto add = [&h](std::string_view s) {
        for (char ch : s) {
            h ^= static_cast<unsigned char>(ch);
            h *= 1099511628211ULL;
        }
        h ^= 0xff; // separator
        h *= 1099511628211ULL;
    };
    add(cfg.office.timeZone);
    for (const auto& c : cfg.counters) {
        add("c" + std::to_string(c.number));
        for (const auto& f : c.fields) {
            add(f);
        }
    }
    for (const auto& s : cfg.staff) {
        add("s" + s.id);
        for (const auto& f : s.fields) {
            add(f);
        }
    }
    return static_cast<std::int64_t>(h);
}

} // namespace qmsd::reports
