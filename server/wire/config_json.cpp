#include "wire/config_json.hpp"

#include <date/tz.h>

#include "model/ticket.hpp"
#include "sla/duration.hpp"
#include "wire/calendar_json.hpp"

#include <algorithm>
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

void check_keys(Checker& c, const json& object, const std::string& prefix,
                std::initializer_list<std::string_view> keys) {
    for (auto it = object.begin(); it != object.end(); ++it)
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
            c.fail(prefix + it.key(), "unknown key");
}

// Reads the object at `key` by its table of numeric settings (app/config.hpp); `also` names
// further keys the caller reads itself.
template <typename T>
void read_settings(Checker& c, const json& j, const std::string& key,
                   std::span<const Setting<T>> settings, T& out,
                   std::initializer_list<std::string_view> also = {}) {
    if (!j.contains(key)) return;
    const auto& o = j[key];
    if (!o.is_object()) return c.fail(key, "must be an object");
    for (auto it = o.begin(); it != o.end(); ++it) {
        const auto s = std::find_if(settings.begin(), settings.end(),
                                    [&](const auto& x) { return x.key == it.key(); });
        if (s != settings.end()) {
            const auto& v = it.value();
            if (!v.is_number_integer() || v.get<long long>() < s->min ||
                v.get<long long>() > s->max) {
                c.fail(key + "." + it.key(), "must be a whole number from " +
                                                 std::to_string(s->min) + " to " +
                                                 std::to_string(s->max));
            } else {
                s->set(out, v.get<long long>());
            }
        } else if (std::find(also.begin(), also.end(), it.key()) == also.end()) {
            c.fail(key + "." + it.key(), "unknown key");
        }
    }
}

void read_timezone(Checker& c, const json& j, Config& cfg) {
    if (!j.contains("timezone")) return;
    const auto& v = j["timezone"];
    if (!v.is_string()) return c.fail("timezone", "must be an IANA time zone name");
    try {
        date::locate_zone(v.get<std::string>());
        cfg.timezone = v.get<std::string>();
    } catch (const std::exception&) {
        c.fail("timezone", "unknown time zone \"" + v.get<std::string>() + "\"");
    }
}

void read_auth(Checker& c, const json& j, AuthOptions& auth) {
    read_settings(c, j, "auth", auth_settings(), auth, {"secure_cookies"});
    if (!j.contains("auth") || !j["auth"].is_object() || !j["auth"].contains("secure_cookies"))
        return;
    const auto& v = j["auth"]["secure_cookies"];
    if (!v.is_boolean()) return c.fail("auth.secure_cookies", "must be true or false");
    auth.secure_cookies = v.get<bool>();
}

void read_calendars(Checker& c, const json& cals, std::map<std::string, sla::CalendarSpec>& specs) {
    specs.clear();
    if (!cals.is_object() || cals.empty())
        return c.fail("calendars", "must be an object from calendar name to calendar");
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

void read_targets(Checker& c, const json& p, const std::string& at, sla::Policy& policy) {
    if (!p.contains("targets") || !p["targets"].is_object())
        return c.fail(at + ".targets",
                      "is required: {\"first_response\": \"30m\", \"resolution\": \"4h\"}");
    const auto& t = p["targets"];
    check_keys(c, t, at + ".targets.", {"first_response", "resolution"});
    for (auto [metric, target] : {std::pair{"first_response", &policy.first_response},
                                  std::pair{"resolution", &policy.resolution}}) {
        std::optional<std::int64_t> d;
        if (t.contains(metric) && t[metric].is_string())
            d = sla::parse_duration(t[metric].get<std::string>());
        if (!d) {
            c.fail(at + ".targets." + metric,
                   "must be a duration such as \"30m\", \"4h\" or \"1h30m\" (units h, m, s; no "
                   "d)");
            continue;
        }
        *target = *d;
    }
}

// The values of one `match` list: wire names of priorities or channels, or categories.
std::vector<std::string> read_match_list(Checker& c, const json& list, const std::string& kind,
                                         const std::string& field, const Config& cfg) {
    std::vector<std::string> values;
    if (!list.is_array()) {
        c.fail(field, "must be a list");
        return values;
    }
    for (const auto& v : list) {
        const std::string text = v.is_string() ? v.get<std::string>() : "";
        const bool known = kind == "priority"  ? parse_enum<Priority>(text).has_value()
                           : kind == "channel" ? parse_enum<Channel>(text).has_value()
                                               : cfg.has_category(text);
        if (!known) {
            c.fail(field, "\"" + text + "\" is not a " +
                              (kind == "category" ? std::string("configured category") : kind));
            continue;
        }
        values.push_back(text);
    }
    return values;
}

void read_match(Checker& c, const json& p, const std::string& at, const Config& cfg,
                sla::Policy& policy) {
    if (!p.contains("match")) return;
    const auto& m = p["match"];
    if (!m.is_object())
        return c.fail(at + ".match", "must be an object with priority, category and channel lists");
    check_keys(c, m, at + ".match.", {"priority", "category", "channel"});
    for (auto [kind, values] : {std::pair{"priority", &policy.match.priority},
                                std::pair{"category", &policy.match.category},
                                std::pair{"channel", &policy.match.channel}})
        if (m.contains(kind))
            *values = read_match_list(c, m[kind], kind, at + ".match." + kind, cfg);
}

sla::Policy read_policy(Checker& c, const json& p, const std::string& at, const Config& cfg) {
    sla::Policy policy;
    check_keys(c, p, at + ".", {"name", "match", "calendar", "targets", "warn_at"});
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
    read_targets(c, p, at, policy);
    read_match(c, p, at, cfg, policy);
    return policy;
}

void read_policies(Checker& c, const json& list, const Config& cfg,
                   std::vector<sla::Policy>& policies) {
    policies.clear();
    if (!list.is_array()) return c.fail("policies", "must be a list of policies");
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string at = "policies[" + std::to_string(i) + "]";
        if (!list[i].is_object()) {
            c.fail(at, "must be an object");
            continue;
        }
        policies.push_back(read_policy(c, list[i], at, cfg));
    }
}

}  // namespace

Result<Config> parse_config(std::string_view text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range (1e400)
        return Error::validation({{"config", std::string("not valid JSON: ") + e.what()}});
    }
    if (!j.is_object()) return Error::validation({{"config", "must be a JSON object"}});
    Config cfg = default_config();
    Checker c;
    check_keys(c, j, "",
               {"timezone", "categories", "teams", "listen", "db", "limits", "auth", "calendars",
                "policies"});
    read_timezone(c, j, cfg);
    if (j.contains("categories")) cfg.categories = read_names(c, j["categories"], "categories");
    if (j.contains("teams")) cfg.teams = read_names(c, j["teams"], "teams");
    for (auto [key, value] : {std::pair{"listen", &cfg.listen}, std::pair{"db", &cfg.db}}) {
        if (!j.contains(key)) continue;
        if (!j[key].is_string() || j[key].get_ref<const std::string&>().empty())
            c.fail(key, "must be a non-empty string");
        else
            *value = j[key].get<std::string>();
    }
    read_settings(c, j, "limits", limit_settings(), cfg.limits);
    read_auth(c, j, cfg.auth);
    // SLA: calendars and policies replace the built-in ones when given.
    auto specs = cfg.calendar_specs;
    std::vector<sla::Policy> policies = cfg.policies->policies();
    if (j.contains("calendars")) read_calendars(c, j["calendars"], specs);
    if (j.contains("policies")) read_policies(c, j["policies"], cfg, policies);
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
