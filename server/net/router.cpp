#include "net/router.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace aduan::net {

std::string_view method_name(Method m) {
    switch (m) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        case Method::kPut:
            return "PUT";
        case Method::kPatch:
            return "PATCH";
        case Method::kDelete:
            return "DELETE";
        case Method::kOptions:
            return "OPTIONS";
        case Method::kOther:
            return "OTHER";
    }
    return "OTHER";
}

std::optional<std::string> HttpRequest::cookie_value(std::string_view name) const {
    std::string_view rest = cookie;
    while (!rest.empty()) {
        const auto semi = rest.find(';');
        auto part = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        const auto eq = part.find('=');
        if (eq != std::string_view::npos && part.substr(0, eq) == name)
            return std::string(part.substr(eq + 1));
    }
    return std::nullopt;
}

std::optional<std::string_view> HttpRequest::bearer() const {
    std::string_view a = authorization;
    if (a.size() < 7) return std::nullopt;
    for (size_t i = 0; i < 6; ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != "bearer"[i]) return std::nullopt;
    if (a[6] != ' ') return std::nullopt;
    a.remove_prefix(7);
    while (!a.empty() && a.front() == ' ')
        a.remove_prefix(1);
    if (a.empty()) return std::nullopt;
    return a;
}

bool Access::allows(Role r) const {
    return std::find(roles.begin(), roles.end(), r) != roles.end();
}

std::optional<std::string_view> HttpRequest::param(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return std::string_view(v);
    return std::nullopt;
}

