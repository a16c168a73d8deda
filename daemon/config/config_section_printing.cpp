// [printing] (what every ticket says) and [[printer]] (each kiosk's ESC/POS
// printer): each printer belongs to one kiosk client, and its link and layout
// values are ones a real printer can use.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

#include <arpa/inet.h>

namespace qmsd::config_detail {
namespace {

constexpr Key<PrintingSettings> printingKeys[] = {
    {"note", false, &readInto<&PrintingSettings::note>},
};

constexpr Choice<PrinterTransport> transports[] = {
    {"usb", PrinterTransport::usb}, {"serial", PrinterTransport::serial}, {"tcp", PrinterTransport::tcp}};
constexpr Choice<PrinterTextMode> textModes[] = {
    {"raster", PrinterTextMode::raster}, {"codepage", PrinterTextMode::codepage}, {"ascii", PrinterTextMode::ascii}};
constexpr Choice<PrinterQrMode> qrModes[] = {{"native", PrinterQrMode::native}, {"raster", PrinterQrMode::raster}};
constexpr Choice<PrinterCut> cuts[] = {{"partial", PrinterCut::partial}, {"full", PrinterCut::full}};

constexpr Key<PrinterConfig> printerKeys[] = {
    {"id", true, &readInto<&PrinterConfig::id>},
    {"kiosk", true, &readInto<&PrinterConfig::kiosk>},
    {"transport", true, &readEnum<&PrinterConfig::transport, transports>},
    {"host", false, &readInto<&PrinterConfig::host>},
    {"port", false, &readInto<&PrinterConfig::port>},
    {"path", false, &readInto<&PrinterConfig::path>},
    {"baud", false, &readInto<&PrinterConfig::baud>},
    {"width_dots", false, &readInto<&PrinterConfig::widthDots>},
    {"text_mode", false, &readEnum<&PrinterConfig::textMode, textModes>},
    {"code_page", false, &readInto<&PrinterConfig::codePage>},
    {"qr_mode", false, &readEnum<&PrinterConfig::qrMode, qrModes>},
    {"qr_module_dots", false, &readInto<&PrinterConfig::qrModuleDots>},
    {"cut", false, &readEnum<&PrinterConfig::cut, cuts>},
    {"timeout_ms", false, &readInto<&PrinterConfig::timeoutMs>},
    {"query_status", false, &readInto<&PrinterConfig::queryStatus>},
    {"status_poll_ms", false, &readInto<&PrinterConfig::statusPollMs>},
};

// A ticket's footer defaults to the office's hotline.
void completePrinting(const toml::table&, OfficeConfig& config) {
    if (config.printing.note.empty() && !config.office.hotline.empty()) {
        config.printing.note = "Đường dây nóng: " + config.office.hotline;
    }
}

void checkPrinting(const OfficeConfig& config, Problems& problems) {
    const std::string& note = config.printing.note;
    if (std::any_of(note.begin(), note.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        problems.add("printing.note", "contains a control character");
    }
}

void checkLink(const std::string& path, const PrinterConfig& p, Problems& problems) {
    if (p.transport == PrinterTransport::tcp) {
        in_addr v4{};
        if (::inet_pton(AF_INET, p.host.c_str(), &v4) != 1) {
            problems.add(path + ".host", p.host.empty()
                                             ? "a tcp printer needs its IPv4 address"
                                             : "must be an IPv4 address (no names: the printer's "
                                               "worker does no DNS), got " + quote(p.host));
        }
        checkRange(path + ".port", p.port, 1, 65535, "9100 on most network printers", problems);
        return;
    }
    if (p.path.empty() || p.path.front() != '/') {
        problems.add(path + ".path", p.transport == PrinterTransport::usb
                                         ? "a usb printer needs its device (e.g. /dev/usb/lp0)"
                                         : "a serial printer needs its port (e.g. /dev/serial/by-id/...)");
    }
    static constexpr int bauds[] = {9600, 19200, 38400, 57600, 115200};
    if (p.transport == PrinterTransport::serial &&
        std::find(std::begin(bauds), std::end(bauds), p.baud) == std::end(bauds)) {
        problems.add(path + ".baud", "unsupported baud rate " + std::to_string(p.baud) +
                                         " (9600, 19200, 38400, 57600 or 115200)");
    }
}

void checkLayout(const std::string& path, const PrinterConfig& p, Problems& problems) {
    if (p.widthDots < 128 || p.widthDots > 2048 || p.widthDots % 8 != 0) {
        problems.add(path + ".width_dots", "must be a multiple of 8 from 128 to 2048 (576 for 80 mm, "
                                           "384 for 58 mm), got " + std::to_string(p.widthDots));
    }
    checkRange(path + ".code_page", p.codePage, 0, 255, "ESC t n", problems);
    checkRange(path + ".qr_module_dots", p.qrModuleDots, 1, 16, "", problems);
    checkRange(path + ".timeout_ms", p.timeoutMs, 100, 30000, "", problems);
    if (p.statusPollMs != 0 && p.statusPollMs < 1000) {
        problems.add(path + ".status_poll_ms", "must be 0 (never) or at least 1000");
    }
}

void checkPrinterList(const OfficeConfig& config, Problems& problems) {
    std::map<std::string, std::size_t> ids;
    std::map<std::string, std::size_t> kiosks;
    for (std::size_t i = 0; i < config.printers.size(); ++i) {
        const PrinterConfig& p = config.printers[i];
        std::string path = indexPath("printer", i);
        if (!isIdentifier(p.id)) {
            problems.add(path + ".id", "must match [a-z0-9_]+, got " + quote(p.id));
        } else if (auto [it, fresh] = ids.emplace(p.id, i); !fresh) {
            problems.add(path + ".id", "duplicate id " + quote(p.id) + " (also " +
                                           indexPath("printer", it->second) + ", line " +
                                           std::to_string(problems.lineOf(indexPath("printer", it->second))) + ")");
        }
        const ClientConfig* kiosk = config.client(p.kiosk);
        if (kiosk == nullptr || kiosk->role != ClientRole::kiosk) {
            problems.add(path + ".kiosk", (kiosk == nullptr ? "unknown client " : "not a kiosk client: ") +
                                              quote(p.kiosk) + " (a [[client]] id with role = \"kiosk\")");
        } else if (auto [it, fresh] = kiosks.emplace(p.kiosk, i); !fresh) {
            problems.add(path + ".kiosk", "kiosk " + quote(p.kiosk) + " already has a printer (" +
                                              indexPath("printer", it->second) + ", line " +
                                              std::to_string(problems.lineOf(indexPath("printer", it->second))) +
                                              "); one printer per kiosk");
        }
        checkLink(path, p, problems);
        checkLayout(path, p, problems);
    }
}

} // namespace

extern const ConfigSection printingSection{"printing", false, &readTable<&OfficeConfig::printing, printingKeys>,
                                           &completePrinting, &checkPrinting};
extern const ConfigSection printerSection{"printer", false, &readTables<&OfficeConfig::printers, printerKeys>,
                                          nullptr, &checkPrinterList};

} // namespace qmsd::config_detail
