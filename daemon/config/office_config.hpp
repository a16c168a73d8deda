#pragma once
// The office model, as parsed and validated from TOML (config_loader.cpp).
// Plain data: the engine reads it, nothing here does I/O.
#include <array>
#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qmsd {

// Minutes since local midnight.
struct Session {
    int openMinute = 0;
    int closeMinute = 0;
    bool operator==(const Session&) const = default;
};

enum class CallPolicy { longestWait, fieldOrder };
enum class PriorityRule { strict, everyN };

struct OfficeSettings {
    std::string name;
    std::string timeZone = "Asia/Ho_Chi_Minh";
    // Index 0 = Monday … 6 = Sunday.
    std::array<std::vector<Session>, 7> hours;
    std::vector<std::string> closedDates; // "YYYY-MM-DD", local
    int cutoffMinutes = 15;               // stop issuing this long before a session closes
    int issueEarlyMinutes = 30;           // start issuing this long before a session opens
    int maxRecalls = 3;
    CallPolicy callPolicy = CallPolicy::longestWait;
    PriorityRule priorityRule = PriorityRule::strict;
    int priorityEvery = 3; // everyN: one priority ticket after this many normal calls
    std::string hotline;
    // The office's one-stop section, named on the pages under the office name.
    std::string unit = "Bộ phận tiếp nhận và trả kết quả";
    std::string unitEn = "One-stop reception and results desk";
};

struct Numbering {
    std::string prefix; // "A" → A001; may be empty ("1001")
    int first = 1;
    int last = 999;
    int width = 3; // zero padding of the digits
};

struct FieldConfig {
    std::string id;        // stable key used in the store and API ("ho_tich")
    std::string name;      // Vietnamese, UTF-8 ("Hộ tịch")
    std::string nameAscii; // for LED hardware ("HO TICH")
    Numbering numbering;
    int targetWaitMinutes = 15;
    std::optional<int> dailyQuota;
    std::optional<int> cutoffMinutes; // overrides the office's
    double serviceLevelTarget = 0.8;  // share called within the target wait
    std::string nameEn;               // the pages' English mode; empty = the Vietnamese name
    // "Your turn is near" is sent when this many people or fewer are ahead;
    // unset: [messages] near_ahead.
    std::optional<int> nearAhead;
    // Appointments (daemon/booking/README.md): the people this field serves
    // an hour, all its counters together (unset: it cannot be booked), and
    // the share of that which may be booked ahead.
    std::optional<int> bookingCapacityPerHour;
    double bookingShare = 0.5;
};

struct CounterConfig {
    int number = 0;
    std::string name;
    std::vector<std::string> fields; // preference order
};

struct StaffConfig {
    std::string id;
    std::string name;
    std::string pinHash; // libsodium crypto_pwhash_str (argon2id)
    std::vector<std::string> fields;
};

struct PriorityClass {
    std::string id;
    std::string name;
    std::string nameEn; // empty = the Vietnamese name
};

struct PauseReason {
    std::string id;
    std::string name;
    std::string nameEn;
};

struct DaemonSettings {
    std::string dataDir = "/var/lib/qmsd";
    std::string logLevel = "info";
};

// The HTTP API (daemon/http).
struct ApiSettings {
    std::string bind = "127.0.0.1";
    int port = 8080;
    std::string publicUrl; // base of ticket status URLs (QR codes); default http://bind:port
    int maxConnections = 1000;      // every open connection, WebSockets included
    // Connections that have not shown a valid token may use all but this many
    // (-1: a tenth of max_connections), so kiosks, TVs and counters still get in.
    int reservedConnections = -1;
    int maxConnectionsPerAddress = 32; // connections without a valid token, from one address
    int maxStreamsPerAddress = 16;     // ?ticket= streams from one address
    int maxStreamsPerTicket = 4;       // ?ticket= streams following one ticket
    int maxBodyBytes = 16 * 1024;
    int headerTimeoutSeconds = 5;   // a request's headers must arrive within this (slowloris)
    int requestTimeoutSeconds = 10; // a request must arrive whole within this
    int idleTimeoutSeconds = 60;    // an idle keep-alive connection is closed after this
    int kioskRatePerMinute = 30;    // tickets one kiosk may issue per minute
    // Host names a request may carry besides an IP literal, localhost and
    // public_url's host (DNS rebinding: any other name is refused).
    std::vector<std::string> allowedHosts;
};

