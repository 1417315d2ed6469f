#include <charconv>
#include <nlohmann/json.hpp>

#include "net/routes.hpp"
#include "wire/ticket_json.hpp"

namespace aduan::net {

namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 500;

std::optional<std::int64_t> parse_id(const std::string& s) {
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

Error no_ticket(const std::string& id) {
    return Error::not_found("ticket " + id + " not found");
}

// Cursors are opaque to clients: base64url of "c1.<created_at>.<id>".
constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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

template <typename E>
bool enum_list(std::vector<FieldError>& errors, const std::string& name, std::string_view value,
               std::vector<E>& out) {
    for (const auto& part : split_list(value)) {
        auto e = parse_enum<E>(part);
        if (!e) {
            errors.push_back({name, one_of_message<E>() + " (comma-separated)"});
            return false;
        }
        out.push_back(*e);
    }
    return true;
}

Result<storage::TicketFilter> parse_filter(const HttpRequest& req, const Config& config) {
    storage::TicketFilter f;
    f.limit = kDefaultLimit;
    std::vector<FieldError> errors;
    std::vector<std::string> seen;
    for (const auto& [key, value] : req.query) {
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
            errors.push_back({key, "is given more than once (use a comma-separated list)"});
            continue;
        }
        seen.push_back(key);
        if (key == "status") {
            enum_list(errors, key, value, f.statuses);
        } else if (key == "priority") {
            enum_list(errors, key, value, f.priorities);
        } else if (key == "channel") {
            enum_list(errors, key, value, f.channels);
        } else if (key == "category") {
            for (auto& c : split_list(value)) {
                if (!config.has_category(c)) {
                    errors.push_back({key, "\"" + c + "\" is not a configured category"});
                    break;
                }
                f.categories.push_back(std::move(c));
            }
        } else if (key == "team") {
            for (auto& t : split_list(value)) {
                if (!t.empty() && !config.has_team(t)) {
                    errors.push_back({key, "\"" + t + "\" is not a configured team"});
                    break;
                }
                f.teams.push_back(std::move(t));
            }
        } else if (key == "assignee") {
            f.assignees = split_list(value);
        } else if (key == "sla_status") {
            for (const auto& s : split_list(value)) {
                if (s != "warning" && s != "breached") {
                    errors.push_back({key, "must be warning or breached (comma-separated)"});
                    break;
                }
            }
            for (const auto& s : split_list(value)) {
                f.sla_warning = f.sla_warning || s == "warning";
                f.sla_breached = f.sla_breached || s == "breached";
            }
            f.sla_now = now_utc();
        } else if (key == "created_from" || key == "created_to") {
            auto t = parse_rfc3339(value);
            if (!t) {
                errors.push_back({key, "must be an RFC 3339 date-time, e.g. 2026-11-27T00:00:00Z"});
                continue;
            }
            (key == "created_from" ? f.created_from : f.created_to) = *t;
        } else if (key == "q") {
            if (value.empty() || wire::utf8_length(value) > 200) {
                errors.push_back({key, "must be 1 to 200 characters"});
                continue;
            }
            f.text = value;
        } else if (key == "requester") {
            if (value.empty() || wire::utf8_length(value) > 200) {
                errors.push_back({key, "must be 1 to 200 characters"});
                continue;
            }
            f.requester = value;
        } else if (key == "limit") {
            int n = 0;
            const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc{} || p != value.data() + value.size() || n < 1 || n > kMaxLimit) {
                errors.push_back(
                    {key, "must be a whole number from 1 to " + std::to_string(kMaxLimit)});
                continue;
            }
            f.limit = n;
        } else if (key == "cursor") {
            f.after = decode_cursor(value);
            if (!f.after) errors.push_back({key, "is not a cursor this service gave out"});
        } else {
            errors.push_back({key, "unknown query parameter"});
        }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return f;
}

// Renders the JSON text of a value as a response.
template <typename T>
HttpResponse rendered(int status, const T& value) {
    HttpResponse r;
    r.status = status;
    r.body = wire::render(value);
    return r;
}

HttpResponse ticket_created(const TicketView& t) {
    auto r = rendered(201, t);
    r.headers.emplace_back("Location", "/api/v1/tickets/" + std::to_string(t.ticket.id));
    return r;
}

}  // namespace

