// The service's routes, as `aduan serve` registers them, are exactly those of the access
// table, each with the same rule: a route added without a rule in the table fails here.
#include <catch2/catch.hpp>

#include <set>

#include "app/crypto.hpp"
#include "net/routes.hpp"
#include "support/access_table.hpp"
#include "support/server_process.hpp"

using namespace aduan;

TEST_CASE("every route has the access rule of the table, and the table lists every route") {
    crypto::init();
    test::TempDir dir;
    Config config = default_config();
    config.db = dir.file("a.db");
    storage::Writer writer(config.db, {});
    storage::ReaderPool readers(config.db, 1, 10);
    Metrics metrics;
    TicketService tickets(config, writer, readers);
    Authenticator auth(config.db, writer, config.auth);
    net::Router router(metrics, net::authenticate_with(auth));
    Wallboard wallboard(config);
    net::WallboardSource board_source(wallboard);
    net::LiveFeed feed(
        board_source, config.limits, metrics,
        [](std::string_view) { return std::optional<Identity>(); },
        net::access::wallboard_viewers());
    net::TicketsSource tickets_source;
    net::LiveFeed console_feed(
        tickets_source, config.limits, metrics,
        [](std::string_view) { return std::optional<Identity>(); }, net::access::ticket_readers());
    ExportJobs exports(1);
    net::add_all_routes(router, tickets, auth, config, metrics, feed, console_feed, exports, {});

    std::set<std::string> served, expected;
    for (const auto& r : router.routes()) {
        std::string rule = r.access.is_public ? "public" : "";
        for (auto role : r.access.roles)
            rule += std::string(to_string(role)) + " ";
        if (r.access.in_band) rule += "in-band";
        served.insert(std::string(net::method_name(r.method)) + " " + r.pattern + " -> " + rule);
    }
    for (const auto& r : test::access_table()) {
        std::string rule = r.is_public ? "public" : "";
        for (const auto& role : r.roles)
            rule += role + " ";
        if (r.websocket) rule += "in-band";
        expected.insert(r.method + " " + r.pattern + " -> " + rule);
    }
    CHECK(served == expected);
    auth.stop();
}
