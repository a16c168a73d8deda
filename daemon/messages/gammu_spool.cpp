#include "messages/gammu_spool.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <exception>
#include <optional>
#include <system_error>

namespace qmsd {
namespace {

// gammu-smsd reads at most GSM_MAX_SMS_LENGTH * GSM_MAX_MULTI_SMS (8000)
// characters of a file and silently drops the rest: refuse instead.
constexpr std::size_t kMaxChars = 7999;

std::string errnoText(int err) {
    return std::generic_category().message(err);
}

std::string joinPath(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir.back() == '/') {
        return dir + name;
    }
    return dir + "/" + name;
}

// The number becomes part of a file name gammu-smsd splits on '_' and '.',
// so only digits (and a leading '+') may go there.
bool usableRecipient(const std::string& to) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < to.size(); ++i) {
        bool plus = i == 0 && to[i] == '+';
        if (!plus && (to[i] < '0' || to[i] > '9')) {
            return false;
        }
        digits += plus ? 0 : 1;
    }
    return digits >= 3 && digits <= 20;
}

void appendUnit(std::string& out, char32_t unit) {
    out.push_back(static_cast<char>(unit & 0xFF));
    out.push_back(static_cast<char>((unit >> 8) & 0xFF));
}

// UTF-8 to UTF-16LE with a BOM, the one Unicode form gammu-smsd recognises;
// nullopt for malformed UTF-8. `chars` counts UTF-16 units, as gammu does.
std::optional<std::string> toUtf16le(std::string_view s, std::size_t& chars) {
    static constexpr char32_t kMinFor[] = {0, 0, 0x80, 0x800, 0x10000};
    std::string out = "\xFF\xFE";
    chars = 0;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
        if (len == 0 || i + len > s.size()) {
            return std::nullopt;
        }
        char32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return std::nullopt;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < kMinFor[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return std::nullopt;
        }
        if (cp >= 0x10000) {
            appendUnit(out, 0xD800 + ((cp - 0x10000) >> 10));
            appendUnit(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
            chars += 2;
        } else {
            appendUnit(out, cp);
            chars += 1;
        }
        i += len;
    }
    return out;
}

bool plainAscii(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

// The name of the file in `dir` whose name holds `tag`, "" for none; nullopt
// (with errno in `err`) when the folder cannot be read.
std::optional<std::string> findTagged(const std::string& dir, const std::string& tag, int& err) {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        err = errno;
        return std::nullopt;
    }
    std::string found;
    errno = 0;
    while (dirent* e = ::readdir(d)) {
        std::string_view name = e->d_name;
        if (name.find(tag) != std::string_view::npos) {
            found = name;
            break;
        }
    }
    err = errno;
    ::closedir(d);
    if (found.empty() && err != 0) {
        return std::nullopt;
    }
    return found;
}

bool writeAll(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Writes `data` to `path` and makes it durable; "" or why not (naming the path).
std::string writeDurably(const std::string& path, const std::string& data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return "cannot create " + path + ": " + errnoText(errno);
    }
    std::string why;
    if (!writeAll(fd, data)) {
        why = "cannot write " + path + ": " + errnoText(errno);
    } else if (::fsync(fd) != 0) {
        why = "cannot fsync " + path + ": " + errnoText(errno);
    }
    if (::close(fd) != 0 && why.empty()) {
        why = "cannot close " + path + ": " + errnoText(errno);
    }
    if (!why.empty()) {
        ::unlink(path.c_str());
    }
    return why;
}

std::string fsyncDir(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return "cannot open " + dir + ": " + errnoText(errno);
    }
    std::string why = ::fsync(fd) == 0 ? "" : "cannot fsync " + dir + ": " + errnoText(errno);
    ::close(fd);
    return why;
}

// OUT<priority><date>_<time>_<serial>_<recipient>_<note>.txt; the date only
// orders the queue (gammu-smsd sends in name order), so UTC will do.
std::string spoolName(const OutgoingMessage& m) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &tm);
    return std::string("OUTB") + stamp + "_00_" + m.to + "_qmsd" + std::to_string(m.id) + ".txt";
}

class GammuSpool final : public MessageTransport {
  public:
    explicit GammuSpool(GammuSpoolOptions o) : o_(std::move(o)) {}