// Kiosks, displays, the leader, editors and admins authenticate with a
// configured token (staff log in with their PIN instead). An editor keeps the
// office's notices and procedure sheets current, and nothing else. A rating
// screen is the tablet or second monitor facing the citizen at one counter
// (rating.html). A metrics client (Prometheus) reads GET /metrics only.
enum class ClientRole { kiosk, display, leader, admin, editor, ratingScreen, metrics };
struct ClientConfig {
    std::string id;
    ClientRole role = ClientRole::kiosk;
    std::string tokenHash; // "blake2b:<64 hex>" from `qmsd hash-token`
    int counter = 0;       // rating_screen: the counter it faces (required); others: none
};

// Citizens' satisfaction ratings (engine/rating.hpp): when a counter's
// rating screen and rating box may still rate the service it just gave, and
// how long a citizen's comment may be. A phone rates its ticket until the end
// of the office's day.
struct RatingSettings {
    int counterMinutes = 10;
    int commentMaxChars = 500;
};

// An optional question of the rating form, along the SIPAS elements (QĐ
// 2640/QĐ-BNV): access, procedure, officer, result, feedback. Each is
// answered on the same four levels as the rating.
struct RatingQuestion {
    std::string id;
    std::string element;
    std::string text;   // Vietnamese, as the citizen reads it
    std::string textEn; // English; defaults to the Vietnamese text
};

// What displays show besides calls.
struct DisplaySettings {
    // The office's standing lines (hotline, hours): shown on every board and
    // TV after the editors' notices, whatever those are.
    std::vector<std::string> messages;
    int latestCalls = 6; // how many recent calls a board lists
    // Said wherever a paused counter is explained (its display, the TV).
    std::string apology = "Thành thật xin lỗi công dân vì sự chờ đợi.";
    int boardPageSeconds = 6; // each page of a board's information lines
    int tvPageSeconds = 12;   // each notice or procedure sheet on the TV
};

// Spoken calls (daemon/voice): clips joined per announcement, played on the
// daemon's sound card and offered to the TV pages.
struct VoiceConfig {
    bool enabled = false;
    std::string templateText = "{chime} Mời công dân có số {code} đến quầy số {counter}";
    std::string clipDir;            // the office's recordings, file by file over the defaults
    std::string device = "default"; // ALSA PCM name; "" = TV pages only
    int maxBacklog = 10;            // waiting announcements (one per counter at most); the oldest is dropped beyond
    int maxWaitSeconds = 60;        // a call not yet spoken after this is dropped
    std::string zeroTens = "linh";  // linh | le   (105: một trăm linh/lẻ năm)
    std::string thousand = "nghin"; // nghin | ngan
    bool fourAsTu = true;           // 24: hai mươi tư (true) or hai mươi bốn
    std::string codeReading = "number"; // number ("A012": a mười hai) | digits (a không một hai)
};

// One physical line or gateway with units on it (drivers/).
struct BusConfig {
    std::string id;
    std::string type; // a driver registry name: modbus_rtu, modbus_tcp, rs485_0107, caller_ff68
    std::string port; // serial: prefer /dev/serial/by-id/... (stable across replugs)
    int baud = 9600;
    std::string parity = "none"; // none | even | odd
    int dataBits = 8;
    int stopBits = 1;
    std::string host; // modbus_tcp: the RS-485-to-Ethernet gateway
    int tcpPort = 502;
    int responseTimeoutMs = 200;
    int byteTimeoutMs = 50;
    int pollIntervalMs = 100;  // keypads and rating boxes are polled this often
    int retryBackoffMs = 1000; // offline units and a lost port are looked for this often (drivers/README.md)
    // A display nothing is written to is asked for one register this often,
    // when the bus has nothing else to do, so one that went silent is noticed.
    // 0 = never (for displays that cannot be read).
    int probeIntervalMs = 2000;
};

