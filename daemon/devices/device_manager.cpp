#include "devices/device_manager.hpp"

#include "app/daemon.hpp"
#include "app/logging.hpp"
#include "core/transliterate.hpp"
#include "devices/board_info.hpp"
#include "devices/keypad_actions.hpp"
#include "modbus/register_profile.hpp"

#include <algorithm>

namespace qmsd {

using drivers::BoardState;
using drivers::DisplayState;

DeviceManager::DeviceManager(boost::asio::io_context& io, Daemon& daemon)
    : io_(io), daemon_(daemon), log_(moduleLogger("devices")), pageTimer_(io) {}

DeviceManager::~DeviceManager() { stop(); }

Status DeviceManager::start() {
    const OfficeConfig& cfg = daemon_.config();
    auto counters = daemon_.store().loadPressCounters();
    for (const auto& bus : cfg.buses) {
        const auto* factory = drivers::findBusFactory(bus.type);
        if (factory == nullptr) {
            return makeError(ErrorCode::configInvalid,
                             "bus '" + bus.id + "': no driver for type '" + bus.type + "' in this build");
        }
        std::vector<DeviceConfig> units;
        for (const auto& d : cfg.devices) {
            if (d.bus != bus.id) {
                continue;
            }
            std::string why;
            if (bus.type.rfind("modbus", 0) == 0 && !drivers::modbus::profileFor(d, &why)) {
                return makeError(ErrorCode::configInvalid, "device '" + d.id + "': " + why);
            }
            units.push_back(d);
            health_[d.id] = drivers::UnitHealth{d.id, bus.id, false, "not contacted yet"};
        }
        drivers::BusCallbacks callbacks{[this](const drivers::KeyPress& p) { onKey(p); },
                                        [this](const drivers::UnitHealth& h) { onHealth(h); }};
        auto instance = (*factory)(io_, bus, units, std::move(callbacks));
        if (counters) {
            for (const auto& d : units) {
                if (auto it = counters->find(d.id); it != counters->end()) {
                    instance->setPressCounter(d.id, it->second);
                }
            }
        }
        instance->start();
        buses_[bus.id] = std::move(instance);
        log_->info("bus started id={} type={} units={}", bus.id, bus.type, units.size());
    }
    for (const auto& c : cfg.counters) {
        refreshCounter(c.number, false);
    }
    refreshBoards();
    if (!buses_.empty()) {
        armPageTimer();
    }
    return Ok{};
}

void DeviceManager::armPageTimer() {
    pageTimer_.expires_after(std::chrono::seconds{daemon_.config().display.boardPageSeconds});
    pageTimer_.async_wait([this](boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        ++pageTick_;
        // Also how a notice that starts or ends reaches the boards.
        refreshBoards();
        for (const auto& [number, c] : daemon_.journal().engine().counters()) {
            if (daemon_.journal().engine().counterState(number) == CounterState::paused) {
                refreshCounter(number, false);
            }
        }
        armPageTimer();
    });
}

void DeviceManager::stop() {
    pageTimer_.cancel();
    for (auto& [id, bus] : buses_) {
        bus->stop();
    }
    buses_.clear();
}

drivers::Bus* DeviceManager::busOf(const DeviceConfig& d) {
    auto it = buses_.find(d.bus);
    return it == buses_.end() ? nullptr : it->second.get();
}

DisplayState DeviceManager::displayFor(const QueueEngine& engine, int counter, bool justCalled) {
    DisplayState s = displayTextFor(engine, counter, justCalled);
    // Keypads with a display also show how many wait for this counter's fields.
    if (const CounterConfig* cfg = engine.config().counter(counter)) {
        std::size_t waiting = 0;
        for (const auto& f : cfg->fields) {
            waiting += engine.waiting(f);
        }
        s.waiting = static_cast<int>(waiting);
    }
    return s;
}

DisplayState DeviceManager::displayTextFor(const QueueEngine& engine, int counter, bool justCalled) {
    const Counter* c = engine.counter(counter);
    switch (engine.counterState(counter)) {
    case CounterState::closed:
    case CounterState::idle:
        return DisplayState{};
    case CounterState::paused:
        return DisplayState{"----"};
    case CounterState::calling: {
        const Ticket* t = engine.ticket(c->activeTicket);
        DisplayState s{toAscii(t != nullptr ? t->code : "")};
        if (justCalled) {
            s.mode = DisplayState::Mode::blinkTimes;
            s.blinkTimes = 5; // draws the eye, then stays steady
        }
        return s;
    }
    case CounterState::serving: {
        const Ticket* t = engine.ticket(c->activeTicket);
        return DisplayState{toAscii(t != nullptr ? t->code : "")};
    }
    }
    return DisplayState{};
}

bool DeviceManager::showsText(const OfficeConfig& config, const DeviceConfig& display) {
    const BusConfig* bus = config.bus(display.bus);
    // FF 68 callers show six digits; the `number` profile one integer.
    return !(bus != nullptr && bus->type == "caller_ff68") && display.profile != "number";
}

DisplayState DeviceManager::displayFor(const QueueEngine& engine, const OfficeConfig& config,
                                       const DeviceConfig& display, bool justCalled,
                                       std::size_t tick) {
    DisplayState s = displayFor(engine, display.counter, justCalled);
    auto pages = pausedDisplayPages(engine, display.counter,
                                    static_cast<std::size_t>(std::max(display.digits, 1)),
                                    showsText(config, display));
    if (!pages.empty()) {
        s.text = pages[tick % pages.size()];
    }
    return s;
}

BoardState DeviceManager::boardFor(const QueueEngine& engine, const OfficeConfig& config,
                                   const DeviceConfig& board, TimePoint now, std::size_t tick) {
    // A ticket being called or served is some open counter's active ticket.
    std::vector<const Ticket*> called;
    for (const auto& [number, c] : engine.counters()) {
        const Ticket* t = c.activeTicket != 0 ? engine.ticket(c.activeTicket) : nullptr;
        if (t != nullptr && t->calledAt != TimePoint{}) {
            called.push_back(t);
        }
    }
    std::sort(called.begin(), called.end(),
              [](const Ticket* a, const Ticket* b) { return a->calledAt > b->calledAt; });
    // Always the layout's call lines, blank when fewer are being called, so a
    // line whose call ended is overwritten rather than left standing.
    BoardLayout layout = boardLayout(config, board);
    BoardState out;
    for (std::size_t i = 0; i < layout.callLines; ++i) {
        if (i >= called.size()) {
            out.lines.emplace_back();
            continue;
        }
        const CounterConfig* c = config.counter(called[i]->counter);
        std::string line = called[i]->code + " → " + (c != nullptr ? c->name : std::to_string(called[i]->counter));
        out.lines.push_back(board.unicode ? line : toAscii(line));
    }
    auto pages = boardInfoPages(boardInfoTexts(engine, now), layout);
    if (!pages.empty()) {
        const BoardPage& page = pages[tick % pages.size()];
        out.lines.insert(out.lines.end(), page.begin(), page.end());
    }
    // Exactly the lines the board has: blank information lines when there is nothing to say.
    out.lines.resize(layout.callLines + layout.infoLines);
    return out;
}

void DeviceManager::refreshCounter(int counter, bool justCalled) {
    for (const auto& d : daemon_.config().devices) {
        if (d.role == DeviceRole::counterDisplay && d.counter == counter) {
            if (auto* bus = busOf(d)) {
                bus->show(d.id, displayFor(daemon_.journal().engine(), daemon_.config(), d,
                                           justCalled, pageTick_));
            }
        }
    }
}

void DeviceManager::refreshBoards() {
    for (const auto& d : daemon_.config().devices) {
        if (d.role != DeviceRole::mainBoard) {
            continue;
        }
        if (auto* bus = busOf(d)) {
            bus->showBoard(d.id, boardFor(daemon_.journal().engine(), daemon_.config(), d,
                                          systemNow(), pageTick_));
        }
    }
}

void DeviceManager::onCommitted(const Events& events) {
    std::map<int, bool> counters; // counter → just called
    bool boards = false;
    for (const auto& e : events) {
        if (e.counter != 0) {
            bool called = e.kind == EventKind::ticketCalled || e.kind == EventKind::ticketRecalled;
            counters[e.counter] = counters[e.counter] || called;
        }
        boards = boards || e.kind == EventKind::ticketCalled ||
                 e.kind == EventKind::ticketRecalled || e.kind == EventKind::ticketFinished ||
                 e.kind == EventKind::ticketNoShow || e.kind == EventKind::ticketTransferred ||
                 e.kind == EventKind::ticketParked || e.kind == EventKind::ticketExpired ||
                 e.kind == EventKind::counterClosed || e.kind == EventKind::counterPaused ||
                 e.kind == EventKind::counterResumed || isContentEvent(e.kind);
    }
    for (const auto& [counter, called] : counters) {
        refreshCounter(counter, called);
    }
    if (boards) {
        refreshBoards();
    }
}

void DeviceManager::onKey(const drivers::KeyPress& press) {
    const DeviceConfig* device = nullptr;
    for (const auto& d : daemon_.config().devices) {
        if (d.id == press.device) {
            device = &d;
        }
    }
    if (device == nullptr) {
        return;
    }
    if (press.pressCounter) {
        // Noted before acting: a press is never acted on twice after a restart.
        if (auto saved = daemon_.store().savePressCounter(device->id, *press.pressCounter, systemNow()); !saved) {
            log_->error("device={} press counter not saved: {}", device->id, saved.error().message);
        }
    }
    if (press.baselineOnly) {
        log_->info("device={} first reading, press counter {} saved as its baseline", device->id,
                   press.pressCounter.value_or(0));
        return;
    }
    auto commands = keypadCommands(*device, press.code, daemon_.journal().engine(), daemon_.config());
    if (!commands) {
        log_->warn("device={} key={} ignored: {}", device->id, press.code, commands.error().message);
        return;
    }
    std::string actor = "keypad:" + device->id;
    for (const auto& cmd : *commands) {
        daemon_.submit(cmd, actor, [log = log_, id = device->id, code = press.code](const Result<Events>& r) {
            if (!r) {
                log->warn("device={} key={} refused: {} ({})", id, code, errorName(r.error().code),
                          r.error().message);
            }
        });
    }
}

void DeviceManager::onHealth(const drivers::UnitHealth& h) {
    auto& known = health_[h.device];
    bool firstContact = known.lastError == "not contacted yet";
    if (known.online != h.online || (firstContact && !h.online)) {
        if (h.online) {
            log_->info("device online id={} bus={}", h.device, h.bus);
        } else {
            log_->error("device offline id={} bus={} error=\"{}\"", h.device, h.bus, h.lastError);
        }
    }
    if (h.refusals > known.refusals) {
        logRefusal(h);
    }
    known = h;
    if (healthListener_) {
        healthListener_(h);
    }
}

void DeviceManager::logRefusal(const drivers::UnitHealth& h) {
    constexpr auto kEvery = std::chrono::minutes{1};
    auto now = std::chrono::steady_clock::now();
    auto& last = refusalLog_[h.device];
    if (last.at != std::chrono::steady_clock::time_point{} && now - last.at < kEvery) {
        return;
    }
    std::uint64_t since = h.refusals - last.refusals;
    log_->warn("device refused a write id={} bus={} error=\"{}\"{}", h.device, h.bus, h.lastError,
               since > 1 ? " refusals=" + std::to_string(since) + " (since the last report)" : std::string());
    last = {now, h.refusals};
}

std::vector<drivers::UnitHealth> DeviceManager::health() const {
    std::vector<drivers::UnitHealth> out;
    for (const auto& [id, h] : health_) {
        out.push_back(h);
    }
    return out;
}

} // namespace qmsd
