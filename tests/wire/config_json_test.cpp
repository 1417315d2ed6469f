#include <catch2/catch.hpp>

#include "wire/config_json.hpp"

using namespace aduan;

TEST_CASE("an empty object keeps every default") {
    auto c = wire::parse_config("{}");
    REQUIRE(c.ok());
    CHECK(c->timezone == "Asia/Jakarta");
    CHECK(c->has_category("incentive"));
    CHECK(c->has_team("tier1"));
    CHECK(c->limits == Limits{});
    CHECK(c->db == "aduan.db");
}

TEST_CASE("keys override the defaults") {
    auto c = wire::parse_config(R"({"timezone":"Asia/Makassar","categories":["a","b"],"teams":["t"],
        "listen":"0.0.0.0:9000","db":"/var/lib/aduan/aduan.db",
        "limits":{"body_limit":4096,"idle_timeout":5,"max_connections":3}})");
    REQUIRE(c.ok());
    CHECK(c->timezone == "Asia/Makassar");
    CHECK(c->categories == std::vector<std::string>{"a", "b"});
    CHECK(c->listen == "0.0.0.0:9000");
    CHECK(c->limits.body_limit == 4096);
    CHECK(c->limits.idle_timeout == std::chrono::seconds(5));
    CHECK(c->limits.max_connections == 3);
}

TEST_CASE("problems are named by their key path") {
    auto c = wire::parse_config(R"({"timezone":"Mars/Olympus","categories":["a","a"],"colour":1,
        "limits":{"body_limit":-1,"speed":2}})");
    REQUIRE_FALSE(c.ok());
    const auto& d = c.error().details;
    auto named = [&](const std::string& f) {
        return std::any_of(d.begin(), d.end(), [&](const FieldError& e) { return e.field == f; });
    };
    CHECK(named("timezone"));
    CHECK(named("categories[1]"));
    CHECK(named("colour"));
    CHECK(named("limits.body_limit"));
    CHECK(named("limits.speed"));
}

TEST_CASE("a config that is not JSON is refused") {
    CHECK_FALSE(wire::parse_config("{").ok());
    CHECK_FALSE(wire::parse_config("[]").ok());
    CHECK_FALSE(wire::load_config_file("/nonexistent/aduan.json").ok());
}
