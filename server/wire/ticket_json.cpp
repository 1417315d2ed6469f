#include "wire/ticket_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "sla/duration.hpp"

namespace aduan::wire {

using nlohmann::json;

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

Result<json> parse_body(std::string_view body) {
    try {
        return json::parse(body);
    } catch (const json::exception& e) {  // parse_error, or out_of_range (1e400)
        // nlohmann's message names the byte offset and what it expected; its
        // "[json.exception....] " prefix says nothing to a client.
        std::string what = e.what();
        const auto pos = what.find("] ");
        return Error::bad_request("body is not valid JSON: " +
                                  (pos == std::string::npos ? what : what.substr(pos + 2)));
    }
}

bool is_blank(std::string_view s) {
    // Code points that show nothing: white space, controls, and the invisible ones a subject
    // of "nothing" is made of (zero-width spaces and joiners, the BOM, fillers).
    auto invisible = [](char32_t c) {
        return c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD || c == 0x115F || c == 0x1160 ||
               c == 0x180E || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
               (c >= 0x205F && c <= 0x2064) || c == 0x3000 || c == 0x3164 || c == 0xFEFF ||
               c == 0xFFA0;
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
        for (int k = 1; k < n && i + k < s.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        if (!invisible(c)) return false;
        i += std::size_t(n);
    }
    return true;
}

namespace {

// Collects field errors while reading an object.
class Reader {
  public:
    Reader(const json& j, std::string prefix = "") : j_(j), prefix_(std::move(prefix)) {}

    bool is_object() const { return j_.is_object(); }
    void fail(const std::string& field, std::string message) {
        errors_.push_back({prefix_ + field, std::move(message)});
    }
    std::vector<FieldError>& errors() { return errors_; }

    // Refuses members that are not in `known` (or `also`).
    void only(std::initializer_list<std::string_view> known,
              std::initializer_list<std::string_view> also = {}) {
        for (auto it = j_.begin(); it != j_.end(); ++it) {
            bool ok = false;
            for (auto k : known)
                ok = ok || it.key() == k;
            for (auto k : also)
                ok = ok || it.key() == k;
            if (!ok) fail(it.key(), "unknown field");
        }
    }
    bool has(const char* key) const { return j_.contains(key); }
    const json& at(const char* key) const { return j_.at(key); }
    // The member, or null when absent: one lookup.
    const json* find(const char* key) const {
        const auto it = j_.find(key);
        return it == j_.end() ? nullptr : &*it;
    }

    // A string of at most `max` characters (and at least `min`).
    std::optional<std::string> string(const char* key, size_t min, size_t max, bool required) {
        return string(find(key), key, min, max, required);
    }
    std::optional<std::string> string(const json* member, const char* key, size_t min, size_t max,
                                      bool required) {
        if (!member) {
            if (required) fail(key, "is required");
            return std::nullopt;
        }
        const auto& v = *member;
        if (!v.is_string()) {
            fail(key, "must be a string");
            return std::nullopt;
        }
        const auto& s = v.get_ref<const std::string&>();
        const size_t n = utf8_length(s);
        if (n > max) {
            fail(key, "must be at most " + std::to_string(max) + " characters");
            return std::nullopt;
        }
        if (n < min || (min > 0 && is_blank(s))) {
            fail(key, min > 0 ? "must not be empty" : "is too short");
            return std::nullopt;
        }
        return s;
    }

    // A string or null; returns nullopt when absent, optional(nullopt) when null.
    std::optional<std::optional<std::string>> nullable_string(const char* key, size_t max) {
        const json* member = find(key);
        if (!member) return std::nullopt;
        if (member->is_null()) return std::optional<std::string>{};
        auto s = string(member, key, 1, max, false);
        if (!s) return std::nullopt;
        return std::optional<std::string>{std::move(*s)};
    }

    template <typename E>
    std::optional<E> enumeration(const char* key, bool required) {
        const json* member = find(key);
        if (!member) {
            if (required) fail(key, "is required");
            return std::nullopt;
        }
        const auto& v = *member;
        if (!v.is_string()) {
            fail(key, "must be a string, " + one_of_message<E>());
            return std::nullopt;
        }
        auto e = parse_enum<E>(v.get_ref<const std::string&>());
        if (!e) fail(key, one_of_message<E>());
        return e;
    }

    std::string prefix() const { return prefix_; }

  private:
    const json& j_;
    std::string prefix_;
    std::vector<FieldError> errors_;
};

bool valid_username(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            return false;
    return true;
}

bool valid_tag(std::string_view s) {
    for (unsigned char c : s)
        if (c <= 0x20 || c == ',' || c == 0x7f) return false;
    return true;
}

void read_category(Reader& r, const Config& config, bool required,
                   std::optional<std::string>& out) {
    out = r.string("category", 1, 100, required);
    if (out && !config.has_category(*out)) {
        std::string m = "must be one of the configured categories (";
        for (size_t i = 0; i < config.categories.size(); ++i)
            m += (i ? ", " : "") + config.categories[i];
        r.fail("category", m + ")");
        out.reset();
    }
}

void read_team(Reader& r, const Config& config, std::optional<std::optional<std::string>>& out) {
    out = r.nullable_string("team", 100);
    if (out && *out && !config.has_team(**out)) {
        std::string m = "must be null or one of the configured teams (";
        for (size_t i = 0; i < config.teams.size(); ++i)
            m += (i ? ", " : "") + config.teams[i];
        r.fail("team", m + ")");
        out.reset();
    }
}

void read_assignee(Reader& r, std::optional<std::optional<std::string>>& out) {
    out = r.nullable_string("assignee", 64);
    if (out && *out && !valid_username(**out)) {
        r.fail("assignee", "must be null or a username (letters, digits, '.', '_', '-')");
        out.reset();
    }
}

std::optional<std::vector<std::string>> read_tags(Reader& r) {
    if (!r.has("tags")) return std::nullopt;
    const auto& v = r.at("tags");
    if (!v.is_array()) {
        r.fail("tags", "must be an array of strings");
        return std::nullopt;
    }
    if (v.size() > kTagsMax) {
        r.fail("tags", "must have at most " + std::to_string(kTagsMax) + " tags");
        return std::nullopt;
    }
    std::vector<std::string> tags;
    bool ok = true;
    auto field = [](size_t i) { return "tags[" + std::to_string(i) + "]"; };
    for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) {
            r.fail(field(i), "must be a string");
            ok = false;
            continue;
        }
        const auto& s = v[i].get_ref<const std::string&>();
        if (s.empty() || utf8_length(s) > kTagMax || !valid_tag(s)) {
            r.fail(field(i), "must be 1 to " + std::to_string(kTagMax) +
                                 " characters without spaces or commas");
            ok = false;
            continue;
        }
        // At most kTagsMax tags: a linear look for duplicates is cheaper than a set.
        if (std::find(tags.begin(), tags.end(), s) == tags.end()) tags.push_back(s);
    }
    if (!ok) return std::nullopt;
    return tags;
}

void read_requester(Reader& r, Requester& out) {
    if (!r.has("requester") || r.at("requester").is_null()) return;
    const auto& v = r.at("requester");
    if (!v.is_object()) {
        r.fail("requester", "must be an object");
        return;
    }
    Reader q(v, r.prefix() + "requester.");
    q.only({"name", "phone", "email", "external_id"});
    auto get = [&](const char* key) -> std::optional<std::string> {
        auto s = q.nullable_string(key, kRequesterFieldMax);
        return s ? *s : std::nullopt;
    };
    out.name = get("name");
    out.phone = get("phone");
    out.email = get("email");
    out.external_id = get("external_id");
    if (out.phone && out.phone->find_first_not_of("0123456789+-() .") != std::string::npos)
        q.fail("phone", "must contain only digits, spaces and + - ( ) .");
    if (out.email) {
        const auto at = out.email->find('@');
        if (at == 0 || at == std::string::npos || at + 1 == out.email->size() ||
            out.email->find_first_of(" \t\r\n") != std::string::npos)
            q.fail("email", "must be an e-mail address");
    }
    for (auto& e : q.errors())
        r.errors().push_back(std::move(e));
}

Error not_an_object() {
    return Error::validation({{"body", "must be a JSON object"}});
}

}  // namespace

