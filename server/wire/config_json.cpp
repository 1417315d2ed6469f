#include "wire/config_json.hpp"

#include <date/tz.h>

#include "model/ticket.hpp"
#include "sla/duration.hpp"
#include "wire/calendar_json.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace aduan::wire {

using nlohmann::json;

namespace {

struct Checker {
    std::vector<FieldError> errors;
    void fail(std::string field, std::string message) {
        errors.push_back({std::move(field), std::move(message)});
    }
};

std::vector<std::string> read_names(Checker& c, const json& v, const std::string& key) {
    std::vector<std::string> out;
    if (!v.is_array() || v.empty()) {
        c.fail(key, "must be a non-empty array of names");
        return out;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < v.size(); ++i) {
        const std::string field = key + "[" + std::to_string(i) + "]";
        if (!v[i].is_string() || v[i].get_ref<const std::string&>().empty() ||
            v[i].get_ref<const std::string&>().size() > 100) {
            c.fail(field, "must be a name of 1 to 100 characters");
            continue;
        }
        const auto& s = v[i].get_ref<const std::string&>();
        if (!seen.insert(s).second) {
            c.fail(field, "is a duplicate of \"" + s + "\"");
            continue;
        }
        out.push_back(s);
    }
    return out;
}

template <typename T>
void read_number(Checker& c, const json& limits, const char* key, T& out, long long min,
                 long long max) {
    if (!limits.contains(key)) return;
    const auto& v = limits.at(key);
    if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max) {
        c.fail(std::string("limits.") + key,
               "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return;
    }
    out = T(v.get<long long>());
}

void read_seconds(Checker& c, const json& limits, const char* key, std::chrono::seconds& out,
                  long long min, long long max) {
    long long s = out.count();
    read_number(c, limits, key, s, min, max);
    out = std::chrono::seconds{s};
}

}  // namespace

