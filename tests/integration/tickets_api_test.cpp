// The ticket API over real HTTP against the real binary (spec sections 2 and 4).
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace aduan::test;
using nlohmann::json;

namespace {

struct Service {
    TempDir dir;
    std::string token = create_token(dir.file("aduan.db"), "admin");
    ServerProcess server{dir.file("aduan.db")};
    HttpClient http{server.port(), token};
};

json ticket(const std::string& subject, const std::string& priority = "normal") {
    return {{"subject", subject},
            {"channel", "phone"},
            {"category", "incentive"},
            {"priority", priority}};
}

void check_error(const HttpResult& r, int status, const std::string& code) {
    INFO(r.body);
    CHECK(r.status == status);
    CHECK(r.header("content-type") == "application/json");
    auto j = r.json();
    REQUIRE(j.contains("error"));
    CHECK(j["error"]["code"] == code);
    CHECK(j["error"]["message"].is_string());
    CHECK(j["error"]["details"].is_array());
}

std::int64_t create(HttpClient& http, const json& body) {
    auto r = http.post("/api/v1/tickets", body);
    REQUIRE(r.status == 201);
    return r.json()["id"].get<std::int64_t>();
}

std::size_t count_all(HttpClient& http) {
    std::size_t n = 0;
    std::string cursor;
    for (;;) {
        auto r =
            http.get("/api/v1/tickets?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
        REQUIRE(r.status == 200);
        auto j = r.json();
        n += j["items"].size();
        if (j["next_cursor"].is_null()) return n;
        cursor = j["next_cursor"];
    }
}

}  // namespace

TEST_CASE("POST /api/v1/tickets creates a ticket: 201, Location, and the stored ticket") {
    Service s;
    json body = ticket("Insentif belum masuk", "high");
    body["requester"] = {{"name", "Budi"}, {"external_id", "P-0012"}};
    body["tags"] = {"prakerja"};
    auto r = s.http.post("/api/v1/tickets", body);
    REQUIRE(r.status == 201);
    auto t = r.json();
    CHECK(r.header("location") == "/api/v1/tickets/" + std::to_string(t["id"].get<int>()));
    CHECK(t["status"] == "new");
    CHECK(t["priority"] == "high");
    CHECK(t["requester"]["external_id"] == "P-0012");
    CHECK(t["assignee"].is_null());
    CHECK(t["created_at"].get<std::string>().size() == 20);
    CHECK(t["created_at"].get<std::string>().back() == 'Z');

    auto back = s.http.get(r.header("location"));
    REQUIRE(back.status == 200);
    CHECK(back.json() == t);
}

TEST_CASE("bad tickets are refused with the field named, and nothing is stored") {
    Service s;
    auto r = s.http.post(
        "/api/v1/tickets",
        {{"subject", "x"}, {"channel", "phone"}, {"category", "incentive"}, {"priority", "hi"}});
    check_error(r, 400, "validation_failed");
    CHECK(r.json()["error"]["message"] == "priority: must be one of low, normal, high, urgent");
    CHECK(r.json()["error"]["details"][0]["field"] == "priority");

    check_error(s.http.post("/api/v1/tickets",
                            {{"subject", 7}, {"channel", "phone"}, {"category", "incentive"}}),
                400, "validation_failed");
    auto unknown = s.http.post(
        "/api/v1/tickets",
        {{"subject", "x"}, {"channel", "phone"}, {"category", "incentive"}, {"urgency", 1}});
    check_error(unknown, 400, "validation_failed");
    CHECK(unknown.json()["error"]["details"][0]["field"] == "urgency");
    check_error(s.http.request("POST", "/api/v1/tickets", "{\"subject\":"), 400, "bad_request");
    check_error(s.http.request("POST", "/api/v1/tickets", "[1,2]"), 400, "validation_failed");
    check_error(
        s.http.request("POST", "/api/v1/tickets", "subject=x", "application/x-www-form-urlencoded"),
        415, "unsupported_media_type");
    check_error(s.http.request("POST", "/api/v1/tickets", ticket("x").dump(), "text/plain"), 415,
                "unsupported_media_type");
    CHECK(count_all(s.http) == 0);
}

TEST_CASE("a number beyond a double is a 400 on every route that takes a body") {
    Service s;
    const auto id = create(s.http, ticket("x"));
    const auto path = "/api/v1/tickets/" + std::to_string(id);
    HttpClient stranger(s.server.port());
    for (auto [http, method, target] :
         {std::tuple{&s.http, "POST", std::string("/api/v1/tickets")},
          std::tuple{&s.http, "PATCH", path}, std::tuple{&s.http, "POST", path + "/responses"},
          std::tuple{&stranger, "POST", std::string("/api/v1/auth/login")}}) {
        INFO(method << " " << target);
        check_error(http->request(method, target, R"({"subject": 1e400, "priority": -1e999})"), 400,
                    "bad_request");
    }
    CHECK(s.http.get(path).json()["subject"] == "x");
}

TEST_CASE("a body over the limit is refused with 413 and nothing is stored") {
    Service s;
    json body = ticket("big");
    body["description"] = std::string(1024 * 1024 + 10, 'a');
    auto r = s.http.post("/api/v1/tickets", body);
    check_error(r, 413, "payload_too_large");
    s.http.reset();
    CHECK(count_all(s.http) == 0);
}

TEST_CASE("GET of an unknown ticket is 404, unknown paths are 404, wrong methods are 405") {
    Service s;
    check_error(s.http.get("/api/v1/tickets/12345"), 404, "not_found");
    check_error(s.http.get("/api/v1/tickets/abc"), 404, "not_found");
    check_error(s.http.get("/api/v1/tickets/12345/events"), 404, "not_found");
    check_error(s.http.get("/api/v2/tickets"), 404, "not_found");
    auto r = s.http.request("DELETE", "/api/v1/tickets/1");
    check_error(r, 405, "method_not_allowed");
    CHECK(r.header("allow") == "GET, PATCH");
    check_error(s.http.request("PUT", "/api/v1/tickets"), 405, "method_not_allowed");
}

TEST_CASE("the lifecycle: allowed moves succeed, others are 409, closed is final") {
    Service s;
    const auto id = std::to_string(create(s.http, ticket("x")));
    const std::string url = "/api/v1/tickets/" + id;
    check_error(s.http.patch(url, {{"status", "closed"}}), 409, "conflict");
    auto open = s.http.patch(url, {{"status", "open"}});
    REQUIRE(open.status == 200);
    CHECK(open.json()["status"] == "open");
    CHECK(s.http.patch(url, {{"status", "pending"}}).status == 200);
    CHECK(s.http.patch(url, {{"status", "open"}}).status == 200);
    auto resolved = s.http.patch(url, {{"status", "resolved"}});
    REQUIRE(resolved.status == 200);
    CHECK(resolved.json()["resolved_at"].is_string());
    check_error(s.http.patch(url, {{"status", "pending"}}), 409, "conflict");
    CHECK(s.http.patch(url, {{"status", "open"}}).json()["resolved_at"].is_null());
    CHECK(s.http.patch(url, {{"status", "resolved"}}).status == 200);
    auto closed = s.http.patch(url, {{"status", "closed"}});
    REQUIRE(closed.status == 200);
    CHECK(closed.json()["closed_at"].is_string());
    check_error(s.http.patch(url, {{"status", "open"}}), 409, "conflict");
    check_error(s.http.patch(url, {{"priority", "high"}}), 409, "conflict");
    check_error(s.http.post(url + "/responses", {{"body", "late"}}), 409, "conflict");
    CHECK(s.http.get(url).json()["priority"] == "normal");
}

TEST_CASE("PATCH changes fields, validates them all first, and records history") {
    Service s;
    const auto url = "/api/v1/tickets/" + std::to_string(create(s.http, ticket("x")));
    auto r = s.http.patch(url, {{"priority", "urgent"},
                                {"team", "tier2"},
                                {"assignee", "agent1"},
                                {"tags", {"vip"}},
                                {"category", "payment"},
                                {"channel", "email"}});
    REQUIRE(r.status == 200);
    auto t = r.json();
    CHECK(t["priority"] == "urgent");
    CHECK(t["team"] == "tier2");
    CHECK(t["assignee"] == "agent1");
    CHECK(t["tags"] == json{"vip"});
    CHECK(t["category"] == "payment");
    CHECK(t["channel"] == "email");

    // One bad field: nothing changes.
    check_error(s.http.patch(url, {{"priority", "low"}, {"team", "nope"}}), 400,
                "validation_failed");
    check_error(s.http.patch(url, {{"subject", "renamed"}}), 400, "validation_failed");
    check_error(s.http.patch("/api/v1/tickets/999", {{"priority", "low"}}), 404, "not_found");
    CHECK(s.http.get(url).json()["priority"] == "urgent");

    CHECK(s.http.patch(url, {{"team", nullptr}, {"assignee", nullptr}}).json()["team"].is_null());

    auto events = s.http.get(url + "/events").json()["items"];
    std::vector<std::string> types;
    for (auto& e : events)
        types.push_back(e["type"]);
    CHECK(types == std::vector<std::string>{"created", "priority", "category", "channel", "team",
                                            "assignee", "tags", "team", "assignee"});
    CHECK(events[1]["from"] == "normal");
    CHECK(events[1]["to"] == "urgent");
    CHECK(events[7]["to"].is_null());
}

TEST_CASE("responses: public ones set first_responded_at once, notes do not") {
    Service s;
    const auto url = "/api/v1/tickets/" + std::to_string(create(s.http, ticket("x")));
    auto note = s.http.post(url + "/responses", {{"body", "cek data peserta"}, {"public", false}});
    REQUIRE(note.status == 201);
    CHECK(note.json()["public"] == false);
    CHECK(s.http.get(url).json()["first_responded_at"].is_null());

    auto reply = s.http.post(url + "/responses", {{"body", "Terima kasih, kami cek."}});
    REQUIRE(reply.status == 201);
    const auto first = s.http.get(url).json()["first_responded_at"];
    CHECK(first == reply.json()["at"]);
    REQUIRE(s.http.post(url + "/responses", {{"body", "again"}}).status == 201);
    CHECK(s.http.get(url).json()["first_responded_at"] == first);

    check_error(s.http.post(url + "/responses", {{"public", true}}), 400, "validation_failed");
    check_error(s.http.post("/api/v1/tickets/999/responses", {{"body", "x"}}), 404, "not_found");

    auto events = s.http.get(url + "/events").json()["items"];
    REQUIRE(events.size() == 4);
    CHECK(events[1]["type"] == "response");
    CHECK(events[1]["response"]["body"] == "cek data peserta");
    CHECK(events[2]["response"]["public"] == true);
}

TEST_CASE("list filters each narrow the list, bad filters are 400 naming the parameter") {
    Service s;
    create(s.http, ticket("Dana belum cair", "high"));
    json e = ticket("Akun terkunci", "low");
    e["channel"] = "email";
    e["category"] = "account";
    e["team"] = "tier2";
    e["assignee"] = "agent2";
    const auto id2 = create(s.http, e);
    create(s.http, ticket("Sertifikat hilang", "urgent"));
    REQUIRE(s.http.patch("/api/v1/tickets/" + std::to_string(id2), {{"status", "open"}}).status ==
            200);

    auto count = [&](const std::string& q) {
        auto r = s.http.get("/api/v1/tickets?" + q);
        INFO(q << " -> " << r.body);
        REQUIRE(r.status == 200);
        return r.json()["items"].size();
    };
    CHECK(count("") == 3);
    CHECK(count("status=open") == 1);
    CHECK(count("status=new,open") == 3);
    CHECK(count("priority=high,urgent") == 2);
    CHECK(count("category=account") == 1);
    CHECK(count("channel=email") == 1);
    CHECK(count("team=tier2") == 1);
    CHECK(count("team=") == 2);
    CHECK(count("assignee=agent2") == 1);
    CHECK(count("q=dana") == 1);
    CHECK(count("q=BELUM%20CAIR") == 1);
    CHECK(count("created_from=2000-01-01T00:00:00Z&created_to=2100-01-01T00:00:00%2B07:00") == 3);
    CHECK(count("created_to=2000-01-01T00:00:00Z") == 0);
    CHECK(count("sla_status=breached") == 0);
    CHECK(count("limit=2") == 2);

    auto newest = s.http.get("/api/v1/tickets").json()["items"];
    CHECK(newest[0]["subject"] == "Sertifikat hilang");
    CHECK(newest[2]["subject"] == "Dana belum cair");

    for (const char* bad :
         {"status=done", "priority=", "category=weather", "team=tier9", "created_from=yesterday",
          "limit=0", "limit=501", "limit=ten", "cursor=garbage!", "cursor=Yz", "sla_status=late",
          "colour=red", "status=open&status=new"}) {
        auto r = s.http.get(std::string("/api/v1/tickets?") + bad);
        INFO(bad);
        check_error(r, 400, "validation_failed");
        const std::string param = std::string(bad).substr(0, std::string(bad).find('='));
        CHECK(r.json()["error"]["details"][0]["field"] == param);
    }
}

TEST_CASE("cursor pagination stays correct while tickets are added") {
    Service s;
    std::set<std::int64_t> before;
    for (int i = 0; i < 120; ++i)
        before.insert(create(s.http, ticket("before " + std::to_string(i))));

    std::atomic<bool> stop{false};
    std::atomic<int> added{0};
    std::jthread writer([&] {
        HttpClient http(s.server.port(), s.token);
        while (!stop && added < 300) {
            auto r = http.post("/api/v1/tickets", ticket("during"));
            if (r.status == 201) ++added;
        }
    });
    std::vector<std::int64_t> seen;
    std::string cursor;
    for (;;) {
        auto r =
            s.http.get("/api/v1/tickets?limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor));
        REQUIRE(r.status == 200);
        auto j = r.json();
        for (auto& t : j["items"])
            seen.push_back(t["id"]);
        if (j["next_cursor"].is_null()) break;
        cursor = j["next_cursor"];
    }
    stop = true;
    writer.join();

    // Newest first, no ticket twice, and every ticket that existed before the walk began.
    CHECK(std::is_sorted(seen.rbegin(), seen.rend()));
    CHECK(std::set<std::int64_t>(seen.begin(), seen.end()).size() == seen.size());
    for (auto id : before)
        CHECK(std::count(seen.begin(), seen.end(), id) == 1);
}

TEST_CASE("GET /healthz answers ok without credentials, /metrics speaks Prometheus") {
    Service s;
    auto h = s.http.get("/healthz");
    REQUIRE(h.status == 200);
    CHECK(h.json() == json{{"status", "ok"}});
    create(s.http, ticket("x"));
    auto m = s.http.get("/metrics");
    REQUIRE(m.status == 200);
    CHECK_THAT(m.header("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));
    CHECK_THAT(
        m.body,
        Catch::Contains(
            R"(aduan_http_requests_total{method="POST",route="/api/v1/tickets",status="201"} 1)"));
    CHECK_THAT(m.body, Catch::Contains(R"(aduan_tickets{status="new"} 1)"));
    CHECK_THAT(m.body, Catch::Contains("aduan_commit_batch_size_count "));
    CHECK_THAT(m.body, Catch::Contains("aduan_http_request_duration_seconds_bucket{"));
    CHECK_THAT(m.body, Catch::Contains("aduan_http_connections 1"));
}