Result<NewTicket> parse_new_ticket(const json& j, const Config& config,
                                   std::initializer_list<std::string_view> also) {
    if (!j.is_object()) return not_an_object();
    Reader r(j);
    r.only({"subject", "description", "channel", "category", "priority", "requester", "assignee",
            "team", "tags"},
           also);
    NewTicket t;
    auto subject = r.string("subject", 1, kSubjectMax, true);
    auto description = r.string("description", 0, kDescriptionMax, false);
    auto channel = r.enumeration<Channel>("channel", true);
    std::optional<std::string> category;
    read_category(r, config, true, category);
    auto priority = r.enumeration<Priority>("priority", false);
    read_requester(r, t.requester);
    std::optional<std::optional<std::string>> assignee, team;
    read_assignee(r, assignee);
    read_team(r, config, team);
    auto tags = read_tags(r);
    if (!r.errors().empty()) return Error::validation(std::move(r.errors()));
    t.subject = std::move(*subject);
    if (description) t.description = std::move(*description);
    t.channel = *channel;
    t.category = std::move(*category);
    if (priority) t.priority = *priority;
    if (assignee) t.assignee = std::move(*assignee);
    if (team) t.team = std::move(*team);
    if (tags) t.tags = std::move(*tags);
    return t;
}

Result<TicketPatch> parse_patch(const json& j, const Config& config) {
    if (!j.is_object()) return not_an_object();
    Reader r(j);
    r.only({"status", "priority", "category", "channel", "team", "assignee", "tags"});
    TicketPatch p;
    p.status = r.enumeration<Status>("status", false);
    p.priority = r.enumeration<Priority>("priority", false);
    read_category(r, config, false, p.category);
    p.channel = r.enumeration<Channel>("channel", false);
    read_team(r, config, p.team);
    read_assignee(r, p.assignee);
    p.tags = read_tags(r);
    if (!r.errors().empty()) return Error::validation(std::move(r.errors()));
    return p;
}

