#pragma once
// One file per resource; each registers its routes.
namespace qmsd::http {

class Router;
struct ApiContext;

void registerHealthRoutes(Router& router, ApiContext& ctx);   // health, fields, priorities
void registerTicketRoutes(Router& router, ApiContext& ctx);   // issue, status, reinstate, cancel
void registerQrRoutes(Router& router, ApiContext& ctx);       // a ticket's QR as SVG (qr_codes.cpp)
void registerSessionRoutes(Router& router, ApiContext& ctx);  // staff PIN login/logout
void registerCounterRoutes(Router& router, ApiContext& ctx);  // counter state and actions
void registerDisplayRoutes(Router& router, ApiContext& ctx);  // the display snapshot
void registerStatsRoutes(Router& router, ApiContext& ctx);    // live per-field figures
void registerEventLogRoutes(Router& router, ApiContext& ctx); // the event log with filters
void registerMessageRoutes(Router& router, ApiContext& ctx);  // messages to citizens' phones (leader)
void registerReportRoutes(Router& router, ApiContext& ctx);   // reports over date ranges
void registerDeviceRoutes(Router& router, ApiContext& ctx);   // device health
void registerAdminRoutes(Router& router, ApiContext& ctx);
void registerRatingRoutes(Router& router, ApiContext& ctx);   // citizens' ratings, the leader's list
void registerAnnouncementRoutes(Router& router, ApiContext& ctx); // spoken calls as WAV (display.cpp)    // reload, backup
void registerNoticeRoutes(Router& router, ApiContext& ctx);    // editors' notices, content history
void registerProcedureRoutes(Router& router, ApiContext& ctx); // per-field procedure sheets
void registerInfoRoutes(Router& router, ApiContext& ctx); // what screens show; the board preview
void registerMetricsRoutes(Router& router, ApiContext& ctx); // GET /metrics for Prometheus
void registerBookingRoutes(Router& router, ApiContext& ctx); // appointments, the kiosk's check-in

} // namespace qmsd::http