void add_ticket_routes(Router& router, TicketService& tickets, const Config& config,
                       RouteOptions options) {
    if (options.baseline) {
        router.add(
            Method::kPost, "/api/v1/tickets", access::ticket_writers(),
            [](HttpRequest&, const PathParams&, Reply reply) {
                static const std::string body =
                    R"({"id":1,"subject":"baseline","status":"new","created_at":"2026-01-01T00:00:00Z"})";
                HttpResponse r;
                r.status = 201;
                r.body = body;
                r.headers.emplace_back("Location", "/api/v1/tickets/1");
                reply.send()(std::move(r));
            });
    } else {
        router.add(Method::kPost, "/api/v1/tickets", access::ticket_writers(),
                   [&tickets, &config](HttpRequest& req, const PathParams&, Reply reply) {
                       auto body = wire::parse_body(req.body);
                       if (!body.ok()) return reply.send()(error_response(body.error()));
                       auto t = wire::parse_new_ticket(*body, config);
                       if (!t.ok()) return reply.send()(error_response(t.error()));
                       tickets.create(std::move(*t), req.principal, [reply](Result<TicketView> r) {
                           reply.later([r = std::move(r)] {
                               return r.ok() ? ticket_created(r.value())
                                             : error_response(r.error());
                           });
                       });
                   });
    }

    router.add(Method::kGet, "/api/v1/tickets", access::ticket_readers(),
               [&tickets, &config](HttpRequest& req, const PathParams&, Reply reply) {
                   auto filter = parse_filter(req, config);
                   if (!filter.ok()) return reply.send()(error_response(filter.error()));
                   tickets.list(std::move(*filter), [reply](Result<TicketService::Page> r) {
                       reply.later([r = std::move(r)] {
                           if (!r.ok()) return error_response(r.error());
                           wire::JsonWriter w;
                           w.begin_object().key("items").begin_array();
                           for (const auto& t : r->items)
                               wire::write(w, t);
                           w.end_array().key("next_cursor");
                           if (r->next) {
                               w.value(encode_cursor(*r->next));
                           } else {
                               w.null();
                           }
                           HttpResponse out;
                           out.body = w.end_object().take();
                           return out;
                       });
                   });
               });

    router.add(Method::kGet, "/api/v1/tickets/{id}", access::ticket_readers(),
               [&tickets](HttpRequest&, const PathParams& p, Reply reply) {
                   auto id = parse_id(p[0]);
                   if (!id) return reply.send()(error_response(no_ticket(p[0])));
                   tickets.get(*id, [reply](Result<TicketView> r) {
                       reply.later([r = std::move(r)] {
                           return r.ok() ? rendered(200, r.value()) : error_response(r.error());
                       });
                   });
               });

    router.add(Method::kPatch, "/api/v1/tickets/{id}", access::ticket_writers(),
               [&tickets, &config](HttpRequest& req, const PathParams& p, Reply reply) {
                   auto id = parse_id(p[0]);
                   if (!id) return reply.send()(error_response(no_ticket(p[0])));
                   auto body = wire::parse_body(req.body);
                   if (!body.ok()) return reply.send()(error_response(body.error()));
                   auto patch = wire::parse_patch(*body, config);
                   if (!patch.ok()) return reply.send()(error_response(patch.error()));
                   tickets.update(
                       *id, std::move(*patch), req.principal, [reply](Result<TicketView> r) {
                           reply.later([r = std::move(r)] {
                               return r.ok() ? rendered(200, r.value()) : error_response(r.error());
                           });
                       });
               });

    router.add(Method::kPost, "/api/v1/tickets/{id}/responses", access::ticket_writers(),
               [&tickets](HttpRequest& req, const PathParams& p, Reply reply) {
                   auto id = parse_id(p[0]);
                   if (!id) return reply.send()(error_response(no_ticket(p[0])));
                   auto body = wire::parse_body(req.body);
                   if (!body.ok()) return reply.send()(error_response(body.error()));
                   auto in = wire::parse_response(*body);
                   if (!in.ok()) return reply.send()(error_response(in.error()));
                   tickets.respond(*id, std::move(in->body), in->is_public, req.principal,
                                   [reply](Result<Response> r) {
                                       reply.later([r = std::move(r)] {
                                           return r.ok() ? rendered(201, r.value())
                                                         : error_response(r.error());
                                       });
                                   });
               });

    router.add(Method::kGet, "/api/v1/tickets/{id}/events", access::ticket_readers(),
               [&tickets](HttpRequest&, const PathParams& p, Reply reply) {
                   auto id = parse_id(p[0]);
                   if (!id) return reply.send()(error_response(no_ticket(p[0])));
                   tickets.events(*id, [reply](Result<std::vector<TicketEvent>> r) {
                       reply.later([r = std::move(r)] {
                           if (!r.ok()) return error_response(r.error());
                           wire::JsonWriter w;
                           w.begin_object().key("items").begin_array();
                           for (const auto& e : r.value())
                               wire::write(w, e);
                           HttpResponse out;
                           out.body = w.end_array().end_object().take();
                           return out;
                       });
                   });
               });

    router.add(Method::kGet, "/api/v1/config", Access::signed_in(),
               [&config](HttpRequest&, const PathParams&, Reply reply) {
                   wire::JsonWriter w;
                   wire::write(w, config);
                   HttpResponse out;
                   out.body = w.take();
                   reply.send()(std::move(out));
               });
}

void add_system_routes(Router& router, TicketService& tickets, const Metrics& metrics) {
    router.add(
        Method::kGet, "/healthz", Access::anyone(),
        [&tickets](HttpRequest&, const PathParams&, Reply reply) {
            tickets.health([reply](Result<Ok> r) {
                reply.later([ok = r.ok()] {
                    return ok ? json_response(200, nlohmann::json{{"status", "ok"}})
                              : error_response(Error::unavailable("storage does not answer"));
                });
            });
        });
    router.add(Method::kGet, "/metrics", access::operators(),
               [&metrics](HttpRequest&, const PathParams&, Reply reply) {
                   HttpResponse r;
                   r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                   r.body = metrics.render();
                   reply.send()(std::move(r));
               });
}

}  // namespace aduan::net
