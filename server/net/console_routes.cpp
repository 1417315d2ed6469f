// The agents' console (docs/console.md): its page and files, and its live ticket feed.
#include "console/assets.hpp"
#include "net/routes.hpp"

namespace aduan::net {

void add_console_routes(Router& router, LiveFeed& console_feed) {
    add_feed_route(router, "/api/v1/console/live", console_feed);
    add_page(router, "/console", "console", console::assets::index_html,
             console::assets::console_js, console::assets::console_css);
}

}  // namespace aduan::net
