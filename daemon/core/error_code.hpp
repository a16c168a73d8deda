#pragma once
// Stable error codes. Their string forms are part of the API contract: clients
// (kiosk, counter page, qmsctl) switch on them, so never rename one.
#include <string_view>

namespace qmsd {

enum class ErrorCode {
    internal,
    invalidArgument,
    unknownField,
    unknownCounter,
    unknownStaff,
    unknownTicket,
    unknownPriority,
    unknownPauseReason,
    officeClosed,
    afterCutoff,
    quotaReached,
    numberingExhausted,
    queueEmpty,
    counterClosed,
    counterOpen,
    counterBusy,
    counterIdle,
    counterPaused,
    counterNotPaused,
    staffBusy,
    staffNotAllowed,
    ticketWrongState,
    recallLimit,
    sameField,
    storageFull,
    storageReadOnly,
    storageFailed,
    configInvalid,
    // The kiosk's ticket printer could not print: nothing issued (or the
    // number cancelled), see daemon/http/README.md "Ticket printing".
    printerFailed,
    // An editor's notice or procedure sheet changed since they loaded it (409),
    // or a notice that does not exist (404).
    contentConflict,
    unknownNotice,
    // A citizen's rating refused politely: the ticket has one already (one
    // per ticket, whichever of phone, screen and box came first), or its time
    // to be rated is over (another day, or the counter's window has passed).
    alreadyRated,
    ratingClosed,
    // Appointments (daemon/booking/README.md): no such booking (404), the
    // office takes none (404), the slot has no place left, this phone has
    // a booking for the field that day, the slot cannot be booked (not a
    // slot, closed, too soon, past), the booking is cancelled, checked in
    // or missed, or it is too early to check in (409).
    unknownBooking,
    bookingDisabled,
    slotFull,
    alreadyBooked,
    slotClosed,
    bookingWrongState,
    tooEarly,
    // HTTP-level (daemon/http)
    notFound,
    methodNotAllowed,
    invalidJson,
    unsupportedMediaType,
    bodyTooLarge,
    headersTooLarge,
    requestTimeout,
    unauthenticated,
    wrongPin,
    forbidden,
    rateLimited,
    tooManyAttempts,
    tooManyConnections,
    // A bounded helper queue (PIN checks, reports) is full: retry after Retry-After.
    serverBusy,
};

// "queue_empty", ... — the stable wire name.
std::string_view errorName(ErrorCode code);
// Short human sentences for people at the counter or kiosk.
std::string_view errorTextVi(ErrorCode code);
std::string_view errorTextEn(ErrorCode code);

} // namespace qmsd
