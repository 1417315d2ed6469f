// The agents' console (docs/console.md): its page and files, and its live ticket feed.
#include "api/routes.hpp"
#include "console/assets.hpp"
#include "service/service.hpp"

namespace aduan::api {

using namespace net;

void add_console_routes(Router& router, Service& s) {
    add_feed_route(router, "/api/v1/console/live", s.console_feed());
    add_page(router, "/console", "console", console::assets::index_html,
             console::assets::console_js, console::assets::console_css);
}

}  // namespace aduan::api
