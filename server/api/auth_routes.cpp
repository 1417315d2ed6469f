// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me (spec section 7).
#include <nlohmann/json.hpp>

#include "api/reply.hpp"
#include "api/routes.hpp"
#include "service/service.hpp"
#include "wire/json_writer.hpp"
#include "wire/ticket_json.hpp"

namespace aduan::api {

using namespace net;

namespace {

constexpr const char* kCookie = "aduan_session";

std::string cookie(const HttpRequest& req, const std::string& value, std::int64_t max_age,
                   bool secure) {
    std::string c = std::string(kCookie) + "=" + value +
                    "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
    if (secure || req.forwarded_proto == "https") c += "; Secure";
    return c;
}

void write_identity(wire::JsonWriter& w, const Identity& id) {
    w.member("username", id.principal.name)
        .member("display_name", id.display_name)
        .member("role", to_string(id.principal.role))
        .member("via", id.via);
    if (id.token_name) w.member("token", *id.token_name);
}

struct Credentials {
    std::string username, password;
};

// The sign-in body: {"username", "password"}, nothing else.
Result<Credentials> parse_credentials(std::string_view text) {
    auto body = wire::parse_body(text);
    if (!body.ok()) return body.take_error();
    const auto& j = *body;
    if (!j.is_object()) return Error::validation({{"body", "must be a JSON object"}});
    std::vector<FieldError> errors;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "username" && it.key() != "password")
            errors.push_back({it.key(), "unknown field"});
    for (const char* k : {"username", "password"}) {
        if (!j.contains(k)) {
            errors.push_back({k, "is required"});
        } else if (!j[k].is_string() || j[k].get_ref<const std::string&>().empty() ||
                   j[k].get_ref<const std::string&>().size() > 1024) {
            errors.push_back({k, "must be a string of 1 to 1024 characters"});
        }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return Credentials{j["username"].get<std::string>(), j["password"].get<std::string>()};
}

// A signed-in session: who, until when, and its cookie.
HttpResponse signed_in(const LoginResult& r, const std::string& cookie_text) {
    wire::JsonWriter w;
    w.begin_object();
    write_identity(w, r.identity);
    w.member("expires_at", format_rfc3339(r.expires_at)).end_object();
    auto out = json_body(w.take());
    out.headers.emplace_back("Set-Cookie", cookie_text);
    return out;
}

}  // namespace

void add_auth_routes(Router& router, Service& s) {
    Authenticator& auth = s.auth();
    const AuthOptions& options = s.config().auth;
    router.add(Method::kPost, "/api/v1/auth/login", Access::anyone(),
               [&auth, &options](HttpRequest& req, const PathParams&, Reply reply) {
                   auto c = parse_credentials(req.body);
                   if (!c.ok()) return fail(reply, c.error());
                   auth.login(c->username, c->password, req.remote,
                              answer<LoginResult>(reply, [req, &options](const LoginResult& r) {
                                  return signed_in(
                                      r, cookie(req, r.session_id, options.session_ttl.count(),
                                                options.secure_cookies));
                              }));
               });

    router.add(Method::kPost, "/api/v1/auth/logout", Access::signed_in(),
               [&auth, &options](HttpRequest& req, const PathParams&, Reply reply) {
                   auto clear = [&req, secure = options.secure_cookies] {
                       HttpResponse out;
                       out.status = 204;
                       out.content_type.clear();
                       out.headers.emplace_back("Set-Cookie", cookie(req, "", 0, secure));
                       return out;
                   };
                   const auto session = req.cookie_value(kCookie);
                   if (req.identity->via != "session" || !session) return reply.send()(clear());
                   auth.logout(*session, [reply, response = clear()](Result<Ok> r) {
                       reply(r.ok() ? response : error_response(r.error()));
                   });
               });

    router.add(Method::kGet, "/api/v1/auth/me", Access::signed_in(),
               [](HttpRequest& req, const PathParams&, Reply reply) {
                   wire::JsonWriter w;
                   w.begin_object();
                   write_identity(w, *req.identity);
                   w.end_object();
                   HttpResponse out;
                   out.body = w.take();
                   reply.send()(std::move(out));
               });
}

Authenticate authenticate_with(const Authenticator& auth) {
    return [&auth](const HttpRequest& req) -> std::optional<Identity> {
        if (auto token = req.bearer()) return auth.by_token(*token);
        if (auto session = req.cookie_value(kCookie)) return auth.by_session(*session);
        return std::nullopt;
    };
}

}  // namespace aduan::api
