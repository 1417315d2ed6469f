// The agents' console (docs/console.md): its page and files, and its live ticket feed.
#include "api/routes.hpp"
#include "service/service.hpp"

namespace aduan::api {

using namespace net;

void add_console_routes(Router& router, Service& s) {
    add_feed_route(router, "/api/v1/console/live", s.console_feed());
}

}  // namespace aduan::api