Result<Config> parse_config(std::string_view text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        return Error::validation({{"config", std::string("not valid JSON: ") + e.what()}});
    }
    if (!j.is_object()) return Error::validation({{"config", "must be a JSON object"}});
    Config cfg = default_config();
    Checker c;
    static const std::set<std::string> kKeys{"timezone", "categories", "teams",     "listen",  "db",
                                             "limits",   "auth",       "calendars", "policies"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!kKeys.count(it.key())) c.fail(it.key(), "unknown key");
    if (j.contains("timezone")) {
        const auto& v = j["timezone"];
        if (!v.is_string()) {
            c.fail("timezone", "must be an IANA time zone name");
        } else {
            try {
                date::locate_zone(v.get<std::string>());
                cfg.timezone = v.get<std::string>();
            } catch (const std::exception&) {
                c.fail("timezone", "unknown time zone \"" + v.get<std::string>() + "\"");
            }
        }
    }
    if (j.contains("categories")) cfg.categories = read_names(c, j["categories"], "categories");
    if (j.contains("teams")) cfg.teams = read_names(c, j["teams"], "teams");
    for (const char* key : {"listen", "db"}) {
        if (!j.contains(key)) continue;
        if (!j[key].is_string() || j[key].get_ref<const std::string&>().empty()) {
            c.fail(key, "must be a non-empty string");
            continue;
        }
        (std::string_view(key) == "listen" ? cfg.listen : cfg.db) = j[key].get<std::string>();
    }
    if (j.contains("limits")) {
        const auto& l = j["limits"];
        if (!l.is_object()) {
            c.fail("limits", "must be an object");
        } else {
            static const std::set<std::string> kLimitKeys{"body_limit",
                                                          "header_timeout",
                                                          "body_timeout",
                                                          "idle_timeout",
                                                          "max_connections",
                                                          "threads",
                                                          "writer_max_batch",
                                                          "writer_max_queue",
                                                          "reader_threads",
                                                          "reader_max_queue",
                                                          "shutdown_grace",
                                                          "feed_max_clients",
                                                          "feed_snapshot_interval_ms",
                                                          "feed_event_backlog",
                                                          "feed_idle_timeout",
                                                          "feed_auth_timeout",
                                                          "feed_max_message",
                                                          "feed_send_buffer",
                                                          "reports_max_running"};
            for (auto it = l.begin(); it != l.end(); ++it)
                if (!kLimitKeys.count(it.key())) c.fail("limits." + it.key(), "unknown key");
            auto& lim = cfg.limits;
            read_number(c, l, "body_limit", lim.body_limit, 1024, 1LL << 30);
            read_seconds(c, l, "header_timeout", lim.header_timeout, 1, 3600);
            read_seconds(c, l, "body_timeout", lim.body_timeout, 1, 3600);
            read_seconds(c, l, "idle_timeout", lim.idle_timeout, 1, 86400);
            read_number(c, l, "max_connections", lim.max_connections, 1, 1000000);
            read_number(c, l, "threads", lim.threads, 0, 256);
            read_number(c, l, "writer_max_batch", lim.writer_max_batch, 1, 100000);
            read_number(c, l, "writer_max_queue", lim.writer_max_queue, 1, 10000000);
            read_number(c, l, "reader_threads", lim.reader_threads, 1, 64);
            read_number(c, l, "reader_max_queue", lim.reader_max_queue, 1, 10000000);
            read_seconds(c, l, "shutdown_grace", lim.shutdown_grace, 0, 3600);
            read_number(c, l, "feed_max_clients", lim.feed_max_clients, 1, 1000000);
            std::int64_t interval = lim.feed_snapshot_interval.count();
            read_number(c, l, "feed_snapshot_interval_ms", interval, 10, 60000);
            lim.feed_snapshot_interval = std::chrono::milliseconds(interval);
            read_number(c, l, "feed_event_backlog", lim.feed_event_backlog, 1, 100000);
            read_seconds(c, l, "feed_idle_timeout", lim.feed_idle_timeout, 2, 3600);
            read_seconds(c, l, "feed_auth_timeout", lim.feed_auth_timeout, 1, 600);
            read_number(c, l, "feed_max_message", lim.feed_max_message, 256, 1 << 20);
            read_number(c, l, "feed_send_buffer", lim.feed_send_buffer, 4096, 64 << 20);
            read_number(c, l, "reports_max_running", lim.reports_max_running, 1, 64);
        }
    }
    if (j.contains("auth")) {
        const auto& a = j["auth"];
        if (!a.is_object()) {
            c.fail("auth", "must be an object");
        } else {
            static const std::set<std::string> kAuthKeys{
                "session_hours",       "secure_cookies",   "user_attempts",
                "user_refill_seconds", "address_attempts", "address_refill_seconds"};
            for (auto it = a.begin(); it != a.end(); ++it)
                if (!kAuthKeys.count(it.key())) c.fail("auth." + it.key(), "unknown key");
            auto& o = cfg.auth;
            auto number = [&](const char* key, long long min, long long max, auto set) {
                if (!a.contains(key)) return;
                const auto& v = a.at(key);
                if (!v.is_number_integer() || v.get<long long>() < min ||
                    v.get<long long>() > max) {
                    c.fail(std::string("auth.") + key, "must be a whole number from " +
                                                           std::to_string(min) + " to " +
                                                           std::to_string(max));
                    return;
                }
                set(v.get<long long>());
            };
            number("session_hours", 1, 24 * 365,
                   [&](long long v) { o.session_ttl = std::chrono::hours(v); });
            number("user_attempts", 1, 1000000, [&](long long v) { o.user_burst = int(v); });
            number("user_refill_seconds", 1, 86400,
                   [&](long long v) { o.user_refill = std::chrono::seconds(v); });
            number("address_attempts", 1, 1000000, [&](long long v) { o.address_burst = int(v); });
            number("address_refill_seconds", 1, 86400,
                   [&](long long v) { o.address_refill = std::chrono::seconds(v); });
            if (a.contains("secure_cookies")) {
                if (a["secure_cookies"].is_boolean()) {
                    o.secure_cookies = a["secure_cookies"].get<bool>();
                } else {
                    c.fail("auth.secure_cookies", "must be true or false");
                }
            }
        }
    }
    // SLA: calendars and policies replace the built-in ones when given.
    auto specs = cfg.calendar_specs;
    std::vector<sla::Policy> policies = cfg.policies->policies();
    if (j.contains("calendars")) {
        specs.clear();
        const auto& cals = j["calendars"];
        if (!cals.is_object() || cals.empty()) {
            c.fail("calendars", "must be an object from calendar name to calendar");
        } else {
            for (auto it = cals.begin(); it != cals.end(); ++it) {
                auto spec = parse_calendar_spec(*it, "calendars." + it.key() + ".");
                if (!spec.ok()) {
                    for (auto& d : spec.error().details)
                        c.errors.push_back(d);
                    continue;
                }
                specs.emplace(it.key(), std::move(spec.value()));
            }
        }
    }
    if (j.contains("policies")) {
        policies.clear();
        const auto& list = j["policies"];
        if (!list.is_array()) c.fail("policies", "must be a list of policies");
        for (size_t i = 0; list.is_array() && i < list.size(); ++i) {
            const auto& p = list[i];
            const std::string at = "policies[" + std::to_string(i) + "]";
            if (!p.is_object()) {
                c.fail(at, "must be an object");
                continue;
            }
            for (auto it = p.begin(); it != p.end(); ++it)
                if (it.key() != "name" && it.key() != "match" && it.key() != "calendar" &&
                    it.key() != "targets" && it.key() != "warn_at")
                    c.fail(at + "." + it.key(), "unknown key");
            sla::Policy policy;
            if (!p.contains("name") || !p["name"].is_string())
                c.fail(at + ".name", "is required: a string");
            else
                policy.name = p["name"].get<std::string>();
            if (!p.contains("calendar") || !p["calendar"].is_string())
                c.fail(at + ".calendar", "is required: a calendar name");
            else
                policy.calendar_name = p["calendar"].get<std::string>();
            if (p.contains("warn_at")) {
                if (!p["warn_at"].is_number())
                    c.fail(at + ".warn_at", "must be a number between 0 and 1");
                else
                    policy.warn_at = p["warn_at"].get<double>();
            }
            if (!p.contains("targets") || !p["targets"].is_object()) {
                c.fail(at + ".targets",
                       "is required: {\"first_response\": \"30m\", \"resolution\": \"4h\"}");
            } else {
                for (auto it = p["targets"].begin(); it != p["targets"].end(); ++it)
                    if (it.key() != "first_response" && it.key() != "resolution")
                        c.fail(at + ".targets." + it.key(), "unknown key");
                for (const char* metric : {"first_response", "resolution"}) {
                    const auto& t = p["targets"];
                    const std::string field = at + ".targets." + metric;
                    std::optional<std::int64_t> d;
                    if (t.contains(metric) && t[metric].is_string())
                        d = sla::parse_duration(t[metric].get<std::string>());
                    if (!d) {
                        c.fail(field,
                               "must be a duration such as \"30m\", \"4h\" or \"1h30m\" (units h, "
                               "m, s; no d)");
                        continue;
                    }
                    (std::string_view(metric) == "first_response" ? policy.first_response
                                                                  : policy.resolution) = *d;
                }
            }
            if (p.contains("match")) {
                const auto& m = p["match"];
                if (!m.is_object()) {
                    c.fail(at + ".match",
                           "must be an object with priority, category and channel lists");
                } else {
                    for (auto it = m.begin(); it != m.end(); ++it) {
                        const std::string field = at + ".match." + it.key();
                        if (it.key() != "priority" && it.key() != "category" &&
                            it.key() != "channel") {
                            c.fail(field, "unknown key");
                            continue;
                        }
                        if (!it->is_array()) {
                            c.fail(field, "must be a list");
                            continue;
                        }
                        std::vector<std::string> values;
                        for (const auto& v : *it) {
                            const std::string text = v.is_string() ? v.get<std::string>() : "";
                            const bool known =
                                it.key() == "priority"  ? parse_enum<Priority>(text).has_value()
                                : it.key() == "channel" ? parse_enum<Channel>(text).has_value()
                                                        : cfg.has_category(text);
                            if (!known) {
                                c.fail(field, "\"" + text + "\" is not a " +
                                                  std::string(it.key() == "category"
                                                                  ? "configured category"
                                                                  : it.key()));
                                continue;
                            }
                            values.push_back(text);
                        }
                        (it.key() == "priority"  ? policy.match.priority
                         : it.key() == "channel" ? policy.match.channel
                                                 : policy.match.category) = std::move(values);
                    }
                }
            }
            policies.push_back(std::move(policy));
        }
    }
    if (c.errors.empty()) {
        auto installed = install_sla(cfg, std::move(specs), std::move(policies));
        if (!installed.ok()) return installed.take_error();
    }
    if (!c.errors.empty()) return Error::validation(std::move(c.errors));
    return cfg;
}

Result<Config> load_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::validation({{"config", "cannot read " + path}});
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_config(ss.str());
}

}  // namespace aduan::wire
