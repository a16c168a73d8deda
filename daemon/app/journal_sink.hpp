#pragma once
// Log records to the systemd journal with structured fields, when qmsd runs
// under systemd with its standard error connected to the journal (systemd
// sets JOURNAL_STREAM to that stream's device:inode; the check is the one
// systemd.exec(5) recommends). Elsewhere (a terminal, a file, the tests'
// pipes) nothing changes: plain lines on standard error.
//
// The project's log lines are written as `key=value` fields (STYLE.md 9);
// each becomes a journal field of the upper-cased key, so
//   journalctl -u qmsd FIELD=ho_tich    journalctl -u qmsd TICKET=A012
//   journalctl -u qmsd COUNTER=3        journalctl -u qmsd OFFICE="UBND Phường Mẫu"
// find what they say. Every record also carries PRIORITY (from the level),
// SYSLOG_IDENTIFIER=qmsd, QMSD_MODULE (the logger: daemon, events, store…)
// and OFFICE once the config is loaded.
#include <spdlog/sinks/base_sink.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace qmsd {

// Whether standard error is the journal stream systemd gave us.
bool stderrIsJournal();

// `key=value` pairs of a log message ("value" may be double-quoted), as
// journal fields: upper-cased keys of [A-Za-z0-9_], not starting with '_'.
std::vector<std::pair<std::string, std::string>> journalFields(std::string_view message);

class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    void setOffice(std::string office);

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}

  private:
    std::string office_;
};

} // namespace qmsd
