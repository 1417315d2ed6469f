// The wallboard's routes: the snapshot, the live feed's upgrade, and the page's files.
#include "api/routes.hpp"
#include "service/service.hpp"
#include "wallboard/assets.hpp"

namespace aduan::api {

using namespace net;

void add_static_file(Router& router, const std::string& path, std::string_view content_type,
                     std::string_view (*content)()) {
    router.add(Method::kGet, path, Access::anyone(),
               [content_type, content](HttpRequest&, const PathParams&, Reply reply) {
                   HttpResponse r;
                   r.content_type = std::string(content_type);
                   r.body = std::string(content());
                   reply.send()(std::move(r));
               });
}

void add_page(Router& router, const std::string& path, const std::string& name,
              std::string_view (*html)(), std::string_view (*js)(), std::string_view (*css)()) {
    add_static_file(router, path, "text/html; charset=utf-8", html);
    add_static_file(router, path + "/" + name + ".js", "text/javascript; charset=utf-8", js);
    add_static_file(router, path + "/" + name + ".css", "text/css; charset=utf-8", css);
}

void add_feed_route(Router& router, const std::string& path, LiveFeed& feed) {
    Access live = feed.access();
    live.in_band = true;
    router.add(Method::kGet, path, live, [&feed](HttpRequest& req, const PathParams&, Reply reply) {
        if (!req.websocket)
            return reply.send()(error_response(Error::bad_request(
                "this is a WebSocket endpoint: send an Upgrade: websocket request")));
        if (feed.clients() >= feed.limits().feed_max_clients)
            return reply.send()(error_response(
                Error::unavailable("the live feed has as many clients as it takes")));
        reply.upgrade(feed, req.identity);
    });
}

void add_wallboard_routes(Router& router, Service& s) {
    LiveFeed& feed = s.wallboard_feed();
    router.add(Method::kGet, "/api/v1/wallboard", access::wallboard_viewers(),
               [&feed](HttpRequest&, const PathParams&, Reply reply) {
                   HttpResponse r;
                   r.body = feed.snapshot_json();
                   reply.send()(std::move(r));
               });

    add_feed_route(router, "/api/v1/wallboard/live", feed);

    add_page(router, "/wallboard", "wallboard", wallboard::assets::index_html,
             wallboard::assets::wallboard_js, wallboard::assets::wallboard_css);
}

}  // namespace aduan::api
