#include "app/logging.hpp"

#include "app/journal_sink.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace qmsd {
namespace {

std::shared_ptr<JournalSink>& journalSink() {
    static std::shared_ptr<JournalSink> sink;
    return sink;
}

// Under systemd with stderr to the journal: records with structured fields
// (journal_sink.hpp); elsewhere plain lines on stderr.
spdlog::sink_ptr& sharedSink() {
    static spdlog::sink_ptr sink = [] () -> spdlog::sink_ptr {
        if (stderrIsJournal()) {
            journalSink() = std::make_shared<JournalSink>();
            return journalSink();
        }
        return std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    }();
    return sink;
}

} // namespace

void initLogging(const std::string& level) {
    // Under systemd the journal adds its own timestamp; keep ours (local time)
    // for people reading a terminal or a file.
    sharedSink()->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v");
    setLogLevel(level);
}

void setLogOffice(const std::string& office) {
    sharedSink(); // decided before the first record
    if (journalSink()) {
        journalSink()->setOffice(office);
    }
}

std::shared_ptr<spdlog::logger> moduleLogger(const std::string& name) {
    if (auto existing = spdlog::get(name)) {
        return existing;
    }
    auto logger = std::make_shared<spdlog::logger>(name, sharedSink());
    logger->set_level(spdlog::get_level());
    spdlog::register_logger(logger);
    return logger;
}

void setLogLevel(const std::string& level) {
    auto lvl = spdlog::level::from_str(level);
    spdlog::set_level(lvl);
    spdlog::apply_all([lvl](const std::shared_ptr<spdlog::logger>& l) { l->set_level(lvl); });
}

} // namespace qmsd
