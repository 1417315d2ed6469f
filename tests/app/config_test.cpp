// The tables of numeric settings (app/config.hpp): every default lies in its range, every key
// reads into the field it names, and the configuration file reads every one of them.
#include <catch2/catch.hpp>

#include <set>

#include "app/config.hpp"
#include "wire/config_json.hpp"

using namespace aduan;

namespace {

template <typename T>
void check_table(std::span<const Setting<T>> settings) {
    const T defaults{};
    std::set<std::string_view> keys;
    for (const auto& s : settings) {
        INFO(s.key);
        CHECK(keys.insert(s.key).second);
        CHECK(s.get(defaults) >= s.min);
        CHECK(s.get(defaults) <= s.max);
        for (long long v : {s.min, s.max}) {
            T o{};
            s.set(o, v);
            CHECK(s.get(o) == v);
        }
    }
}

}  // namespace

TEST_CASE("every limit and sign-in setting has a default within its range and reads back") {
    check_table(limit_settings());
    check_table(auth_settings());
    CHECK(limit_settings().size() == 19);
}

TEST_CASE("the configuration file sets every limit the table names, and refuses one out of range") {
    std::string json = R"({"limits": {)";
    for (const auto& s : limit_settings())
        json += "\"" + std::string(s.key) + "\": " + std::to_string(s.max) + ",";
    json.back() = '}';
    json += "}";
    auto c = wire::parse_config(json);
    REQUIRE(c.ok());
    for (const auto& s : limit_settings()) {
        INFO(s.key);
        CHECK(s.get(c->limits) == s.max);
    }
    auto bad =
        wire::parse_config(R"({"limits": {"body_limit": 12}, "auth": {"session_hours": 0}})");
    REQUIRE_FALSE(bad.ok());
    REQUIRE(bad.error().details.size() == 2);
    CHECK(bad.error().details[0].field == "limits.body_limit");
    CHECK(bad.error().details[0].message == "must be a whole number from 1024 to 1073741824");
    CHECK(bad.error().details[1].field == "auth.session_hours");
}