enum class DeviceRole { counterDisplay, mainBoard, keypad, rating };

struct DeviceConfig {
    std::string id;
    std::string bus;
    int address = 1;
    DeviceRole role = DeviceRole::counterDisplay;
    int counter = 0;     // counter displays, keypads, rating boxes
    std::string profile; // register map (Modbus) or variant; empty = the driver's default
    std::optional<int> baseRegister;
    int digits = 4;      // display width in characters
    bool unicode = false; // boards that take UTF-8 text; otherwise ASCII transliteration
    int lines = 0; // main boards: lines the board has (0 = every call and message line, up to 9)
    std::map<std::string, std::string> keys; // key code ("1", "0x0C") → action ("call_next")
};

// Ticket printers (drivers/escpos): one per kiosk at most.
enum class PrinterTransport { usb, serial, tcp };
enum class PrinterTextMode { raster, codepage, ascii }; // drivers/escpos/README.md
enum class PrinterQrMode { native, raster };
enum class PrinterCut { partial, full };

struct PrinterConfig {
    std::string id;
    std::string kiosk; // a [[client]] with role kiosk whose tickets it prints
    PrinterTransport transport = PrinterTransport::tcp;
    std::string host; // tcp: an IPv4 address (the worker does no DNS)
    int port = 9100;
    std::string path; // usb: /dev/usb/lp0; serial: /dev/serial/by-id/...
    int baud = 19200;
    int widthDots = 576; // 80 mm at 203 dpi; 384 for 58 mm
    PrinterTextMode textMode = PrinterTextMode::raster;
    int codePage = 52; // ESC t n for Windows-1258 (codepage mode)
    PrinterQrMode qrMode = PrinterQrMode::native;
    int qrModuleDots = 6;
    PrinterCut cut = PrinterCut::partial;
    int timeoutMs = 2000; // per connect, write or status reply
    bool queryStatus = true; // false: prints blind (printers that never answer DLE EOT)
    int statusPollMs = 15000; // idle status check for the dashboard; 0 = never
};

// The live staffing flags (daemon/analytics/field_flags.hpp).
struct AnalyticsSettings {
    // How often the flags are re-assessed; a change is logged as a
    // flag_changed event. Flags move on minutes (a 5-minute hold).
    int flagCheckSeconds = 5;
};

// `qmsd --simulate` (tools/demo.sh): the simulated ward day. Nothing else reads it.
struct DemoFieldSettings {
    std::string field;
    double share = 1.0;          // relative share of the day's tickets
    double serviceMinutes = 8.0; // mean service time
};
struct DemoSettings {
    int ticketsPerDay = 0;            // 0 = 15 per counter
    std::vector<int> freeCounters;    // never opened by simulated staff; empty = the last counter
    std::vector<Session> day;         // the simulated day's sessions; empty = 07:30-11:30, 13:30-17:00
    std::vector<DemoFieldSettings> fields; // fields left out: share 1, 8 minutes
};

// Shipping the event log to the city's PostgreSQL (daemon/upstream). Off
// unless the section says enabled = true.
struct UpstreamSettings {
    bool enabled = false;
    std::string conninfo;     // libpq "key=value" or postgresql:// URI, without the password
    std::string passwordFile; // first line is the password
    std::string passwordEnv;  // or an environment variable holding it
    std::string officeId;     // stable id at the centre: [a-z0-9][a-z0-9_-]*
    int batchSize = 1000;     // events per transaction
    int statusSeconds = 30;   // the live view and last contact at least this often

    bool operator==(const UpstreamSettings&) const = default;
};

