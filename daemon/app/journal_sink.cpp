#include "app/journal_sink.hpp"

#include <sys/stat.h>
#include <sys/uio.h>
// CODE_FILE/LINE/FUNC would name this sink for every record: left out.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace qmsd {

bool stderrIsJournal() {
    const char* env = std::getenv("JOURNAL_STREAM");
    if (env == nullptr) {
        return false;
    }
    unsigned long long dev = 0;
    unsigned long long ino = 0;
    if (std::sscanf(env, "%llu:%llu", &dev, &ino) != 2) {
        return false;
    }
    struct stat st {};
    return ::fstat(STDERR_FILENO, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

std::vector<std::pair<std::string, std::string>> journalFields(std::string_view m) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    while (i < m.size()) {
        // A key starts a word: after a space (or the start) and runs to '='.
        std::size_t start = i;
        while (i < m.size() && (std::isalnum(static_cast<unsigned char>(m[i])) != 0 || m[i] == '_')) {
            ++i;
        }
        bool wordStart = start == 0 || m[start - 1] == ' ';
        if (i < m.size() && m[i] == '=' && i > start && wordStart && m[start] != '_') {
            std::string key(m.substr(start, i - start));
            for (char& c : key) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            ++i;
            std::string value;
            if (i < m.size() && m[i] == '"') {
                std::size_t close = m.find('"', i + 1);
                close = close == std::string_view::npos ? m.size() : close;
                value = std::string(m.substr(i + 1, close - i - 1));
                i = close + 1;
            } else {
                std::size_t end = m.find(' ', i);
                end = end == std::string_view::npos ? m.size() : end;
                value = std::string(m.substr(i, end - i));
                i = end;
            }
            // Fields the journal owns or this sink sets are not overridden.
            if (key != "MESSAGE" && key != "PRIORITY" && key != "SYSLOG_IDENTIFIER" && key != "QMSD_MODULE" &&
                key != "OFFICE") {
                out.emplace_back(std::move(key), std::move(value));
            }
            continue;
        }
        i = start == i ? i + 1 : i;
    }
    return out;
}

void JournalSink::setOffice(std::string office) {
    std::lock_guard<std::mutex> lock(mutex_);
    office_ = std::move(office);
}

namespace {

int priorityOf(spdlog::level::level_enum l) {
    switch (l) {
    case spdlog::level::trace:
    case spdlog::level::debug:
        return 7;
    case spdlog::level::info:
        return 6;
    case spdlog::level::warn:
        return 4;
    case spdlog::level::err:
        return 3;
    case spdlog::level::critical:
        return 2;
    default:
        return 6;
    }
}

} // namespace

void JournalSink::sink_it_(const spdlog::details::log_msg& msg) {
    std::string_view text(msg.payload.data(), msg.payload.size());
    std::vector<std::string> lines;
    lines.push_back("MESSAGE=" + std::string(text));
    lines.push_back("PRIORITY=" + std::to_string(priorityOf(msg.level)));
    lines.push_back("SYSLOG_IDENTIFIER=qmsd");
    lines.push_back("QMSD_MODULE=" + std::string(msg.logger_name.data(), msg.logger_name.size()));
    if (!office_.empty()) {
        lines.push_back("OFFICE=" + office_);
    }
    // The event log's lines start with the event's kind ("ticket_called seq=…").
    if (msg.logger_name == "events") {
        lines.push_back("EVENT=" + std::string(text.substr(0, text.find(' '))));
    }
    for (auto& [key, value] : journalFields(text)) {
        lines.push_back(key + "=" + value);
    }
    std::vector<iovec> iov;
    iov.reserve(lines.size());
    for (auto& l : lines) {
        iov.push_back(iovec{l.data(), l.size()});
    }
    // A journal that is gone (stopped, restarting) loses the line, as stderr would.
    (void)sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
}

} // namespace qmsd
