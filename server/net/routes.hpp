// The HTTP API's handlers, registered on a Router. Each handler parses and validates the
// request (JSON mapping lives at this edge), calls the service, and renders the result on
// the connection's executor.
#pragma once

#include "app/auth.hpp"
#include "app/config.hpp"
#include "app/export_jobs.hpp"
#include "app/metrics.hpp"
#include "app/ticket_service.hpp"
#include "net/live_feed.hpp"
#include "net/router.hpp"

namespace aduan::net {

struct RouteOptions {
    // Benchmark baseline: POST /api/v1/tickets answers a fixed 201 without touching the store,
    // so one load run measures what the store costs (docs/performance.md). Never for production.
    bool baseline = false;
};

void add_ticket_routes(Router& router, TicketService& tickets, const Config& config,
                       RouteOptions options);
void add_system_routes(Router& router, TicketService& tickets, const Metrics& metrics);

void add_auth_routes(Router& router, Authenticator& auth, const AuthOptions& options);

// GET /api/v1/wallboard, the live feed, and the page /wallboard with its assets.
void add_wallboard_routes(Router& router, LiveFeed& feed);

// A live feed's WebSocket endpoint: the feed's roles, credentials on the upgrade or in-band.
void add_feed_route(Router& router, const std::string& path, LiveFeed& feed);

// The agents' console: the page /console with its files, and its ticket feed
// GET /api/v1/console/live.
void add_console_routes(Router& router, LiveFeed& console_feed);

// GET /api/v1/reports/sla and /api/v1/reports/breaches, and the page /reports with its files.
void add_report_routes(Router& router, const Config& config, ExportJobs& jobs);

// A file of a page (embedded in the binary), served to anyone: pages hold no data.
void add_static_file(Router& router, const std::string& path, std::string_view content_type,
                     std::string_view (*content)());
// A page at `path` with its script and style sheet at `path`/`name`.js and .css.
void add_page(Router& router, const std::string& path, const std::string& name,
              std::string_view (*html)(), std::string_view (*js)(), std::string_view (*css)());

// Every route the service serves (what `aduan serve` registers).
void add_all_routes(Router& router, TicketService& tickets, Authenticator& auth,
                    const Config& config, const Metrics& metrics, LiveFeed& feed,
                    LiveFeed& console_feed, ExportJobs& exports, RouteOptions options);

// Resolves a request's bearer token or session cookie.
Authenticate authenticate_with(const Authenticator& auth);

// Who may do what (spec section 7).
namespace access {
inline Access ticket_writers() {
    return Access::only({Role::kAgent, Role::kSupervisor, Role::kAdmin});
}
inline Access ticket_readers() {
    return Access::only({Role::kAgent, Role::kSupervisor, Role::kManager, Role::kAdmin});
}
inline Access operators() {
    return Access::only({Role::kSupervisor, Role::kManager, Role::kAdmin});
}
inline Access report_readers() {
    return Access::only({Role::kSupervisor, Role::kManager, Role::kAdmin});
}
inline Access wallboard_viewers() {
    return Access::only({Role::kSupervisor, Role::kManager, Role::kAdmin, Role::kDisplay});
}
}  // namespace access

}  // namespace aduan::net
