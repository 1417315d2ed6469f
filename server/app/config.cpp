#include "app/config.hpp"

#include <stdexcept>

#include "sla/duration.hpp"

namespace aduan {

namespace {

// Indonesia's national public holidays and joint leave days (cuti bersama). 2026: as decreed
// by SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025. 2027: only the days fixed by law or by the
// Easter rule; the moveable Islamic, Chinese, Hindu and Buddhist holidays and the joint leave
// days of 2027 are decreed separately and must be added (docs/configuration.md).
// Plain characters, not std::string: default_config() may run while other files' globals are
// being initialised (the sanitizer build caught a test doing so).
constexpr const char* kIndonesianHolidays[] = {
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
    sla::CalendarSpec s{
        "Asia/Jakarta", {}, {std::begin(kIndonesianHolidays), std::end(kIndonesianHolidays)}};
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

namespace {

long long as_number(std::size_t v) {
    return static_cast<long long>(v);
}
long long as_number(unsigned v) {
    return v;
}
long long as_number(int v) {
    return v;
}
template <typename Rep, typename Period>
long long as_number(std::chrono::duration<Rep, Period> d) {
    return d.count();
}
template <typename T>
void assign(T& field, long long v) {
    if constexpr (requires { field.count(); }) {
        field = T(v);
    } else {
        field = static_cast<T>(v);
    }
}

#define ADUAN_SETTING(T, key, member, min, max)                        \
    Setting<T> {                                                       \
        key, min, max, [](const T& o) { return as_number(o.member); }, \
            [](T& o, long long v) { assign(o.member, v); }             \
    }

const Setting<Limits> kLimitSettings[] = {
    ADUAN_SETTING(Limits, "body_limit", body_limit, 1024, 1LL << 30),
    ADUAN_SETTING(Limits, "header_timeout", header_timeout, 1, 3600),
    ADUAN_SETTING(Limits, "body_timeout", body_timeout, 1, 3600),
    ADUAN_SETTING(Limits, "idle_timeout", idle_timeout, 1, 86400),
    ADUAN_SETTING(Limits, "max_connections", max_connections, 1, 1000000),
    ADUAN_SETTING(Limits, "threads", threads, 0, 256),
    ADUAN_SETTING(Limits, "writer_max_batch", writer_max_batch, 1, 100000),
    ADUAN_SETTING(Limits, "writer_max_queue", writer_max_queue, 1, 10000000),
    ADUAN_SETTING(Limits, "reader_threads", reader_threads, 1, 64),
    ADUAN_SETTING(Limits, "reader_max_queue", reader_max_queue, 1, 10000000),
    ADUAN_SETTING(Limits, "shutdown_grace", shutdown_grace, 0, 3600),
    ADUAN_SETTING(Limits, "feed_max_clients", feed_max_clients, 1, 1000000),
    ADUAN_SETTING(Limits, "feed_snapshot_interval_ms", feed_snapshot_interval, 10, 60000),
    ADUAN_SETTING(Limits, "feed_event_backlog", feed_event_backlog, 1, 100000),
    ADUAN_SETTING(Limits, "feed_idle_timeout", feed_idle_timeout, 2, 3600),
    ADUAN_SETTING(Limits, "feed_auth_timeout", feed_auth_timeout, 1, 600),
    ADUAN_SETTING(Limits, "feed_max_message", feed_max_message, 256, 1 << 20),
    ADUAN_SETTING(Limits, "feed_send_buffer", feed_send_buffer, 4096, 64 << 20),
    ADUAN_SETTING(Limits, "reports_max_running", reports_max_running, 1, 64),
};

const Setting<AuthOptions> kAuthSettings[] = {
    Setting<AuthOptions>{
        "session_hours", 1, 24 * 365,
        [](const AuthOptions& o) -> long long {
            return std::chrono::duration_cast<std::chrono::hours>(o.session_ttl).count();
        },
        [](AuthOptions& o, long long v) { o.session_ttl = std::chrono::hours(v); }},
    ADUAN_SETTING(AuthOptions, "user_attempts", user_burst, 1, 1000000),
    ADUAN_SETTING(AuthOptions, "user_refill_seconds", user_refill, 1, 86400),
    ADUAN_SETTING(AuthOptions, "address_attempts", address_burst, 1, 1000000),
    ADUAN_SETTING(AuthOptions, "address_refill_seconds", address_refill, 1, 86400),
};

#undef ADUAN_SETTING

}  // namespace

std::span<const Setting<Limits>> limit_settings() {
    return kLimitSettings;
}

std::span<const Setting<AuthOptions>> auth_settings() {
    return kAuthSettings;
}

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
