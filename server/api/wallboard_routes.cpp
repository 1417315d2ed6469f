// The wallboard's routes: the snapshot and the live feed's upgrade.
#include "api/routes.hpp"
#include "service/service.hpp"

namespace aduan::api {

using namespace net;

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
}

}  // namespace aduan::api
