#include "app/config.hpp"

#include <stdexcept>

#include "sla/duration.hpp"

namespace aduan {

namespace {

// Indonesia's national public holidays and joint leave days (cuti bersama). 2026: as decreed
// by SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025. 2027: only the days fixed by law or by the
// Easter rule; the moveable Islamic, Chinese, Hindu and Buddhist holidays and the joint leave
// days of 2027 are decreed separately and must be added (docs/configuration.md).
const std::vector<std::string> kIndonesianHolidays{
    // 2026 national holidays
    "2026-01-01", "2026-01-16", "2026-02-17", "2026-03-19", "2026-03-21", "2026-03-22",
    "2026-04-03", "2026-04-05", "2026-05-01", "2026-05-14", "2026-05-27", "2026-05-31",
    "2026-06-01", "2026-06-16", "2026-08-17", "2026-08-25", "2026-12-25",
    // 2026 joint leave days
    "2026-02-16", "2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24", "2026-05-15",
    "2026-05-28", "2026-12-24",
    // 2027 fixed and Easter-derived national holidays
    "2027-01-01", "2027-03-26", "2027-03-28", "2027-05-01", "2027-05-06", "2027-06-01",
    "2027-08-17", "2027-12-25"};

sla::CalendarSpec office_spec() {
    sla::CalendarSpec s{"Asia/Jakarta", {}, kIndonesianHolidays};
    for (const char* d : {"mon", "tue", "wed", "thu", "fri"})
        s.hours.push_back({d, {{"08:00", "17:00"}}});
    s.hours.push_back({"sat", {}});
    s.hours.push_back({"sun", {}});
    return s;
}

sla::CalendarSpec all_week_spec() {
    sla::CalendarSpec s{"Asia/Jakarta", {}, {}};
    for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        s.hours.push_back({d, {{"00:00", "24:00"}}});
    return s;
}

sla::Policy policy(std::string name, std::vector<std::string> priorities, std::string calendar,
                   const char* fr, const char* res) {
    sla::Policy p;
    p.name = std::move(name);
    p.match.priority = std::move(priorities);
    p.calendar_name = std::move(calendar);
    p.first_response = *sla::parse_duration(fr);
    p.resolution = *sla::parse_duration(res);
    return p;
}

}  // namespace

Result<Ok> install_sla(Config& c, std::map<std::string, sla::CalendarSpec> specs,
                       std::vector<sla::Policy> policies) {
    auto calendars = std::make_shared<std::map<std::string, sla::Calendar>>();
    std::vector<FieldError> errors;
    for (const auto& [name, spec] : specs) {
        auto cal = sla::Calendar::compile(spec);
        if (!cal.ok()) {
            for (auto d : cal.error().details)
                errors.push_back({"calendars." + name + "." + d.field, d.message});
            continue;
        }
        calendars->emplace(name, std::move(cal.value()));
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    auto set = sla::PolicySet::make(std::move(policies), *calendars);
    if (!set.ok()) return set.take_error();
    c.calendars = std::move(calendars);
    c.policies = std::make_shared<const sla::PolicySet>(std::move(set.value()));
    c.calendar_specs = std::move(specs);
    return Ok{};
}

namespace {

// The built-in calendars with `policies`; a failure is a bug in this file.
void install_built_in(Config& c, std::vector<sla::Policy> policies, const std::string& what) {
    auto installed =
        install_sla(c, {{"office", office_spec()}, {"24x7", all_week_spec()}}, std::move(policies));
    if (!installed.ok())
        throw std::logic_error("the " + what +
                               " configuration is invalid: " + installed.error().message);
}

}  // namespace

Config default_config() {
    Config c;
    c.categories = {"payment",  "incentive",   "account", "verification",
                    "training", "certificate", "other"};
    c.teams = {"tier1", "tier2"};
    install_built_in(c,
                     {policy("urgent", {"urgent"}, "24x7", "30m", "4h"),
                      policy("high", {"high"}, "office", "1h", "9h"),
                      policy("normal", {"normal"}, "office", "4h", "27h"),
                      policy("low", {}, "office", "8h", "45h")},
                     "built-in");
    return c;
}

Config demo_config() {
    Config c = default_config();
    // Targets of minutes, around the clock: a demo shows warnings and breaches within minutes
    // of starting, whatever the hour.
    install_built_in(
        c,
        {policy("urgent", {"urgent"}, "24x7", "1m", "6m"),
         policy("high", {"high"}, "24x7", "2m", "10m"),
         policy("normal", {"normal"}, "24x7", "3m", "15m"), policy("low", {}, "24x7", "5m", "25m")},
        "demo");
    return c;
}

}  // namespace aduan
