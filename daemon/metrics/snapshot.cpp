#include "metrics/snapshot.hpp"

#include "analytics/field_figures.hpp"
#include "app/daemon.hpp"
#include "app/live_analytics.hpp"
#include "devices/device_manager.hpp"
#include "devices/printer_manager.hpp"
#include "escpos/printer_status.hpp"
#include "metrics/metrics.hpp"

#include <sys/statvfs.h>

#include <array>
#include <filesystem>

namespace qmsd::metrics {
namespace {

using Families = std::vector<prometheus::MetricFamily>;

void addFields(Daemon& daemon, TimePoint now, Families& out) {
    const QueueEngine& engine = daemon.journal().engine();
    const auto& flags = daemon.analytics().flags();
    auto waiting = gaugeFamily("qmsd_field_waiting", "Tickets waiting in the field's queue now");
    auto longest = gaugeFamily("qmsd_field_longest_wait_seconds",
                               "How long the longest-waiting ticket of the field has waited so far");
    auto target = gaugeFamily("qmsd_field_target_wait_seconds", "The field's configured target wait");
    auto flag = gaugeFamily("qmsd_field_flag",
                            "The field's staffing flag: 0 ok, 1 watch, 2 need_staff (GET /stats/fields says why)");
    auto issued = gaugeFamily("qmsd_field_issued_today", "Tickets issued in the field today (local day)");
    for (const auto& f : daemon.config().fields) {
        addSample(waiting, {{"field", f.id}}, static_cast<double>(engine.waiting(f.id)));
        addSample(longest, {{"field", f.id}}, longestWaitMinutes(engine, f.id, now) * 60.0);
        addSample(target, {{"field", f.id}}, f.targetWaitMinutes * 60.0);
        addSample(flag, {{"field", f.id}}, static_cast<double>(static_cast<int>(flags.level(f.id))));
        addSample(issued, {{"field", f.id}}, engine.issuedToday(f.id));
    }
    out.push_back(std::move(waiting));
    out.push_back(std::move(longest));
    out.push_back(std::move(target));
    out.push_back(std::move(flag));
    out.push_back(std::move(issued));
}

void addCounters(Daemon& daemon, Families& out) {
    const QueueEngine& engine = daemon.journal().engine();
    constexpr std::array states{CounterState::closed, CounterState::idle, CounterState::calling,
                                CounterState::serving, CounterState::paused};
    std::array<int, states.size()> count{};
    auto pausedFor = gaugeFamily("qmsd_counter_paused", "1 while the counter is paused, by reason");
    for (const auto& [number, c] : engine.counters()) {
        CounterState s = engine.counterState(number);
        for (std::size_t i = 0; i < states.size(); ++i) {
            count[i] += states[i] == s ? 1 : 0;
        }
        if (s == CounterState::paused) {
            addSample(pausedFor, {{"counter", std::to_string(number)}, {"reason", c.pauseReason}}, 1);
        }
    }
    // Configured counters the engine has not seen today are closed.
    int configured = static_cast<int>(daemon.config().counters.size());
    int seen = static_cast<int>(engine.counters().size());
    if (configured > seen) {
        count[0] += configured - seen;
    }
    auto counters = gaugeFamily("qmsd_counters", "Counters by state (closed, idle, calling, serving, paused)");
    for (std::size_t i = 0; i < states.size(); ++i) {
        addSample(counters, {{"state", std::string(counterStateName(states[i]))}}, count[i]);
    }
    out.push_back(std::move(counters));
    out.push_back(std::move(pausedFor));
}

void addDevices(Daemon& daemon, Families& out) {
    auto up = gaugeFamily("qmsd_device_up", "1 while the unit answers on its bus, 0 while it is lost");
    auto frames = counterFamily("qmsd_device_frames_total", "Requests the unit answered");
    auto retries = counterFamily("qmsd_device_retries_total", "Requests sent again");
    auto timeouts = counterFamily("qmsd_device_timeouts_total", "Requests the unit did not answer in time");
    auto bad = counterFamily("qmsd_device_bad_frames_total",
                             "Frames with a bad checksum, a wrong unit, truncated or unknown");
    auto refusals = counterFamily("qmsd_device_refusals_total", "Writes the unit answered with an exception");
    for (const auto& h : daemon.devices().health()) {
        std::vector<prometheus::ClientMetric::Label> l{{"device", h.device}, {"bus", h.bus}};
        addSample(up, l, h.online ? 1 : 0);
        addSample(frames, l, static_cast<double>(h.frames));
        addSample(retries, l, static_cast<double>(h.retries));
        addSample(timeouts, l, static_cast<double>(h.timeouts));
        addSample(bad, l, static_cast<double>(h.badFrames));
        addSample(refusals, l, static_cast<double>(h.refusals));
    }
    for (auto* f : {&up, &frames, &retries, &timeouts, &bad, &refusals}) {
        out.push_back(std::move(*f));
    }
}

void addPrinters(Daemon& daemon, Families& out) {
    auto ready = gaugeFamily("qmsd_printer_ready", "1 while the ticket printer reports no fault");
    auto fault = gaugeFamily("qmsd_printer_fault", "1 for the printer's current fault (none while ready)");
    auto nearEnd = gaugeFamily("qmsd_printer_paper_near_end", "1 while the printer reports its paper roll near its end");
    auto printed = counterFamily("qmsd_printer_printed_total", "Tickets printed");
    auto failed = counterFamily("qmsd_printer_failed_total", "Prints that failed");
    for (const auto& p : daemon.printers().printers()) {
        std::vector<prometheus::ClientMetric::Label> l{{"printer", p.config.id}};
        addSample(ready, l, p.seen && p.state.fault == escpos::PrinterFault::none ? 1 : 0);
        addSample(fault, {{"printer", p.config.id}, {"fault", std::string(escpos::faultName(p.state.fault))}}, 1);
        addSample(nearEnd, l, p.state.status.paperNearEnd ? 1 : 0);
        addSample(printed, l, static_cast<double>(p.state.printed));
        addSample(failed, l, static_cast<double>(p.state.failed));
    }
    for (auto* f : {&ready, &fault, &nearEnd, &printed, &failed}) {
        out.push_back(std::move(*f));
    }
}

// The store's disk: Prometheus can warn before a full disk refuses commits.
void addStorage(Daemon& daemon, Families& out) {
    std::filesystem::path db = daemon.databasePath();
    auto avail = gaugeFamily("qmsd_data_filesystem_avail_bytes",
                             "Bytes free to qmsd on the filesystem of the data directory");
    auto size = gaugeFamily("qmsd_data_filesystem_size_bytes", "Size of the filesystem of the data directory");
    struct statvfs vfs {};
    if (::statvfs(db.parent_path().c_str(), &vfs) == 0) {
        addSample(avail, {}, static_cast<double>(vfs.f_bavail) * static_cast<double>(vfs.f_frsize));
        addSample(size, {}, static_cast<double>(vfs.f_blocks) * static_cast<double>(vfs.f_frsize));
    }
    auto store = gaugeFamily("qmsd_store_bytes", "Size of the store (qmsd.db and its write-ahead log)");
    std::error_code ec;
    double bytes = 0;
    for (const char* suffix : {"", "-wal"}) {
        auto n = std::filesystem::file_size(db.string() + suffix, ec);
        bytes += ec ? 0 : static_cast<double>(n);
    }
    addSample(store, {}, bytes);
    out.push_back(std::move(avail));
    out.push_back(std::move(size));
    out.push_back(std::move(store));
}

} // namespace

Families snapshotFamilies(Daemon& daemon, std::size_t streamClients, TimePoint now) {
    Families out;
    auto info = gaugeFamily("qmsd_info", "Always 1: the running version and office");
    addSample(info, {{"version", QMSD_VERSION}, {"office", daemon.config().office.name}}, 1);
    out.push_back(std::move(info));
    auto seq = gaugeFamily("qmsd_last_event_seq", "The last committed event's sequence number (grows, never repeats)");
    addSample(seq, {}, static_cast<double>(daemon.journal().engine().lastSeq()));
    out.push_back(std::move(seq));
    addFields(daemon, now, out);
    addCounters(daemon, out);
    addDevices(daemon, out);
    addPrinters(daemon, out);
    auto stream = gaugeFamily("qmsd_stream_clients", "WebSocket clients on the live stream (TVs, kiosks, counters, pages)");
    addSample(stream, {}, static_cast<double>(streamClients));
    out.push_back(std::move(stream));
    addStorage(daemon, out);
    return out;
}

} // namespace qmsd::metrics
