// QR codes for the pages, drawn by the server with libqrencode (the same
// library that draws them on printed tickets) as SVG: the kiosk shows the
// one that opens a ticket's status page while the ticket prints.
#include "escpos/qr_raster.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

// The QR of a ticket's status URL. Anyone who holds the public id may see it,
// like the status page itself; it says nothing the id does not.
void ticketQr(ApiContext& ctx, const Request& req, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, publicId = req.param("public_id")] {
        const Ticket* t = ctx.engine().ticketByPublicId(publicId);
        if (t == nullptr) {
            return errorReply(makeError(ErrorCode::unknownTicket, "no ticket with that id today"));
        }
        auto svg = escpos::qrSvg(ctx.config().api.publicUrl + "/t/" + t->publicId, escpos::QrErrorLevel::m);
        if (!svg) {
            return errorReply(svg.error());
        }
        auto res = bytesReply(std::move(*svg), "image/svg+xml", "qr.svg", false);
        res.set(bh::field::cache_control, "private, max-age=86400");
        return res;
    });
}

} // namespace

void registerQrRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/tickets/{public_id}/qr.svg",
               {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { ticketQr(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