    std::string_view name() const override { return "gammu"; }
    // send() finds an id already in outbox, sent or error and writes nothing.
    bool recognisesRepeats() const override { return true; }

    Handoff send(const OutgoingMessage& m) override {
        try {
            return sendChecked(m);
        } catch (const std::exception& e) { // only allocation can throw here
            return {HandoffResult::retry, std::string("internal error: ") + e.what()};
        }
    }

    Delivery status(std::int64_t id) override {
        try {
            return statusChecked(id);
        } catch (const std::exception& e) {
            return {DeliveryState::unknown, std::string("internal error: ") + e.what()};
        }
    }

  private:
    Handoff sendChecked(const OutgoingMessage& m) {
        if (!usableRecipient(m.to)) {
            return {HandoffResult::rejected, "recipient '" + m.to + "' is not a phone number"};
        }
        std::size_t chars = m.text.size();
        std::optional<std::string> body = m.text;
        if (!plainAscii(m.text)) { // ASCII reads the same in any locale gammu-smsd runs in
            body = toUtf16le(m.text, chars);
        }
        if (!body) {
            return {HandoffResult::rejected, "text is not valid UTF-8"};
        }
        if (chars > kMaxChars) {
            return {HandoffResult::rejected,
                    "text too long for gammu-smsd (" + std::to_string(chars) + " characters)"};
        }
        // A repeat after a crash must not queue a second copy: the citizen
        // would get the SMS twice.
        std::string tag = "_qmsd" + std::to_string(m.id) + ".";
        for (const std::string* dir : {&o_.outboxPath, &o_.sentPath, &o_.errorPath}) {
            int err = 0;
            auto found = findTagged(*dir, tag, err);
            if (!found) {
                return {HandoffResult::retry, "cannot read " + *dir + ": " + errnoText(err)};
            }
            if (!found->empty()) {
                return {HandoffResult::accepted, "already spooled as " + joinPath(*dir, *found)};
            }
        }
        // gammu-smsd skips names starting with '.', and rename() is atomic:
        // it never reads a half-written message.
        std::string temp = joinPath(o_.outboxPath, ".qmsd" + std::to_string(m.id) + ".tmp");
        if (std::string why = writeDurably(temp, *body); !why.empty()) {
            return {HandoffResult::retry, why};
        }
        std::string final = joinPath(o_.outboxPath, spoolName(m));
        if (::rename(temp.c_str(), final.c_str()) != 0) {
            std::string why = "cannot rename " + temp + " to " + final + ": " + errnoText(errno);
            ::unlink(temp.c_str());
            return {HandoffResult::retry, why};
        }
        // Visible to gammu-smsd now, so it is handed over even if the folder
        // cannot be synced; a lost rename after a power cut is asked again.
        std::string why = "spooled as " + final;
        if (std::string syncWhy = fsyncDir(o_.outboxPath); !syncWhy.empty()) {
            why += " (" + syncWhy + ")";
        }
        return {HandoffResult::accepted, why};
    }

    Delivery statusChecked(std::int64_t id) {
        std::string tag = "_qmsd" + std::to_string(id) + ".";
        // Sent first: a move across file systems copies before it unlinks.
        struct Place {
            const std::string* dir;
            DeliveryState state;
        };
        const Place places[] = {{&o_.sentPath, DeliveryState::sent},
                                {&o_.errorPath, DeliveryState::failed},
                                {&o_.outboxPath, DeliveryState::pending}};
        std::string unreadable;
        for (const Place& p : places) {
            int err = 0;
            auto found = findTagged(*p.dir, tag, err);
            if (!found) {
                unreadable = "cannot read " + *p.dir + ": " + errnoText(err);
            } else if (!found->empty()) {
                std::string why = p.state == DeliveryState::failed
                                      ? "gammu-smsd moved it to " + o_.errorPath
                                      : "";
                return {p.state, why};
            }
        }
        return {DeliveryState::unknown, unreadable};
    }

    GammuSpoolOptions o_;
};

} // namespace

std::unique_ptr<MessageTransport> makeGammuSpool(GammuSpoolOptions o) {
    return std::make_unique<GammuSpool>(std::move(o));
}

} // namespace qmsd
