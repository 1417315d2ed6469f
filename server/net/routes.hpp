// The HTTP API's handlers, registered on a Router. Each handler parses and validates the
// request (JSON mapping lives at this edge), calls the service, and renders the result on
// the connection's executor.
#pragma once

#include "app/config.hpp"
#include "app/metrics.hpp"
#include "app/ticket_service.hpp"
#include "net/router.hpp"

namespace aduan::net {

struct RouteOptions {
    // Benchmark baseline: POST /api/v1/tickets answers a fixed 201 without touching the store,
    // so one load run measures what the store costs (bench/README.md). Never for production.
    bool baseline = false;
};

void add_ticket_routes(Router& router, TicketService& tickets, const Config& config,
                       RouteOptions options);
void add_system_routes(Router& router, TicketService& tickets, const Metrics& metrics);

}  // namespace aduan::net