// Citizens' messages (daemon/messages/README.md): SMS through gammu-smsd's
// spool or an HTTP gateway, for tickets that carry a phone number. Off
// unless enabled = true.
enum class MessageSender { log, gammu, webhook };
struct MessageSettings {
    bool enabled = false;
    MessageSender sender = MessageSender::log; // log: written to the log only (the demo)
    int nearAhead = 3;            // default for fields: "your turn is near" at this many ahead
    bool withoutDiacritics = false; // 160 GSM characters a part instead of 70
    std::string quietHours;       // "21:00-07:00": nothing leaves in between; "" = none
    Session quiet;                // parsed quietHours (open = start, close = end; may wrap midnight)
    int dailyCap = 6;             // messages per number per day; more are skipped, with why
    int maxAttempts = 5;          // a message that keeps failing is given up after this many
    int retentionDays = 30;       // phone numbers are erased from the store after this many days
    std::string gammuOutbox, gammuSent, gammuError; // gammu-smsd's files backend directories
    std::string webhookUrl;       // http://host[:port]/path
    std::string webhookTokenFile; // first line: the gateway's bearer token
    int webhookTimeoutMs = 5000;
    std::string textCalled;   // templates; empty = the Vietnamese defaults (sms_text.hpp)
    std::string textTurnNear;

    bool operator==(const MessageSettings&) const = default;
};

// Appointments (daemon/booking/README.md). Off unless enabled = true.
struct BookingSettings {
    bool enabled = false;
    int daysAhead = 14;           // days that can be booked, today included
    int slotMinutes = 15;         // slots start at each session's opening
    int minNoticeMinutes = 30;    // a slot can be booked until this long before it starts
    int checkinEarlyMinutes = 20; // check-in opens this long before the slot
    int checkinLateMinutes = 15;  // and closes this long after its start; later is a walk-in
    int reminderMinutes = 120;    // an SMS this long before the slot (0: none)
    int perAddressPerHour = 6;    // bookings and moves one network address may make an hour
    std::string textConfirmed;    // templates; empty = the Vietnamese defaults (sms_text.hpp)
    std::string textReminder;

    bool operator==(const BookingSettings&) const = default;
};

// A field's bookable places in one slot: floor(capacity × slot / 60 × share);
// 0 when it cannot be booked.
int placesPerSlot(const FieldConfig& field, const BookingSettings& booking);

struct PrintingSettings {
    std::string note; // last line of every ticket; default "Đường dây nóng: <office.hotline>"
};

struct OfficeConfig {
    std::string sourcePath; // the file it came from, for messages
    DaemonSettings daemon;
    OfficeSettings office;
    ApiSettings api;
    DisplaySettings display;
    AnalyticsSettings analytics;
    UpstreamSettings upstream;
    MessageSettings messages;
    BookingSettings booking;
    VoiceConfig voice;
    std::vector<ClientConfig> clients;
    std::vector<BusConfig> buses;
    std::vector<DeviceConfig> devices;
    PrintingSettings printing;
    std::vector<PrinterConfig> printers;
    std::vector<FieldConfig> fields;
    std::vector<CounterConfig> counters;
    std::vector<StaffConfig> staff;
    std::vector<PriorityClass> priorities;
    std::vector<PauseReason> pauseReasons;
    RatingSettings rating;
    std::vector<RatingQuestion> ratingQuestions;
    DemoSettings demo;

    const FieldConfig* field(const std::string& id) const;
    const CounterConfig* counter(int number) const;
    const StaffConfig* staffMember(const std::string& id) const;
    // What citizens and reports call them: the configured name, else
    // "Quầy N" for a counter and the id for a staff member (one since removed).
    std::string counterName(int number) const;
    std::string staffName(const std::string& id) const;
    const PriorityClass* priority(const std::string& id) const;
    const PauseReason* pauseReason(const std::string& id) const;
    const ClientConfig* client(const std::string& id) const;
    const BusConfig* bus(const std::string& id) const;
    const PrinterConfig* printerOfKiosk(const std::string& kiosk) const;
};

// Formats a ticket number for display: prefix + zero-padded digits ("A007").
std::string formatTicketCode(const Numbering& numbering, int number);

} // namespace qmsd
