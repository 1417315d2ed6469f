// The HTTP API's handlers (docs/api.md), registered on a Router from the Service they serve.
// A handler is a few lines: it parses the request into values (wire/), calls the service, and
// answers through the helpers of api/reply.hpp, which render on the connection's thread.
#pragma once

#include <string>
#include <string_view>

#include "net/router.hpp"
#include "service/access.hpp"

namespace aduan {
class Authenticator;
class Service;
}  // namespace aduan

namespace aduan::net {
class LiveFeed;
}

namespace aduan::api {

void add_ticket_routes(net::Router& router, Service& service);
// GET /healthz, GET /metrics and GET /api/v1/config.
void add_system_routes(net::Router& router, Service& service);
void add_auth_routes(net::Router& router, Service& service);
// GET /api/v1/wallboard and its live feed.
void add_wallboard_routes(net::Router& router, Service& service);
// The agents' console's ticket feed GET /api/v1/console/live.
void add_console_routes(net::Router& router, Service& service);
// GET /api/v1/reports/sla and /api/v1/reports/breaches.
void add_report_routes(net::Router& router, Service& service);

// A live feed's WebSocket endpoint: the feed's roles, credentials on the upgrade or in-band.
void add_feed_route(net::Router& router, const std::string& path, net::LiveFeed& feed);

// Every file of the pages (ui/assets.hpp), served to anyone: pages hold no data.
void add_page_files(net::Router& router);

// Every route the service serves (what `aduan serve` registers).
void add_all_routes(net::Router& router, Service& service);

// Resolves a request's bearer token or session cookie.
net::Authenticate authenticate_with(const Authenticator& auth);

}  // namespace aduan::api
