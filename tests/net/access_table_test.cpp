// The service's routes, as `aduan serve` registers them, are exactly those of the access
// table, each with the same rule: a route added without a rule in the table fails here.
#include <catch2/catch.hpp>

#include <set>

#include "api/routes.hpp"
#include "app/crypto.hpp"
#include "service/service.hpp"
#include "support/access_table.hpp"
#include "support/server_process.hpp"

using namespace aduan;

TEST_CASE("every route has the access rule of the table, and the table lists every route") {
    crypto::init();
    test::TempDir dir;
    Config config = default_config();
    config.db = dir.file("a.db");
    Service service(std::move(config));
    net::Router router(service.metrics(), api::authenticate_with(service.auth()));
    api::add_all_routes(router, service);

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
}
