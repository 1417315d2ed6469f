// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me (spec section 7).
#include <nlohmann/json.hpp>

#include "net/routes.hpp"
#include "ui/assets.hpp"
#include "wire/json_writer.hpp"
#include "wire/ticket_json.hpp"

namespace aduan::net {

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

}  // namespace

void add_auth_routes(Router& router, Authenticator& auth, const AuthOptions& options) {
    router.add(
        Method::kPost, "/api/v1/auth/login", Access::anyone(),
        [&auth, options](HttpRequest& req, const PathParams&, Reply reply) {
            auto body = wire::parse_body(req.body);
            if (!body.ok()) return reply.send()(error_response(body.error()));
            const auto& j = *body;
            std::vector<FieldError> errors;
            if (!j.is_object()) {
                errors.push_back({"body", "must be a JSON object"});
            } else {
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
            }
            if (!errors.empty())
                return reply.send()(error_response(Error::validation(std::move(errors))));
            auth.login(j["username"].get<std::string>(), j["password"].get<std::string>(),
                       req.remote,
                       [reply, req_copy = req, ttl = options.session_ttl.count(),
                        secure = options.secure_cookies](Result<LoginResult> r) {
                           reply.later([r = std::move(r), &req_copy, ttl, secure] {
                               if (!r.ok()) return error_response(r.error());
                               wire::JsonWriter w;
                               w.begin_object();
                               write_identity(w, r->identity);
                               w.member("expires_at", format_rfc3339(r->expires_at)).end_object();
                               HttpResponse out;
                               out.body = w.take();
                               out.headers.emplace_back(
                                   "Set-Cookie", cookie(req_copy, r->session_id, ttl, secure));
                               return out;
                           });
                       });
        });

    router.add(Method::kPost, "/api/v1/auth/logout", Access::signed_in(),
               [&auth, options](HttpRequest& req, const PathParams&, Reply reply) {
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

void add_all_routes(Router& router, TicketService& tickets, Authenticator& auth,
                    const Config& config, const Metrics& metrics, LiveFeed& feed,
                    LiveFeed& console_feed, ExportJobs& exports, RouteOptions options) {
    add_ticket_routes(router, tickets, config, options);
    add_system_routes(router, tickets, metrics);
    add_auth_routes(router, auth, config.auth);
    add_wallboard_routes(router, feed);
    add_report_routes(router, config, exports);
    add_console_routes(router, console_feed);
    // The script the signed-in pages (/reports, /console) share.
    add_static_file(router, "/assets/aduan.js", "text/javascript; charset=utf-8",
                    ui::assets::aduan_js);
}

}  // namespace aduan::net
