// The agents' console (docs/console.md): its page and files, and its live ticket feed.
#include "console/assets.hpp"
#include "net/routes.hpp"

namespace aduan::net {

void add_console_routes(Router& router, LiveFeed& console_feed) {
    add_feed_route(router, "/api/v1/console/live", console_feed);
    add_static_file(router, "/console", "text/html; charset=utf-8", console::assets::index_html);
    add_static_file(router, "/console/console.js", "text/javascript; charset=utf-8",
                    console::assets::console_js);
    add_static_file(router, "/console/console.css", "text/css; charset=utf-8",
                    console::assets::console_css);
}

}  // namespace aduan::net