namespace {

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < path.size()) {
        if (path[pos] == '/') {
            ++pos;
            continue;
        }
        size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        out.emplace_back(path.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

bool is_json(std::string_view content_type) {
    const auto semi = content_type.find(';');
    auto base = content_type.substr(0, semi);
    while (!base.empty() && base.back() == ' ')
        base.remove_suffix(1);
    if (base.size() != 16) return false;
    for (size_t i = 0; i < base.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(base[i])) != "application/json"[i])
            return false;
    return true;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else if (plus_is_space && s[i] == '+') {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    return out;
}

std::optional<std::string> framing_problem(bool has_transfer_encoding, std::string_view codings,
                                           bool has_content_length) {
    if (!has_transfer_encoding) return std::nullopt;
    if (has_content_length)
        return "a request may not carry both Transfer-Encoding and Content-Length";
    // The codings, trimmed and lower-cased: only a single "chunked" is taken.
    std::vector<std::string> list;
    size_t pos = 0;
    for (;;) {
        const auto comma = codings.find(',', pos);
        auto part =
            codings.substr(pos, comma == std::string_view::npos ? codings.npos : comma - pos);
        while (!part.empty() && (part.front() == ' ' || part.front() == '\t'))
            part.remove_prefix(1);
        while (!part.empty() && (part.back() == ' ' || part.back() == '\t'))
            part.remove_suffix(1);
        std::string lower;
        for (char ch : part)
            lower += char(std::tolower(static_cast<unsigned char>(ch)));
        list.push_back(std::move(lower));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    if (list.size() == 1 && list[0] == "chunked") return std::nullopt;
    return "Transfer-Encoding must be \"chunked\" alone (got \"" + std::string(codings) + "\")";
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view q) {
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = 0;
    while (pos <= q.size() && !q.empty()) {
        size_t end = q.find('&', pos);
        if (end == std::string_view::npos) end = q.size();
        const auto part = q.substr(pos, end - pos);
        if (!part.empty()) {
            const auto eq = part.find('=');
            out.emplace_back(percent_decode(part.substr(0, eq), true),
                             eq == std::string_view::npos
                                 ? std::string()
                                 : percent_decode(part.substr(eq + 1), true));
        }
        pos = end + 1;
        if (end == q.size()) break;
    }
    return out;
}

void Router::add(Method method, const std::string& pattern, Access access, Handler handler) {
    const auto metric = metrics_.add_route(std::string(method_name(method)), pattern);
    routes_.push_back(
        {method, pattern, split_path(pattern), std::move(access), std::move(handler), metric});
}

std::vector<Router::RouteInfo> Router::routes() const {
    std::vector<RouteInfo> out;
    for (const auto& r : routes_)
        out.push_back({r.method, r.pattern, r.access});
    return out;
}

namespace {

// "https://host:port" -> "host:port"
std::string_view origin_host(std::string_view origin) {
    const auto scheme = origin.find("://");
    return scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
}

bool safe_method(Method m) {
    return m == Method::kGet || m == Method::kHead || m == Method::kOptions;
}

}  // namespace

Router::Match Router::match(const HttpRequest& request) const {
    const auto segments = split_path(request.path);
    Match m;
    for (const auto& r : routes_) {
        if (r.segments.size() != segments.size()) continue;
        PathParams p;
        bool same = true;
        for (size_t i = 0; i < segments.size() && same; ++i) {
            if (r.segments[i].front() == '{') {
                p.push_back(segments[i]);
            } else {
                same = r.segments[i] == segments[i];
            }
        }
        if (!same) continue;
        const bool method = r.method == request.method ||
                            (request.method == Method::kHead && r.method == Method::kGet);
        if (method && !m.route) {
            m.route = &r;
            m.params = std::move(p);
        }
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += method_name(r.method);
    }
    return m;
}

HttpResponse Router::unrouted(const HttpRequest& request, const std::string& allow) {
    if (allow.empty()) return error_response(Error::not_found("no such resource: " + request.path));
    auto r = error_response({ErrorCode::kMethodNotAllowed,
                             std::string(method_name(request.method)) + " is not allowed on " +
                                 request.path + " (allowed: " + allow + ")",
                             {}});
    r.headers.emplace_back("Allow", allow);
    return r;
}

std::optional<HttpResponse> Router::refusal(HttpRequest& request, const Route& route) const {
    if (route.access.is_public) return std::nullopt;
    request.identity = authenticate_ ? authenticate_(request) : std::nullopt;
    // No usable credentials on an upgrade that may sign in over the socket: let it through (a
    // stale session cookie in a TV's browser must not block its display token), unless an
    // Authorization header was sent and is wrong.
    if (!request.identity && route.access.in_band && request.websocket &&
        request.authorization.empty())
        return std::nullopt;
    if (!request.identity) {
        auto r = error_response({ErrorCode::kUnauthorized,
                                 "sign in, or send an API token (Authorization: Bearer)",
                                 {}});
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
    }
    request.principal = request.identity->principal;
    if (!route.access.allows(request.principal.role))
        return error_response({ErrorCode::kForbidden,
                               "the " + std::string(to_string(request.principal.role)) +
                                   " role may not " + std::string(method_name(request.method)) +
                                   " " + route.pattern,
                               {}});
    // A browser's cookie rides along on cross-site requests; refuse those that change things,
    // and WebSocket upgrades (which the same-origin policy does not cover).
    if (request.identity->via == "session" && (!safe_method(request.method) || request.websocket) &&
        !request.origin.empty() && origin_host(request.origin) != request.host)
        return error_response({ErrorCode::kForbidden, "cross-site request refused", {}});
    return std::nullopt;
}

void Router::dispatch(HttpRequest& request, Reply reply) const {
    auto m = match(request);
    Metrics& metrics = metrics_;
    if (!m.route) {
        metrics.request_unrouted(m.allow.empty() ? 404 : 405);
        return reply.send()(unrouted(request, m.allow));
    }
    auto counted = reply.with_send([send = reply.send(), &metrics, metric = m.route->metric,
                                    received = request.received](HttpResponse r) {
        metrics.request_done(metric, r.status, std::chrono::steady_clock::now() - received);
        send(std::move(r));
    });
    if (auto refused = refusal(request, *m.route)) return counted(std::move(*refused));
    if (!request.body.empty() && !is_json(request.content_type))
        return counted(
            error_response({ErrorCode::kUnsupportedMedia,
                            "request bodies must be JSON (Content-Type: application/json)",
                            {}}));
    m.route->handler(request, m.params, std::move(counted));
}

int http_status(ErrorCode code) {
    switch (code) {
        case ErrorCode::kBadRequest:
        case ErrorCode::kValidation:
            return 400;
        case ErrorCode::kUnauthorized:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kMethodNotAllowed:
            return 405;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        case ErrorCode::kUnsupportedMedia:
            return 415;
        case ErrorCode::kTooManyRequests:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

HttpResponse error_response(const Error& e) {
    nlohmann::ordered_json details = nlohmann::ordered_json::array();
    for (const auto& d : e.details)
        details.push_back({{"field", d.field}, {"message", d.message}});
    nlohmann::ordered_json body{
        {"error", {{"code", code_name(e.code)}, {"message", e.message}, {"details", details}}}};
    auto r = json_response(http_status(e.code), body);
    if (e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kTooManyRequests)
        r.headers.emplace_back("Retry-After",
                               std::to_string(e.retry_after > 0 ? e.retry_after : 1));
    return r;
}

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse json_response(int status, const nlohmann::ordered_json& body) {
    HttpResponse r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return r;
}

Error bad_param(const std::string& name, const std::string& message) {
    return Error::validation({{name, message}});
}

}  // namespace aduan::net
