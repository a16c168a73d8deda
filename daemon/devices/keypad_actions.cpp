#include "devices/keypad_actions.hpp"

#include <charconv>

namespace qmsd {

std::optional<int> parseKeyCode(const std::string& text) {
    int base = 10;
    std::string_view digits = text;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        base = 16;
        digits.remove_prefix(2);
    }
    int value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc{} || ptr != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

namespace {

// "rate:satisfied" → 3; "rate" (the key is the box's 1–5 score) → that score on the levels.
Result<std::vector<Command>> rateCommand(int counter, const std::string& action, int keyCode) {
    int level = action == "rate" ? levelFromBoxKey(keyCode) : parseRatingLevel(action.substr(5)).value_or(0);
    if (level == 0) {
        return makeError(ErrorCode::invalidArgument, "key " + std::to_string(keyCode) + " is not a rating 1 to 5");
    }
    return std::vector<Command>{RateService{counter, level}};
}

} // namespace

Result<std::vector<Command>> keypadCommands(const DeviceConfig& device, int keyCode,
                                            const QueueEngine& engine, const OfficeConfig& config) {
    int n = device.counter;
    std::string action;
    for (const auto& [code, name] : device.keys) {
        if (parseKeyCode(code) == keyCode) {
            action = name;
        }
    }
    if (device.role == DeviceRole::rating) {
        // A rating box's key is its 1–5 score (5 best) unless `keys` maps it
        // to a level: boxes with four buttons, "rate:very_satisfied" … "rate:dissatisfied".
        return rateCommand(n, action.rfind("rate:", 0) == 0 ? action : "rate", keyCode);
    }
    if (action.empty()) {
        return makeError(ErrorCode::invalidArgument, "key " + std::to_string(keyCode) + " is not mapped");
    }
    if (action == "call_next") return std::vector<Command>{CallNext{n}};
    if (action == "recall") return std::vector<Command>{Recall{n}};
    if (action == "start") return std::vector<Command>{StartService{n}};
    if (action == "finish") return std::vector<Command>{FinishService{n}};
    if (action == "no_show") return std::vector<Command>{MarkNoShow{n}};
    if (action == "park") return std::vector<Command>{Park{n}};
    if (action == "resume") return std::vector<Command>{Resume{n}};
    if (action == "pause") {
        return std::vector<Command>{Pause{n, config.pauseReasons.empty() ? "break" : config.pauseReasons.front().id}};
    }
    if (action == "rate" || action.rfind("rate:", 0) == 0) return rateCommand(n, action, keyCode);
    if (action.rfind("transfer:", 0) == 0) return std::vector<Command>{Transfer{n, action.substr(9)}};
    if (action == "next") {
        // One key for "done, next please": finish whoever is at the desk, then call.
        CounterState s = engine.counterState(n);
        if (s == CounterState::calling || s == CounterState::serving) {
            return std::vector<Command>{FinishService{n}, CallNext{n}};
        }
        return std::vector<Command>{CallNext{n}};
    }
    return makeError(ErrorCode::invalidArgument, "unknown action '" + action + "'");
}

} // namespace qmsd
