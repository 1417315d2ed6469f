#include "wire/import_json.hpp"

#include <nlohmann/json.hpp>

#include "wire/ticket_json.hpp"

namespace aduan::wire {

using nlohmann::json;

Result<ImportTicket> parse_import_line(const json& j, const Config& config) {
    if (!j.is_object()) return Error::validation({{"line", "must be a JSON object"}});
    std::vector<FieldError> errors;
    ImportTicket out;
    auto ticket = parse_new_ticket(j, config, {"created_at", "events"});
    if (!ticket.ok()) {
        errors = ticket.error().details;
    } else {
        out.ticket = std::move(ticket.value());
    }
    std::optional<Instant> created;
    if (!j.contains("created_at") || !j["created_at"].is_string() ||
        !(created = parse_rfc3339(j["created_at"].get<std::string>()))) {
        errors.push_back({"created_at", "is required: an RFC 3339 date-time"});
    } else {
        out.created_at = *created;
    }
    if (j.contains("events")) {
        const auto& events = j["events"];
        if (!events.is_array()) errors.push_back({"events", "must be a list"});
        Instant previous = created.value_or(Instant{});
        for (size_t i = 0; events.is_array() && i < events.size(); ++i) {
            const auto& e = events[i];
            const std::string at = "events[" + std::to_string(i) + "]";
            if (!e.is_object()) {
                errors.push_back({at, "must be an object"});
                continue;
            }
            ImportEvent ev;
            std::optional<Instant> when;
            if (!e.contains("at") || !e["at"].is_string() ||
                !(when = parse_rfc3339(e["at"].get<std::string>()))) {
                errors.push_back({at + ".at", "is required: an RFC 3339 date-time"});
                continue;
            }
            if (*when < previous) {
                errors.push_back(
                    {at + ".at", "comes before the ticket's creation or the event before it"});
                continue;
            }
            ev.at = previous = *when;
            const std::string type =
                e.contains("type") && e["type"].is_string() ? e["type"].get<std::string>() : "";
            if (type == "response") {
                for (auto it = e.begin(); it != e.end(); ++it)
                    if (it.key() != "at" && it.key() != "type" && it.key() != "public" &&
                        it.key() != "author" && it.key() != "body")
                        errors.push_back({at + "." + it.key(), "unknown field"});
                json r{{"body", e.value("body", json())}};
                if (e.contains("public")) r["public"] = e["public"];
                auto parsed = parse_response(r);
                if (!parsed.ok()) {
                    for (auto d : parsed.error().details)
                        errors.push_back({at + "." + d.field, d.message});
                    continue;
                }
                ev.is_response = true;
                ev.is_public = parsed->is_public;
                ev.body = std::move(parsed->body);
                ev.author = e.contains("author") && e["author"].is_string()
                                ? e["author"].get<std::string>()
                                : "import";
            } else if (type == "status" || type == "priority" || type == "category" ||
                       type == "channel" || type == "team" || type == "assignee") {
                for (auto it = e.begin(); it != e.end(); ++it)
                    if (it.key() != "at" && it.key() != "type" && it.key() != "to")
                        errors.push_back({at + "." + it.key(), "unknown field"});
                if (!e.contains("to")) {
                    errors.push_back({at + ".to", "is required"});
                    continue;
                }
                auto patch = parse_patch(json{{type, e["to"]}}, config);
                if (!patch.ok()) {
                    for (auto d : patch.error().details)
                        errors.push_back({at + ".to", d.message});
                    continue;
                }
                ev.patch = std::move(patch.value());
            } else {
                errors.push_back({at + ".type",
                                  "must be one of response, status, priority, category, channel, "
                                  "team, assignee"});
                continue;
            }
            out.events.push_back(std::move(ev));
        }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return out;
}

}  // namespace aduan::wire
