#include "wire/ticket_query.hpp"

#include <algorithm>
#include <charconv>

#include "wire/ticket_json.hpp"

namespace aduan::wire {

namespace {

constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::vector<std::string> split_list(std::string_view v) {
    std::vector<std::string> out;
    size_t pos = 0;
    for (;;) {
        const size_t comma = v.find(',', pos);
        out.emplace_back(v.substr(pos, comma == std::string_view::npos ? v.npos : comma - pos));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return out;
}

// Parses one parameter into the filter; returns the complaint, or "" when it is fine.
using ParamParser = std::string (*)(storage::TicketFilter&, std::string_view value,
                                    const Config& config, Instant now);

template <typename E, std::vector<E> storage::TicketFilter::*field>
std::string enum_list(storage::TicketFilter& f, std::string_view value, const Config&, Instant) {
    for (const auto& part : split_list(value)) {
        auto e = parse_enum<E>(part);
        if (!e) return one_of_message<E>() + " (comma-separated)";
        (f.*field).push_back(*e);
    }
    return {};
}

std::string categories(storage::TicketFilter& f, std::string_view value, const Config& config,
                       Instant) {
    for (auto& c : split_list(value)) {
        if (!config.has_category(c)) return "\"" + c + "\" is not a configured category";
        f.categories.push_back(std::move(c));
    }
    return {};
}

std::string teams(storage::TicketFilter& f, std::string_view value, const Config& config, Instant) {
    for (auto& t : split_list(value)) {
        if (!t.empty() && !config.has_team(t)) return "\"" + t + "\" is not a configured team";
        f.teams.push_back(std::move(t));
    }
    return {};
}

std::string assignees(storage::TicketFilter& f, std::string_view value, const Config&, Instant) {
    f.assignees = split_list(value);
    return {};
}

std::string sla_status(storage::TicketFilter& f, std::string_view value, const Config&,
                       Instant now) {
    for (const auto& s : split_list(value)) {
        if (s != "warning" && s != "breached")
            return "must be warning or breached (comma-separated)";
        f.sla_warning = f.sla_warning || s == "warning";
        f.sla_breached = f.sla_breached || s == "breached";
    }
    f.sla_now = now;
    return {};
}

template <std::optional<Instant> storage::TicketFilter::*field>
std::string instant(storage::TicketFilter& f, std::string_view value, const Config&, Instant) {
    auto t = parse_rfc3339(value);
    if (!t) return "must be an RFC 3339 date-time, e.g. 2026-11-27T00:00:00Z";
    f.*field = *t;
    return {};
}

template <std::optional<std::string> storage::TicketFilter::*field>
std::string short_text(storage::TicketFilter& f, std::string_view value, const Config&, Instant) {
    if (value.empty() || utf8_length(value) > 200) return "must be 1 to 200 characters";
    f.*field = std::string(value);
    return {};
}

std::string limit(storage::TicketFilter& f, std::string_view value, const Config&, Instant) {
    int n = 0;
    const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || p != value.data() + value.size() || n < 1 || n > kMaxListLimit)
        return "must be a whole number from 1 to " + std::to_string(kMaxListLimit);
    f.limit = n;
    return {};
}

std::string cursor(storage::TicketFilter& f, std::string_view value, const Config&, Instant) {
    f.after = decode_cursor(value);
    return f.after ? "" : "is not a cursor this service gave out";
}

// Every parameter the list takes, and how.
constexpr std::pair<std::string_view, ParamParser> kParams[] = {
    {"status", enum_list<Status, &storage::TicketFilter::statuses>},
    {"priority", enum_list<Priority, &storage::TicketFilter::priorities>},
    {"channel", enum_list<Channel, &storage::TicketFilter::channels>},
    {"category", categories},
    {"team", teams},
    {"assignee", assignees},
    {"sla_status", sla_status},
    {"created_from", instant<&storage::TicketFilter::created_from>},
    {"created_to", instant<&storage::TicketFilter::created_to>},
    {"q", short_text<&storage::TicketFilter::text>},
    {"requester", short_text<&storage::TicketFilter::requester>},
    {"limit", limit},
    {"cursor", cursor},
};

}  // namespace

Result<storage::TicketFilter> parse_ticket_filter(const QueryParams& query, const Config& config,
                                                  Instant now) {
    storage::TicketFilter f;
    f.limit = kDefaultListLimit;
    std::vector<FieldError> errors;
    std::vector<std::string_view> seen;
    for (const auto& [key, value] : query) {
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
            errors.push_back({key, "is given more than once (use a comma-separated list)"});
            continue;
        }
        seen.push_back(key);
        const auto* param = std::find_if(std::begin(kParams), std::end(kParams),
                                         [&key](const auto& p) { return p.first == key; });
        if (param == std::end(kParams)) {
            errors.push_back({key, "unknown query parameter"});
        } else if (auto complaint = param->second(f, value, config, now); !complaint.empty()) {
            errors.push_back({key, std::move(complaint)});
        }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return f;
}

std::string encode_cursor(const storage::Cursor& c) {
    const std::string raw =
        "c1." + std::to_string(to_unix(c.created_at)) + "." + std::to_string(c.id);
    std::string out;
    unsigned buf = 0;
    int bits = 0;
    for (unsigned char ch : raw) {
        buf = (buf << 8) | ch;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kB64[(buf >> bits) & 63];
        }
    }
    if (bits > 0) out += kB64[(buf << (6 - bits)) & 63];
    return out;
}

std::optional<storage::Cursor> decode_cursor(std::string_view s) {
    std::string raw;
    unsigned buf = 0;
    int bits = 0;
    for (char ch : s) {
        const auto pos = kB64.find(ch);
        if (pos == std::string_view::npos) return std::nullopt;
        buf = (buf << 6) | unsigned(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            raw += char((buf >> bits) & 0xff);
        }
    }
    if (raw.rfind("c1.", 0) != 0) return std::nullopt;
    const auto dot = raw.find('.', 3);
    if (dot == std::string::npos) return std::nullopt;
    long long created = 0, id = 0;
    const auto a = std::from_chars(raw.data() + 3, raw.data() + dot, created);
    const auto b = std::from_chars(raw.data() + dot + 1, raw.data() + raw.size(), id);
    if (a.ec != std::errc{} || a.ptr != raw.data() + dot || b.ec != std::errc{} ||
        b.ptr != raw.data() + raw.size() || id <= 0)
        return std::nullopt;
    return storage::Cursor{from_unix(created), id};
}

}  // namespace aduan::wire
