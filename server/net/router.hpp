// Routes requests to handlers by method and path pattern ("/api/v1/tickets/{id}"), and is
// the one place that turns errors into HTTP: it answers 404 for unknown paths, 405 (with
// Allow) for a known path with another method, 415 for a body that is not JSON, counts every
// response in the metrics, and maps Error values to statuses and the contract's error body.
//
// Thread-safety: routes are added before serving; dispatch() may run on any thread.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/metrics.hpp"
#include "common/error.hpp"
#include "net/http_message.hpp"

namespace aduan::net {

using PathParams = std::vector<std::string>;  // the {placeholders}, in order
using Handler = std::function<void(HttpRequest&, const PathParams&, Reply)>;

// Who may call a route: anyone (public), or a signed-in caller with one of `roles`.
struct Access {
    bool is_public = false;
    std::vector<Role> roles;
    // A WebSocket upgrade without credentials (no Authorization header, and no valid session
    // cookie) gets through, to sign in over the socket (the handler then owes the checks);
    // any other request without them still gets 401.
    bool in_band = false;

    static Access anyone() { return {true, {}}; }
    static Access signed_in() {
        return {false,
                {Role::kAgent, Role::kSupervisor, Role::kManager, Role::kAdmin, Role::kDisplay}};
    }
    static Access only(std::vector<Role> roles) { return {false, std::move(roles)}; }
    bool allows(Role r) const;
};

// Finds who is asking from a request's credentials (bearer token or session cookie).
using Authenticate = std::function<std::optional<Identity>(const HttpRequest&)>;

class Router {
  public:
    Router(Metrics& metrics, Authenticate authenticate)
        : metrics_(metrics), authenticate_(std::move(authenticate)) {}

    // `pattern` segments in braces match any one non-empty segment. Every route states who
    // may call it: the router answers 401 (no or unknown credentials) and 403 (a role the
    // route does not allow, or a cross-site request made with a cookie) before the handler.
    void add(Method method, const std::string& pattern, Access access, Handler handler);
    void dispatch(HttpRequest& request, Reply reply) const;

    struct RouteInfo {
        Method method;
        std::string pattern;
        Access access;
    };
    std::vector<RouteInfo> routes() const;

  private:
    struct Route {
        Method method;
        std::string pattern;
        std::vector<std::string> segments;
        Access access;
        Handler handler;
        std::size_t metric;
    };
    // The route for the request's method and path (null if none), its {placeholders}, and
    // every method the path takes (for 405's Allow).
    struct Match {
        const Route* route = nullptr;
        PathParams params;
        std::string allow;
    };
    Match match(const HttpRequest& request) const;
    // 404, or 405 with Allow.
    static HttpResponse unrouted(const HttpRequest& request, const std::string& allow);
    // 401 or 403 when the caller may not call `route`; fills in the request's identity.
    std::optional<HttpResponse> refusal(HttpRequest& request, const Route& route) const;
    Metrics& metrics_;
    Authenticate authenticate_;
    std::vector<Route> routes_;
};

int http_status(ErrorCode code);
HttpResponse error_response(const Error& error);
HttpResponse json_response(int status, const nlohmann::json& body);
HttpResponse json_response(int status, const nlohmann::ordered_json& body);

// "must be a whole number" etc. for query parameters: a 400 naming the parameter.
Error bad_param(const std::string& name, const std::string& message);

}  // namespace aduan::net
