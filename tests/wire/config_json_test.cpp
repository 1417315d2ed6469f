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

TEST_CASE(
    "the built-in configuration: an Indonesian office calendar, 24x7, policies per priority") {
    const auto c = default_config();
    REQUIRE(c.calendars->count("office"));
    REQUIRE(c.calendars->count("24x7"));
    const auto& office = c.calendars->at("office");
    CHECK(office.timezone() == "Asia/Jakarta");
    CHECK(office.week_seconds() == 5 * 9 * 3600);
    // Idul Fitri 2026 and its joint leave days are closed; an ordinary Monday is open.
    CHECK_FALSE(office.is_open(*parse_rfc3339("2026-03-23T10:00:00+07:00")));
    CHECK_FALSE(office.is_open(*parse_rfc3339("2026-12-24T10:00:00+07:00")));
    CHECK(office.is_open(*parse_rfc3339("2026-11-30T10:00:00+07:00")));
    CHECK_FALSE(office.is_open(*parse_rfc3339("2027-08-17T10:00:00+07:00")));
    CHECK(c.policies->select({"urgent", "payment", "phone"}).name == "urgent");
    CHECK(c.policies->select({"urgent", "payment", "phone"}).calendar_name == "24x7");
    CHECK(c.policies->select({"normal", "other", "web"}).name == "normal");
    CHECK(c.policies->select({"low", "other", "web"}).name == "low");
}

TEST_CASE("calendars and policies from the file replace the built-in ones") {
    auto c = wire::parse_config(R"({
      "calendars": { "desk": { "timezone": "Asia/Makassar", "hours": { "mon": [["09:00","15:00"]] } } },
      "policies": [ { "name": "vip", "match": { "category": ["payment"], "channel": ["phone"] }, "calendar": "desk",
                      "targets": { "first_response": "15m", "resolution": "1h30m" }, "warn_at": 0.5 },
                    { "name": "rest", "calendar": "desk", "targets": { "first_response": "1h", "resolution": "8h" } } ] })");
    REQUIRE(c.ok());
    CHECK(c->calendars->size() == 1);
    const auto& vip = c->policies->select({"normal", "payment", "phone"});
    CHECK(vip.name == "vip");
    CHECK(vip.first_response == 900);
    CHECK(vip.resolution == 5400);
    CHECK(vip.warn_at == 0.5);
    CHECK(c->policies->select({"normal", "payment", "email"}).name == "rest");
}

TEST_CASE("bad calendars and policies are named by their path") {
    auto c = wire::parse_config(R"({
      "calendars": { "desk": { "timezone": "Asia/Makassar", "hours": { "mon": [["15:00","09:00"]] } } },
      "policies": [ { "name": "x", "match": { "priority": ["asap"], "colour": [] }, "calendar": "desk",
                      "targets": { "first_response": "1d", "resolution": "4h" } } ] })");
    REQUIRE_FALSE(c.ok());
    auto named = [&](const std::string& f) {
        const auto& d = c.error().details;
        return std::any_of(d.begin(), d.end(), [&](const FieldError& e) { return e.field == f; });
    };
    CHECK(named("policies[0].match.priority"));
    CHECK(named("policies[0].match.colour"));
    CHECK(named("policies[0].targets.first_response"));

    auto cal = wire::parse_config(R"({ "calendars": { "desk": { "timezone": "Asia/Makassar",
      "hours": { "mon": [["15:00","09:00"]] } } } })");
    REQUIRE_FALSE(cal.ok());
    CHECK(cal.error().details[0].field == "calendars.desk.hours.mon[0]");

    // Policies that name a calendar the file no longer has.
    auto missing = wire::parse_config(
        R"({ "calendars": { "desk": { "timezone": "UTC", "hours": { "mon": [["09:00","15:00"]] } } } })");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("no calendar is named"));
}