Result<ResponseInput> parse_response(const json& j) {
    if (!j.is_object()) return not_an_object();
    Reader r(j);
    r.only({"body", "public"});
    ResponseInput in;
    auto body = r.string("body", 1, kResponseBodyMax, true);
    if (r.has("public")) {
        if (r.at("public").is_boolean()) {
            in.is_public = r.at("public").get<bool>();
        } else {
            r.fail("public", "must be true or false");
        }
    }
    if (!r.errors().empty()) return Error::validation(std::move(r.errors()));
    in.body = std::move(*body);
    return in;
}

namespace {

std::optional<std::string> instant(const std::optional<Instant>& t) {
    if (!t) return std::nullopt;
    return format_rfc3339(*t);
}

std::string fmt_double(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", d);
    return buf;
}

}  // namespace

namespace {

void write_fields(JsonWriter& w, const Ticket& t);

void write_clock(JsonWriter& w, const sla::ClockView& c) {
    w.begin_object()
        .member("status", sla::to_string(c.status))
        .member("target_seconds", c.target_seconds)
        .member("elapsed_seconds", c.elapsed_seconds)
        .member("due_at", instant(c.due_at))
        .member("breached_at", instant(c.breached_at))
        .member("stopped_at", instant(c.stopped_at))
        .end_object();
}

}  // namespace

void write(JsonWriter& w, const Ticket& t) {
    w.begin_object();
    write_fields(w, t);
    w.end_object();
}

void write(JsonWriter& w, const TicketView& v) {
    w.begin_object();
    write_fields(w, v.ticket);
    if (v.sla) {
        w.member("policy", v.sla->policy);
        w.key("sla").begin_object();
        w.key("first_response");
        write_clock(w, v.sla->first_response);
        w.key("resolution");
        write_clock(w, v.sla->resolution);
        w.end_object();
    }
    w.end_object();
}

