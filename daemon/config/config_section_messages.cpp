// [messages]: SMS to citizens who gave a phone number (daemon/messages/README.md).
// Checked only when enabled: the sender's own keys must be there, the
// templates may name only the values a message has.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"
#include "messages/sms_text.hpp"

#include <set>

namespace qmsd::config_detail {
namespace {

constexpr Choice<MessageSender> senderChoices[] = {
    {"log", MessageSender::log}, {"gammu", MessageSender::gammu}, {"webhook", MessageSender::webhook}};

constexpr Key<MessageSettings> messageKeys[] = {
    {"enabled", false, &readInto<&MessageSettings::enabled>},
    {"sender", false, &readEnum<&MessageSettings::sender, senderChoices>},
    {"near_ahead", false, &readInto<&MessageSettings::nearAhead>},
    {"without_diacritics", false, &readInto<&MessageSettings::withoutDiacritics>},
    {"quiet_hours", false, &readInto<&MessageSettings::quietHours>},
    {"daily_cap", false, &readInto<&MessageSettings::dailyCap>},
    {"max_attempts", false, &readInto<&MessageSettings::maxAttempts>},
    {"phone_retention_days", false, &readInto<&MessageSettings::retentionDays>},
    {"gammu_outbox", false, &readInto<&MessageSettings::gammuOutbox>},
    {"gammu_sent", false, &readInto<&MessageSettings::gammuSent>},
    {"gammu_error", false, &readInto<&MessageSettings::gammuError>},
    {"webhook_url", false, &readInto<&MessageSettings::webhookUrl>},
    {"webhook_token_file", false, &readInto<&MessageSettings::webhookTokenFile>},
    {"webhook_timeout_ms", false, &readInto<&MessageSettings::webhookTimeoutMs>},
    {"text_called", false, &readInto<&MessageSettings::textCalled>},
    {"text_turn_near", false, &readInto<&MessageSettings::textTurnNear>},
};

// "21:00-07:00" wraps midnight, so it is two clock times, not a Session's
// open-before-close pair.
std::string parseQuietHours(const std::string& text, Session& out) {
    auto dash = text.find('-');
    if (dash == std::string::npos) {
        return "expected \"HH:MM-HH:MM\", e.g. \"21:00-07:00\"";
    }
    Session a, b;
    std::string first = parseSession(text.substr(0, dash) + "-24:00", a);
    std::string second = parseSession("00:00-" + text.substr(dash + 1), b);
    if (!first.empty() || !second.empty() || a.openMinute == b.closeMinute) {
        return "expected two different times \"HH:MM-HH:MM\", e.g. \"21:00-07:00\"; got " + quote(text);
    }
    out.openMinute = a.openMinute;
    out.closeMinute = b.closeMinute;
    return {};
}

void readMessages(Reader& reader, const toml::node& node, const std::string& path, OfficeConfig& config) {
    reader.table(node, path, messageKeys, config.messages);
}

void checkTemplateKey(const std::string& path, const std::string& text, const std::set<std::string>& allowed,
                      Problems& problems) {
    if (text.empty()) {
        return;
    }
    if (auto st = checkTemplate(text, allowed); !st) {
        problems.add(path, st.error().message);
    }
}

void checkMessages(const OfficeConfig& config, Problems& problems) {
    const MessageSettings& m = config.messages;
    checkRange("messages.near_ahead", m.nearAhead, 1, 50, "3 is usual", problems);
    checkRange("messages.daily_cap", m.dailyCap, 1, 100, "6 is usual", problems);
    checkRange("messages.max_attempts", m.maxAttempts, 1, 50, "5 is usual", problems);
    checkRange("messages.phone_retention_days", m.retentionDays, 1, 3650, "30 is usual", problems);
    checkRange("messages.webhook_timeout_ms", m.webhookTimeoutMs, 100, 60000, "5000 is usual", problems);
    if (!m.quietHours.empty()) {
        Session s;
        if (std::string why = parseQuietHours(m.quietHours, s); !why.empty()) {
            problems.add("messages.quiet_hours", why);
        }
    }
    checkTemplateKey("messages.text_called", m.textCalled, {"code", "counter", "field", "office"}, problems);
    checkTemplateKey("messages.text_turn_near", m.textTurnNear, {"code", "ahead", "field", "office"}, problems);
    if (!m.enabled) {
        return;
    }
    if (m.sender == MessageSender::gammu) {
        for (auto [key, value] : {std::pair{"messages.gammu_outbox", &m.gammuOutbox},
                                  std::pair{"messages.gammu_sent", &m.gammuSent},
                                  std::pair{"messages.gammu_error", &m.gammuError}}) {
            if (value->empty()) {
                problems.add(key, "required when messages.sender = \"gammu\": the directory of gammu-smsd's "
                                  "files backend (outboxpath, sentsmspath, errorsmspath in its smsdrc)");
            }
        }
    }
    if (m.sender == MessageSender::webhook && m.webhookUrl.rfind("http://", 0) != 0) {
        problems.add("messages.webhook_url",
                     m.webhookUrl.empty() ? "required when messages.sender = \"webhook\""
                                          : "must start with http:// (put a TLS relay in front of an https "
                                            "gateway); got " + quote(m.webhookUrl));
    }
}

// The parsed quiet hours beside the text, so nothing parses them again.
void completeMessages(const toml::table&, OfficeConfig& config) {
    MessageSettings& m = config.messages;
    if (!m.quietHours.empty()) {
        parseQuietHours(m.quietHours, m.quiet);
    }
}

} // namespace

extern const ConfigSection messagesSection{"messages", false, &readMessages, &completeMessages, &checkMessages};

} // namespace qmsd::config_detail
