// Routes requests to handlers by method and path pattern ("/api/v1/tickets/{id}"), and is
// the one place that turns errors into HTTP: it answers 404 for unknown paths, 405 (with
// Allow) for a known path with another method, 415 for a body that is not JSON, counts every
// response in the metrics, and maps Error values to statuses and the contract's error body.
//
// Thread-safety: routes are added before serving; dispatch() may run on any thread.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/metrics.hpp"
#include "common/error.hpp"
#include "net/http_message.hpp"

namespace aduan::net {

using PathParams = std::vector<std::string>;  // the {placeholders}, in order
using Handler = std::function<void(HttpRequest&, const PathParams&, Reply)>;

class Router {
  public:
    explicit Router(Metrics& metrics) : metrics_(metrics) {}

    // `pattern` segments in braces match any one non-empty segment.
    void add(Method method, const std::string& pattern, Handler handler);
    void dispatch(HttpRequest& request, Reply reply) const;

  private:
    struct Route {
        Method method;
        std::vector<std::string> segments;
        Handler handler;
        std::size_t metric;
    };
    Metrics& metrics_;
    std::vector<Route> routes_;
};

int http_status(ErrorCode code);
HttpResponse error_response(const Error& error);
HttpResponse json_response(int status, const nlohmann::json& body);
HttpResponse json_response(int status, const nlohmann::ordered_json& body);

// "must be a whole number" etc. for query parameters: a 400 naming the parameter.
Error bad_param(const std::string& name, const std::string& message);

}  // namespace aduan::net
