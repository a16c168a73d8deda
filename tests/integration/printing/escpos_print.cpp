// The qmsd_escpos library from the command line, for the printing tests:
//
//   escpos_print layout OPTIONS TICKET.json OUT.bin     the ticket's bytes, no printer
//   escpos_print serve OPTIONS --host H --port P        one Printer; stdin lines:
//        print TICKET.json   → {"printed":…,"fault":…,"partial":…,"message":…}
//        status              → {"fault":…,"paper_near_end":…,"printed":N,"failed":N}
//
// OPTIONS: --width 384|576  --text raster|codepage|ascii  --qr native|raster
//          --timeout-ms N  --code-page N  --serial PATH (instead of --host/--port)
#include "escpos/printer.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

using namespace qmsd::escpos;

namespace {

std::optional<TicketPrint> readTicket(const std::string& path) {
    std::ifstream in(path);
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    TicketPrint t;
    t.office = j.value("office", "");
    t.field = j.value("field", "");
    t.code = j.value("code", "");
    t.priority = j.value("priority", "");
    t.issuedAt = j.value("issuedAt", "");
    t.peopleAhead = j.value("peopleAhead", 0);
    if (j.contains("waitText"))
        t.waitText = j["waitText"].get<std::string>();
    t.statusUrl = j.value("statusUrl", "");
    t.note = j.value("note", "");
    t.reprint = j.value("reprint", false);
    return t;
}

nlohmann::json stateJson(const PrinterState& s) {
    return {{"fault", faultName(s.fault)},
            {"paper_near_end", s.status.paperNearEnd},
            {"printed", s.printed},
            {"failed", s.failed},
            {"detail", s.detail}};
}

int usage() {
    std::cerr << "usage: escpos_print layout|serve [options] ...\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        return usage();
    const std::string mode = argv[1];
    PrinterConfig config;
    config.id = "test";
    config.pollInterval = std::chrono::milliseconds(0);
    config.link.transport = Transport::tcp;
    std::vector<std::string> rest;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--width" && hasValue)
            config.layout.widthDots = std::stoi(argv[++i]);
        else if (a == "--text" && hasValue) {
            const std::string v = argv[++i];
            config.layout.textMode = v == "codepage" ? TextMode::codepage
                                     : v == "ascii"  ? TextMode::ascii
                                                     : TextMode::raster;
        } else if (a == "--qr" && hasValue)
            config.layout.qrMode =
                std::string(argv[++i]) == "raster" ? QrMode::raster : QrMode::native;
        else if (a == "--timeout-ms" && hasValue)
            config.link.timeout = std::chrono::milliseconds(std::stoi(argv[++i]));
        else if (a == "--code-page" && hasValue)
            config.layout.codePage = std::stoi(argv[++i]);
        else if (a == "--host" && hasValue)
            config.link.host = argv[++i];
        else if (a == "--serial" && hasValue) {
            config.link.transport = Transport::serial;
            config.link.path = argv[++i];
        } else if (a == "--port" && hasValue)
            config.link.port = std::stoi(argv[++i]);
        else
            rest.push_back(a);
    }

    if (mode == "layout") {
        if (rest.size() != 2)
            return usage();
        auto ticket = readTicket(rest[0]);
        if (!ticket)
            return usage();
        std::unique_ptr<FontRenderer> fonts;
        if (config.layout.textMode == TextMode::raster) {
            auto opened = FontRenderer::open();
            if (!opened) {
                std::cerr << opened.error().message << "\n";
                return 1;
            }
            fonts = std::move(*opened);
        }
        auto bytes = layoutTicket(*ticket, config.layout, fonts.get());
        if (!bytes) {
            std::cerr << bytes.error().message << "\n";
            return 1;
        }
        std::ofstream(rest[1], std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes->data()),
                   static_cast<std::streamsize>(bytes->size()));
        return 0;
    }
    if (mode != "serve")
        return usage();

    boost::asio::io_context loop;
    auto printer = Printer::create(loop, config, [](const PrinterState& s) {
        std::cerr << "state " << stateJson(s).dump() << "\n";
    });
    if (!printer) {
        std::cerr << printer.error().message << "\n";
        return 1;
    }
    (*printer)->start();
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream words(line);
        std::string verb, arg;
        words >> verb >> arg;
        bool finished = false;
        nlohmann::json reply;
        if (verb == "print") {
            auto ticket = readTicket(arg);
            if (!ticket)
                return usage();
            (*printer)->print(*ticket, [&finished, &reply](const PrintOutcome& o) {
                reply = {{"printed", o.printed},
                         {"fault", faultName(o.fault)},
                         {"partial", o.partial},
                         {"message", o.message}};
                finished = true;
            });
        } else if (verb == "status") {
            (*printer)->checkStatus([&finished, &reply](const PrinterState& s) {
                reply = stateJson(s);
                finished = true;
            });
        } else {
            continue;
        }
        loop.restart();
        auto work = boost::asio::make_work_guard(loop);
        while (!finished && loop.run_one() > 0) {
        }
        std::cout << reply.dump() << std::endl;
    }
    (*printer)->stop();
    return 0;
}
