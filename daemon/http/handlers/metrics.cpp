// GET /metrics: the Prometheus text exposition format (daemon/metrics/).
// The rule: a `metrics` client token (or admin's). Prometheus sends it with
// `authorization: {credentials: ...}` in its scrape config; a token of its own
// lets a monitoring server on the LAN scrape without holding a role that can
// read tickets or change anything. Served like any read: after what is
// pending is committed, so the figures never show uncommitted state.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "metrics/metrics.hpp"
#include "metrics/snapshot.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerMetricsRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/metrics", {Role::metrics}, [&ctx](const Request&, Respond respond) {
        ctx.reply(std::move(respond), [&ctx] {
            auto snapshot = metrics::snapshotFamilies(ctx.daemon, ctx.daemon.streamClients(), systemNow());
            HttpResponse res{bh::status::ok, 11};
            res.set(bh::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            res.set(bh::field::cache_control, "no-store");
            res.body() = ctx.daemon.metrics().render(snapshot);
            res.prepare_payload();
            return res;
        });
    });
}

} // namespace qmsd::http
