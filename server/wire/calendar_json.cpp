#include "wire/calendar_json.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace aduan::wire {

using nlohmann::json;

Result<sla::CalendarSpec> parse_calendar_spec(const json& j, const std::string& prefix) {
    std::vector<FieldError> errors;
    auto fail = [&](const std::string& field, std::string message) {
        errors.push_back({prefix + field, std::move(message)});
    };
    if (!j.is_object())
        return Error::validation(
            {{prefix.empty() ? "calendar" : prefix.substr(0, prefix.size() - 1),
              "must be an object with timezone, hours and holidays"}});
    sla::CalendarSpec spec;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "timezone" && it.key() != "hours" && it.key() != "holidays")
            fail(it.key(), "unknown key");
    if (!j.contains("timezone") || !j["timezone"].is_string()) {
        fail("timezone", "is required: an IANA time zone name such as \"Asia/Jakarta\"");
    } else {
        spec.timezone = j["timezone"].get<std::string>();
    }
    if (!j.contains("hours") || !j["hours"].is_object()) {
        fail("hours",
             "is required: an object from day (mon ... sun) to a list of [\"HH:MM\", \"HH:MM\"]");
    } else {
        for (auto it = j["hours"].begin(); it != j["hours"].end(); ++it) {
            const std::string field = "hours." + it.key();
            if (!it->is_array()) {
                fail(field, "must be a list of [\"HH:MM\", \"HH:MM\"] intervals");
                continue;
            }
            std::vector<std::pair<std::string, std::string>> intervals;
            for (size_t i = 0; i < it->size(); ++i) {
                const auto& iv = (*it)[i];
                if (!iv.is_array() || iv.size() != 2 || !iv[0].is_string() || !iv[1].is_string()) {
                    fail(field + "[" + std::to_string(i) + "]",
                         "must be a pair [\"HH:MM\", \"HH:MM\"]");
                    continue;
                }
                intervals.emplace_back(iv[0].get<std::string>(), iv[1].get<std::string>());
            }
            spec.hours.emplace_back(it.key(), std::move(intervals));
        }
    }
    if (j.contains("holidays")) {
        const auto& h = j["holidays"];
        if (!h.is_array()) {
            fail("holidays", "must be a list of dates \"YYYY-MM-DD\"");
        } else {
            for (size_t i = 0; i < h.size(); ++i) {
                if (!h[i].is_string()) {
                    fail("holidays[" + std::to_string(i) + "]", "must be a date \"YYYY-MM-DD\"");
                    continue;
                }
                spec.holidays.push_back(h[i].get<std::string>());
            }
        }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return spec;
}

Result<sla::Calendar> parse_calendar(const json& j, const std::string& prefix) {
    auto spec = parse_calendar_spec(j, prefix);
    if (!spec.ok()) return spec.take_error();
    auto cal = sla::Calendar::compile(*spec);
    if (cal.ok() || prefix.empty()) return cal;
    auto e = cal.take_error();
    for (auto& d : e.details)
        d.field = prefix + d.field;
    return Error::validation(std::move(e.details));
}

Result<sla::Calendar> load_calendar_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::validation({{"calendar", "cannot read " + path}});
    std::stringstream ss;
    ss << in.rdbuf();
    json j;
    try {
        j = json::parse(ss.str());
    } catch (const json::exception& e) {  // parse_error, or out_of_range (1e400)
        return Error::validation({{"calendar", std::string("not valid JSON: ") + e.what()}});
    }
    return parse_calendar(j);
}

}  // namespace aduan::wire