void write(JsonWriter& w, const Config& config) {
    w.begin_object().member("timezone", config.timezone);
    w.key("categories").begin_array();
    for (const auto& c : config.categories)
        w.value(c);
    w.end_array().key("teams").begin_array();
    for (const auto& t : config.teams)
        w.value(t);
    w.end_array().key("calendars").begin_object();
    for (const auto& [name, spec] : config.calendar_specs) {
        w.key(name).begin_object().member("timezone", spec.timezone).key("hours").begin_object();
        for (const auto& [day, intervals] : spec.hours) {
            w.key(day).begin_array();
            for (const auto& [open, close] : intervals)
                w.begin_array().value(open).value(close).end_array();
            w.end_array();
        }
        w.end_object().key("holidays").begin_array();
        for (const auto& h : spec.holidays)
            w.value(h);
        w.end_array().end_object();
    }
    w.end_object().key("policies").begin_array();
    for (const auto& p : config.policies->policies()) {
        w.begin_object().member("name", p.name).key("match").begin_object();
        for (const auto& [key, values] :
             {std::pair{"priority", &p.match.priority}, std::pair{"category", &p.match.category},
              std::pair{"channel", &p.match.channel}}) {
            w.key(key).begin_array();
            for (const auto& v : *values)
                w.value(v);
            w.end_array();
        }
        w.end_object().member("calendar", p.calendar_name).key("targets").begin_object();
        w.member("first_response", sla::format_duration(p.first_response))
            .member("resolution", sla::format_duration(p.resolution))
            .end_object();
        w.key("warn_at").raw(fmt_double(p.warn_at)).end_object();
    }
    w.end_array().end_object();
}

namespace {

void write_fields(JsonWriter& w, const Ticket& t) {
    w.member("id", t.id)
        .member("subject", t.subject)
        .member("description", t.description)
        .member("channel", to_string(t.channel))
        .member("category", t.category)
        .member("priority", to_string(t.priority))
        .member("status", to_string(t.status));
    w.key("requester").begin_object();
    if (t.requester.name) w.member("name", *t.requester.name);
    if (t.requester.phone) w.member("phone", *t.requester.phone);
    if (t.requester.email) w.member("email", *t.requester.email);
    if (t.requester.external_id) w.member("external_id", *t.requester.external_id);
    w.end_object();
    w.member("assignee", t.assignee).member("team", t.team);
    w.key("tags").begin_array();
    for (const auto& tag : t.tags)
        w.value(tag);
    w.end_array();
    w.member("created_at", format_rfc3339(t.created_at))
        .member("updated_at", format_rfc3339(t.updated_at))
        .member("first_responded_at", instant(t.first_responded_at))
        .member("resolved_at", instant(t.resolved_at))
        .member("closed_at", instant(t.closed_at));
}

}  // namespace

void write(JsonWriter& w, const Response& r) {
    w.begin_object()
        .member("id", r.id)
        .member("ticket_id", r.ticket_id)
        .member("at", format_rfc3339(r.at))
        .member("author", r.author)
        .member("public", r.is_public)
        .member("body", r.body)
        .end_object();
}

void write(JsonWriter& w, const TicketEvent& e) {
    w.begin_object()
        .member("id", e.id)
        .member("ticket_id", e.ticket_id)
        .member("at", format_rfc3339(e.at))
        .member("actor", e.actor)
        .member("type", e.type);
    if (e.type == "response") {
        if (e.response) {
            w.key("response");
            write(w, *e.response);
        }
    } else {
        w.member("from", e.from).member("to", e.to);
    }
    w.end_object();
}

std::string render_ticket_changed(const TicketChange& c) {
    JsonWriter w;
    w.begin_object().member("type", "event").member("event", "ticket.changed");
    w.member("at", format_rfc3339(c.events.empty() ? c.after.updated_at : c.events.back().at));
    w.key("ticket");
    if (c.view) {
        write(w, TicketView{c.after, c.view});
    } else {
        write(w, c.after);
    }
    w.key("changes").begin_array();
    if (!c.before) w.value("created");
    for (const auto& e : c.events)
        if (e.type != "created") w.value(e.type);
    w.end_array().end_object();
    return w.take();
}

std::string render_tickets_hello(Instant now) {
    JsonWriter w;
    w.begin_object().member("type", "snapshot").member("feed", "tickets");
    w.member("at", format_rfc3339(now)).end_object();
    return w.take();
}

}  // namespace aduan::wire
