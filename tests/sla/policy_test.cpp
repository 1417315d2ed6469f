#include <catch2/catch.hpp>

#include "sla/policy.hpp"

using namespace aduan;
using namespace aduan::sla;

namespace {

std::map<std::string, Calendar> calendars() {
    std::map<std::string, Calendar> m;
    m.emplace("24x7",
              std::move(Calendar::compile({"UTC", {{"mon", {{"00:00", "24:00"}}}}, {}}).value()));
    return m;
}

Policy policy(std::string name, Match match, std::int64_t fr = 1800, std::int64_t res = 14400) {
    Policy p;
    p.name = std::move(name);
    p.match = std::move(match);
    p.calendar_name = "24x7";
    p.first_response = fr;
    p.resolution = res;
    return p;
}

}  // namespace

TEST_CASE("the first policy whose match fits applies, empty lists match anything") {
    const auto cals = calendars();
    auto set = PolicySet::make(
        {policy("urgent", {{"urgent"}, {}, {}}),
         policy("payments by phone", {{}, {"payment"}, {"phone"}}), policy("default", {})},
        cals);
    REQUIRE(set.ok());
    CHECK(set->select({"urgent", "payment", "phone"}).name == "urgent");
    CHECK(set->select({"normal", "payment", "phone"}).name == "payments by phone");
    CHECK(set->select({"normal", "payment", "email"}).name == "default");
    CHECK(set->select({"low", "other", "web"}).calendar == &cals.at("24x7"));
}

TEST_CASE("policies are validated, naming the policy and field") {
    const auto cals = calendars();
    auto bad = policy("x", {{"urgent"}, {}, {}}, 0, -5);
    bad.warn_at = 1.0;
    bad.calendar_name = "office";
    auto r = PolicySet::make({bad, policy("x", {{"high"}, {}, {}})}, cals);
    REQUIRE_FALSE(r.ok());
    const auto& d = r.error().details;
    auto has = [&](const std::string& f) {
        return std::any_of(d.begin(), d.end(), [&](const FieldError& e) { return e.field == f; });
    };
    CHECK(has("policies[0].warn_at"));
    CHECK(has("policies[0].targets.first_response"));
    CHECK(has("policies[0].targets.resolution"));
    CHECK(has("policies[0].calendar"));
    CHECK(has("policies[1].name"));   // used twice
    CHECK(has("policies[1].match"));  // the last must match everything
    CHECK_FALSE(PolicySet::make({}, cals).ok());
}

TEST_CASE("the warning threshold rounds up") {
    CHECK(Terms{nullptr, 14400, 0.75}.warn_threshold() == 10800);
    CHECK(Terms{nullptr, 10, 0.75}.warn_threshold() == 8);
    CHECK(Terms{nullptr, 100, 0.5}.warn_threshold() == 50);
}
