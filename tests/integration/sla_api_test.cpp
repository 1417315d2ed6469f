// SLA clocks on tickets through the API (spec 3.4, 3.5): policy and sla on the wire, pause,
// policy changes, and the sla_status filter. A 24x7 policy of seconds lets real time do the
// work; the tests wait for business time to pass by polling, never by sleeping blind.
#include <catch2/catch.hpp>
#include <thread>

#include "common/time.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace aduan::test;
using nlohmann::json;

namespace {

constexpr const char* kConfig = R"({
  "calendars": { "24x7": { "timezone": "UTC", "hours": {
      "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]], "thu": [["00:00","24:00"]],
      "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]], "sun": [["00:00","24:00"]] } } },
  "policies": [
    { "name": "flash", "match": { "priority": ["urgent"] }, "calendar": "24x7",
      "targets": { "first_response": "1s", "resolution": "2s" }, "warn_at": 0.5 },
    { "name": "watch", "match": { "priority": ["high"] }, "calendar": "24x7",
      "targets": { "first_response": "1h", "resolution": "1h" }, "warn_at": 0.0005 },
    { "name": "standard", "calendar": "24x7", "targets": { "first_response": "1h", "resolution": "4h" } } ] })";

struct Service {
    TempDir dir;
    std::string token = create_token(dir.file("a.db"), "admin");
    std::string config = [this] {
        write_file(dir.file("aduan.json"), kConfig);
        return dir.file("aduan.json");
    }();
    ServerProcess server{dir.file("a.db"), {"--config", config}};
    HttpClient http{server.port(), token};

    json create(const std::string& priority) {
        auto r = http.post("/api/v1/tickets", {{"subject", "s"},
                                               {"channel", "phone"},
                                               {"category", "incentive"},
                                               {"priority", priority}});
        REQUIRE(r.status == 201);
        return r.json();
    }
    json get(std::int64_t id) { return http.get("/api/v1/tickets/" + std::to_string(id)).json(); }
    // Polls until the ticket's `metric` clock has at least `seconds` elapsed.
    json wait_elapsed(std::int64_t id, const char* metric, std::int64_t seconds) {
        return eventually([&] { return get(id); },
                          [&](const json& t) {
                              return t["sla"][metric]["elapsed_seconds"].get<std::int64_t>() >=
                                     seconds;
                          },
                          std::chrono::seconds(seconds + 10), "the clock's elapsed time");
    }
};

}  // namespace

TEST_CASE("a new ticket carries its policy and both clocks") {
    Service s;
    auto t = s.create("normal");
    CHECK(t["policy"] == "standard");
    const auto& fr = t["sla"]["first_response"];
    CHECK(fr["status"] == "running");
    CHECK(fr["target_seconds"] == 3600);
    CHECK(fr["elapsed_seconds"] == 0);
    CHECK(fr["breached_at"].is_null());
    CHECK(fr["stopped_at"].is_null());
    CHECK(fr["due_at"].is_string());
    CHECK(t["sla"]["resolution"]["target_seconds"] == 14400);
    auto config = s.http.get("/api/v1/config").json();
    CHECK(config["policies"][0]["name"] == "flash");
    CHECK(config["policies"][0]["targets"]["first_response"] == "1s");
}

TEST_CASE("a public response stops first response, pending pauses resolution with no due_at") {
    Service s;
    const auto id = s.create("normal")["id"].get<std::int64_t>();
    const auto url = "/api/v1/tickets/" + std::to_string(id);
    REQUIRE(s.http.post(url + "/responses", {{"body", "internal"}, {"public", false}}).status ==
            201);
    CHECK(s.get(id)["sla"]["first_response"]["status"] == "running");
    REQUIRE(s.http.post(url + "/responses", {{"body", "Halo"}}).status == 201);
    auto t = s.get(id);
    CHECK(t["sla"]["first_response"]["status"] == "met");
    CHECK(t["sla"]["first_response"]["stopped_at"] == t["first_responded_at"]);
    REQUIRE(s.http.patch(url, {{"status", "pending"}}).status == 200);
    t = s.get(id);
    CHECK(t["sla"]["resolution"]["status"] == "paused");
    CHECK(t["sla"]["resolution"]["due_at"].is_null());
    REQUIRE(s.http.patch(url, {{"status", "open"}}).status == 200);
    CHECK(s.get(id)["sla"]["resolution"]["status"] == "running");
    REQUIRE(s.http.patch(url, {{"status", "resolved"}}).status == 200);
    CHECK(s.get(id)["sla"]["resolution"]["status"] == "met");
}

TEST_CASE("resolving without a response stops first response too") {
    Service s;
    const auto id = s.create("normal")["id"].get<std::int64_t>();
    auto r = s.http.patch("/api/v1/tickets/" + std::to_string(id), {{"status", "resolved"}});
    REQUIRE(r.status == 200);
    CHECK(r.json()["sla"]["first_response"]["status"] == "met");
    CHECK(r.json()["sla"]["first_response"]["stopped_at"] == r.json()["resolved_at"]);
}

TEST_CASE("a priority change keeps the time and finds a retroactive breach, sla_status filters") {
    Service s;
    const auto slow = s.create("normal");
    const auto id = slow["id"].get<std::int64_t>();
    s.wait_elapsed(id, "first_response", 2);  // two business seconds pass on the 1h target
    CHECK(s.http.get("/api/v1/tickets?sla_status=breached").json()["items"].empty());

    auto r =
        s.http.patch("/api/v1/tickets/" + std::to_string(id), {{"priority", "urgent"}});  // now 1s
    REQUIRE(r.status == 200);
    auto t = r.json();
    CHECK(t["policy"] == "flash");
    CHECK(t["sla"]["first_response"]["status"] == "breached");
    CHECK(t["sla"]["first_response"]["target_seconds"] == 1);
    // Breached one second after creation, when the new target was used up.
    const auto created = *aduan::parse_rfc3339(t["created_at"].get<std::string>());
    CHECK(t["sla"]["first_response"]["breached_at"] ==
          aduan::format_rfc3339(created + std::chrono::seconds(1)));

    auto breached = s.http.get("/api/v1/tickets?sla_status=breached").json()["items"];
    REQUIRE(breached.size() == 1);
    CHECK(breached[0]["id"] == id);
    auto fresh = s.create("normal");
    CHECK(s.http.get("/api/v1/tickets?sla_status=breached").json()["items"].size() == 1);
    CHECK(s.http.get("/api/v1/tickets?sla_status=warning,breached").json()["items"].size() == 1);
    (void)fresh;
}

TEST_CASE("sla_status=warning finds clocks past warn_at and not yet breached") {
    Service s;
    // watch: 1h targets, at risk from ceil(0.0005 x 3600) = 2 s for the rest of the hour.
    const auto id = s.create("high")["id"].get<std::int64_t>();
    s.create("normal");
    CHECK(s.http.get("/api/v1/tickets?sla_status=warning").json()["items"].empty());
    auto t = s.wait_elapsed(id, "first_response", 2);
    CHECK(t["sla"]["first_response"]["status"] == "warning");
    auto warning = s.http.get("/api/v1/tickets?sla_status=warning").json()["items"];
    REQUIRE(warning.size() == 1);
    CHECK(warning[0]["id"] == id);
    CHECK(s.http.get("/api/v1/tickets?sla_status=breached").json()["items"].empty());
}

TEST_CASE("a running clock past its target shows breached, and the filter finds it") {
    Service s;
    const auto id = s.create("urgent")["id"].get<std::int64_t>();  // flash: resolution 2s
    REQUIRE(s.http.post("/api/v1/tickets/" + std::to_string(id) + "/responses", {{"body", "Halo"}})
                .status == 201);
    auto t = s.wait_elapsed(id, "resolution", 3);
    CHECK(t["sla"]["resolution"]["status"] == "breached");
    CHECK(t["sla"]["first_response"]["status"] == "met");
    auto breached = s.http.get("/api/v1/tickets?sla_status=breached").json()["items"];
    REQUIRE(breached.size() == 1);
    CHECK(breached[0]["id"] == id);
}

namespace {

// The ticket's sla.* events, as "type metric at".
std::vector<std::string> sla_events(HttpClient& http, std::int64_t id) {
    std::vector<std::string> out;
    const auto history = http.get("/api/v1/tickets/" + std::to_string(id) + "/events").json();
    for (auto& e : history["items"])
        if (e["type"].get<std::string>().rfind("sla.", 0) == 0)
            out.push_back(e["type"].get<std::string>() + " " + e["to"].get<std::string>() + " " +
                          e["at"].get<std::string>());
    return out;
}

std::string plus(const json& ticket, int seconds) {
    return aduan::format_rfc3339(*aduan::parse_rfc3339(ticket["created_at"].get<std::string>()) +
                                 std::chrono::seconds(seconds));
}

}  // namespace

TEST_CASE("warnings and breaches are recorded live, within a second, at their true instants") {
    Service s;
    const auto t = s.create("urgent");  // flash: first response 1s (at risk from 1s), resolution 2s
    const auto id = t["id"].get<std::int64_t>();
    const auto created = std::chrono::system_clock::now();
    // No request makes this happen: the scheduler does. Poll the history until all four appear.
    const auto events = eventually([&] { return sla_events(s.http, id); },
                                   [](const auto& e) { return e.size() >= 4; },
                                   std::chrono::seconds(10), "four SLA events");
    const auto seen_after = std::chrono::system_clock::now() - created;
    // In the order they were recorded: both clocks turn at risk at 1 s, first response is
    // breached from 2 s (used up at 1 s), resolution from 3 s (used up at 2 s).
    CHECK(events == std::vector<std::string>{"sla.warning first_response " + plus(t, 1),
                                             "sla.warning resolution " + plus(t, 1),
                                             "sla.breached first_response " + plus(t, 1),
                                             "sla.breached resolution " + plus(t, 2)});
    // Resolution is breached from 3 s (2 s used up, then one second more); recorded at once.
    CHECK(seen_after < std::chrono::milliseconds(4500));
    // Recorded once: later reads and changes add nothing.
    REQUIRE(s.http.patch("/api/v1/tickets/" + std::to_string(id), {{"status", "open"}}).status ==
            200);
    CHECK(sla_events(s.http, id).size() == 4);
}

TEST_CASE(
    "a breach that fell due while the service was down is recorded at start-up with its true "
    "instant") {
    TempDir dir;
    const auto db = dir.file("a.db");
    const auto token = create_token(db, "admin");
    write_file(dir.file("aduan.json"), kConfig);
    json t;
    {
        ServerProcess server(db, {"--config", dir.file("aduan.json")});
        HttpClient http(server.port(), token);
        auto r = http.post("/api/v1/tickets", {{"subject", "s"},
                                               {"channel", "phone"},
                                               {"category", "incentive"},
                                               {"priority", "urgent"},
                                               {"requester", {{"name", "Budi"}}}});
        REQUIRE(r.status == 201);
        t = r.json();
        // Answer at once, so that only resolution (2s) can fall due while the service is down.
        REQUIRE(http.post("/api/v1/tickets/" + std::to_string(t["id"].get<int>()) + "/responses",
                          {{"body", "Halo"}})
                    .status == 201);
        REQUIRE(server.terminate() == 0);
    }
    // The service is down while the resolution target passes: that is what is tested, so here
    // the test waits on the wall clock itself.
    std::this_thread::sleep_until(std::chrono::system_clock::time_point(
        aduan::parse_rfc3339(plus(t, 4))->time_since_epoch()));
    ServerProcess server(db, {"--config", dir.file("aduan.json")});
    HttpClient http(server.port(), token);
    const auto events = eventually([&] { return sla_events(http, t["id"].get<std::int64_t>()); },
                                   [](const auto& e) { return e.size() >= 2; },
                                   std::chrono::seconds(5), "the SLA events of the downtime");
    CHECK(events == std::vector<std::string>{"sla.warning resolution " + plus(t, 1),
                                             "sla.breached resolution " + plus(t, 2)});
}

TEST_CASE("a reopened ticket's resolution clock runs on from where it stopped") {
    Service s;
    const auto id = s.create("normal")["id"].get<std::int64_t>();
    const auto url = "/api/v1/tickets/" + std::to_string(id);
    s.wait_elapsed(id, "resolution", 1);
    auto resolved = s.http.patch(url, {{"status", "resolved"}});
    REQUIRE(resolved.status == 200);
    CHECK(resolved.json()["sla"]["resolution"]["status"] == "met");
    const auto at_resolve =
        resolved.json()["sla"]["resolution"]["elapsed_seconds"].get<std::int64_t>();
    CHECK(resolved.json()["sla"]["resolution"]["stopped_at"] == resolved.json()["resolved_at"]);
    // Wall time passes while resolved; it does not count.
    const auto t0 = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(1500)) {
        CHECK(s.get(id)["sla"]["resolution"]["elapsed_seconds"] == at_resolve);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    auto reopened = s.http.patch(url, {{"status", "open"}});
    REQUIRE(reopened.status == 200);
    const auto body = reopened.json();
    const auto& res = body["sla"]["resolution"];
    CHECK(res["status"] == "running");
    CHECK(res["stopped_at"].is_null());
    CHECK(res["elapsed_seconds"] == at_resolve);
    auto later = s.wait_elapsed(id, "resolution", at_resolve + 1);
    CHECK(later["sla"]["resolution"]["status"] == "running");
}
