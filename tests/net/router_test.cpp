#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "net/router.hpp"

using namespace aduan;
using namespace aduan::net;

namespace {

// Runs a request through the router synchronously and returns the response.
HttpResponse dispatch(const Router& router, Method m, const std::string& path,
                      const std::string& body = "",
                      const std::string& content_type = "application/json") {
    HttpRequest req;
    req.method = m;
    req.path = path;
    req.body = body;
    req.content_type = content_type;
    HttpResponse out;
    Reply reply([](std::function<void()> work) { work(); },
                [&](HttpResponse r) { out = std::move(r); });
    router.dispatch(req, reply);
    return out;
}

}  // namespace

TEST_CASE("query strings are split and percent-decoded") {
    auto q = parse_query("status=open%2Cpending&q=dana+belum%20cair&empty=&flag");
    REQUIRE(q.size() == 4);
    CHECK(q[0] == std::pair<std::string, std::string>{"status", "open,pending"});
    CHECK(q[1].second == "dana belum cair");
    CHECK(q[2].second.empty());
    CHECK(q[3].first == "flag");
    CHECK(percent_decode("%zz%4", false) == "%zz%4");
}

TEST_CASE("the router matches patterns and answers 404, 405 and 415 itself") {
    Metrics metrics;
    Router router(metrics, nullptr);
    std::string seen;
    router.add(Method::kGet, "/api/v1/tickets/{id}", Access::anyone(),
               [&](HttpRequest&, const PathParams& p, Reply r) {
                   seen = p[0];
                   r.send()(json_response(200, nlohmann::json{{"ok", true}}));
               });
    router.add(Method::kPost, "/api/v1/tickets", Access::anyone(),
               [](HttpRequest&, const PathParams&, Reply r) {
                   r.send()(json_response(201, nlohmann::json::object()));
               });

    CHECK(dispatch(router, Method::kGet, "/api/v1/tickets/42").status == 200);
    CHECK(seen == "42");
    CHECK(dispatch(router, Method::kHead, "/api/v1/tickets/42").status == 200);

    auto missing = dispatch(router, Method::kGet, "/api/v1/nothing");
    CHECK(missing.status == 404);
    CHECK(nlohmann::json::parse(missing.body)["error"]["code"] == "not_found");

    auto wrong = dispatch(router, Method::kDelete, "/api/v1/tickets/42");
    CHECK(wrong.status == 405);
    CHECK(wrong.headers == std::vector<std::pair<std::string, std::string>>{{"Allow", "GET"}});

    CHECK(dispatch(router, Method::kPost, "/api/v1/tickets", "a=1",
                   "application/x-www-form-urlencoded")
              .status == 415);
    CHECK(
        dispatch(router, Method::kPost, "/api/v1/tickets", "{}", "Application/JSON; charset=utf-8")
            .status == 201);
    CHECK_THAT(metrics.render(), Catch::Contains(R"(route="/api/v1/tickets",status="415"} 1)"));
}

TEST_CASE("errors map to statuses and the contract's body") {
    auto r = error_response(
        Error::validation({{"priority", "must be one of low, normal, high, urgent"}}));
    CHECK(r.status == 400);
    auto j = nlohmann::json::parse(r.body);
    CHECK(j == nlohmann::json::parse(R"({"error":{"code":"validation_failed",
        "message":"priority: must be one of low, normal, high, urgent",
        "details":[{"field":"priority","message":"must be one of low, normal, high, urgent"}]}})"));
    auto busy = error_response(Error::unavailable("busy"));
    CHECK(busy.status == 503);
    CHECK(busy.headers == std::vector<std::pair<std::string, std::string>>{{"Retry-After", "1"}});
    CHECK(http_status(ErrorCode::kConflict) == 409);
    CHECK(http_status(ErrorCode::kPayloadTooLarge) == 413);
}

TEST_CASE("a body's framing is taken only as chunked alone or a plain length (RFC 9112 6.3)") {
    CHECK_FALSE(framing_problem(false, "", true));
    CHECK_FALSE(framing_problem(false, "", false));
    CHECK_FALSE(framing_problem(true, "chunked", false));
    CHECK_FALSE(framing_problem(true, " Chunked ", false));
    for (const char* bad : {"chunked, identity", "xchunked", "gzip", "identity", "gzip, chunked",
                            "chunked,chunked", "", "chunked;q=1"})
        CHECK(framing_problem(true, bad, false));
    CHECK(framing_problem(true, "chunked", true));  // both: a smuggler's favourite
}
