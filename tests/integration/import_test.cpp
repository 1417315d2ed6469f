// aduan import (spec section 9): a small history whose answers were worked out by hand,
// checked ticket by ticket through the API; bad lines named by number, storing nothing.
#include <catch2/catch.hpp>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace aduan::test;
using nlohmann::json;

namespace {

// Office hours in UTC, Monday to Friday 08:00-17:00. Standard: first response 2h,
// resolution 9h; urgent: 30m and 4h. warn_at 0.75.
constexpr const char* kConfig = R"({
  "calendars": { "office": { "timezone": "UTC", "hours": {
      "mon": [["08:00","17:00"]], "tue": [["08:00","17:00"]], "wed": [["08:00","17:00"]],
      "thu": [["08:00","17:00"]], "fri": [["08:00","17:00"]] } } },
  "policies": [
    { "name": "urgent", "match": { "priority": ["urgent"] }, "calendar": "office",
      "targets": { "first_response": "30m", "resolution": "4h" } },
    { "name": "standard", "calendar": "office", "targets": { "first_response": "2h", "resolution": "9h" } } ] })";

// 2 Nov 2026 is a Monday.
constexpr const char* kHistory =
    // 1. Answered after 1h; pending from 10:00 Monday to 08:00 Tuesday (paused); resolved
    //    Tuesday 10:00. First response met at 1h; resolution met at 2h + 2h = 4h.
    R"({"subject":"Insentif belum masuk","channel":"phone","category":"incentive","priority":"normal","created_at":"2026-11-02T08:00:00Z","events":[{"at":"2026-11-02T09:00:00Z","type":"response","public":true,"author":"agent1","body":"Kami cek"},{"at":"2026-11-02T10:00:00Z","type":"status","to":"pending"},{"at":"2026-11-03T08:00:00Z","type":"status","to":"open"},{"at":"2026-11-03T10:00:00Z","type":"status","to":"resolved"}]})"
    "\n"
    // 2. Created Monday 16:00, never answered, resolved Tuesday 17:00: 1h + 9h = 10h on both
    //    clocks. First response (2h) used up Tuesday 09:00; resolution (9h) Tuesday 16:00.
    R"({"subject":"Akun terkunci","channel":"email","category":"account","created_at":"2026-11-02T16:00:00Z","events":[{"at":"2026-11-03T17:00:00Z","type":"status","to":"resolved"}]})"
    "\n"
    // 3. Made urgent after 1h: the 30m first response target was used up at 08:30, so it is
    //    breached retroactively; answered 09:30; resolved 10:00, within urgent's 4h.
    R"({"subject":"Sertifikat hilang","channel":"chat","category":"certificate","created_at":"2026-11-02T08:00:00+00:00","events":[{"at":"2026-11-02T09:00:00Z","type":"priority","to":"urgent"},{"at":"2026-11-02T09:30:00Z","type":"response","author":"agent2","body":"Sudah kami kirim"},{"at":"2026-11-02T10:00:00Z","type":"status","to":"resolved"}]})"
    "\n"
    // 4. A transition the lifecycle refuses.
    R"({"subject":"Salah","channel":"web","category":"other","created_at":"2026-11-02T08:00:00Z","events":[{"at":"2026-11-02T09:00:00Z","type":"status","to":"closed"}]})"
    "\n"
    // 5. Not JSON.
    R"({"subject": "Rusak",)"
    "\n"
    // 6. A bad value.
    R"({"subject":"Salah juga","channel":"web","category":"other","priority":"asap","created_at":"2026-11-02T08:00:00Z"})"
    "\n";

struct Imported {
    TempDir dir;
    std::string db = dir.file("a.db");
    RunResult result;
    Imported() {
        write_file(dir.file("aduan.json"), kConfig);
        write_file(dir.file("history.ndjson"), kHistory);
        result = run_aduan(
            {"import", "--config", dir.file("aduan.json"), "--db", db, dir.file("history.ndjson")});
    }
};

std::vector<std::string> sla_events(HttpClient& http, int id) {
    std::vector<std::string> out;
    const auto history = http.get("/api/v1/tickets/" + std::to_string(id) + "/events").json();
    for (const auto& e : history["items"])
        if (e["type"].get<std::string>().rfind("sla.", 0) == 0)
            out.push_back(e["type"].get<std::string>() + " " + e["to"].get<std::string>() + " " +
                          e["at"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("import reports bad lines by number and imports the others") {
    Imported im;
    CHECK(im.result.code == 1);
    CHECK_THAT(im.result.out, Catch::StartsWith("imported 3 tickets from "));
    CHECK_THAT(im.result.out, Catch::Contains("3 lines refused"));
    CHECK_THAT(im.result.err,
               Catch::Contains("line 4: events[0]: status: cannot go from new to closed"));
    CHECK_THAT(im.result.err, Catch::Contains("line 5: body is not valid JSON"));
    CHECK_THAT(im.result.err,
               Catch::Contains("line 6: priority: must be one of low, normal, high, urgent"));
}

TEST_CASE("imported tickets end exactly as worked out by hand") {
    Imported im;
    const auto token = create_token(im.db, "admin");
    ServerProcess server(im.db, {"--config", im.dir.file("aduan.json")});
    HttpClient http(server.port(), token);
    CHECK(http.get("/api/v1/tickets").json()["items"].size() == 3);  // nothing of lines 4-6

    auto a = http.get("/api/v1/tickets/1").json();
    CHECK(a["status"] == "resolved");
    CHECK(a["created_at"] == "2026-11-02T08:00:00Z");
    CHECK(a["first_responded_at"] == "2026-11-02T09:00:00Z");
    CHECK(
        a["sla"]["first_response"] ==
        json::parse(
            R"({"status":"met","target_seconds":7200,"elapsed_seconds":3600,"due_at":"2026-11-02T10:00:00Z","breached_at":null,"stopped_at":"2026-11-02T09:00:00Z"})"));
    CHECK(a["sla"]["resolution"]["status"] == "met");
    CHECK(a["sla"]["resolution"]["elapsed_seconds"] == 4 * 3600);
    CHECK(a["sla"]["resolution"]["stopped_at"] == "2026-11-03T10:00:00Z");
    CHECK(sla_events(http, 1).empty());

    auto b = http.get("/api/v1/tickets/2").json();
    CHECK(b["policy"] == "standard");
    CHECK(
        b["sla"]["first_response"] ==
        json::parse(
            R"({"status":"breached","target_seconds":7200,"elapsed_seconds":36000,"due_at":"2026-11-03T09:00:00Z","breached_at":"2026-11-03T09:00:00Z","stopped_at":"2026-11-03T17:00:00Z"})"));
    CHECK(b["sla"]["resolution"]["breached_at"] == "2026-11-03T16:00:00Z");
    CHECK(b["sla"]["resolution"]["elapsed_seconds"] == 36000);
    // As live: at risk at 75% (1h30m: Tuesday 08:30; 6h45m: Tuesday 13:45), then breached.
    CHECK(sla_events(http, 2) ==
          std::vector<std::string>{"sla.warning first_response 2026-11-03T08:30:00Z",
                                   "sla.breached first_response 2026-11-03T09:00:00Z",
                                   "sla.warning resolution 2026-11-03T13:45:00Z",
                                   "sla.breached resolution 2026-11-03T16:00:00Z"});

    auto c = http.get("/api/v1/tickets/3").json();
    CHECK(c["priority"] == "urgent");
    CHECK(c["policy"] == "urgent");
    CHECK(c["sla"]["first_response"]["status"] == "breached");
    CHECK(c["sla"]["first_response"]["target_seconds"] == 1800);
    CHECK(c["sla"]["first_response"]["elapsed_seconds"] == 5400);
    CHECK(c["sla"]["first_response"]["breached_at"] == "2026-11-02T08:30:00Z");
    CHECK(c["sla"]["resolution"]["status"] == "met");
    CHECK(c["sla"]["resolution"]["elapsed_seconds"] == 7200);
    CHECK(sla_events(http, 3) ==
          std::vector<std::string>{"sla.warning first_response 2026-11-02T08:22:30Z",
                                   "sla.breached first_response 2026-11-02T08:30:00Z"});
    // The history is the history: authors and instants as imported.
    const auto history = http.get("/api/v1/tickets/3/events").json()["items"];
    CHECK(history[1]["type"] == "priority");
    CHECK(history[1]["at"] == "2026-11-02T09:00:00Z");
    CHECK(history[2]["response"]["author"] == "agent2");
}

TEST_CASE("import: bad arguments exit 2") {
    CHECK(run_aduan({"import"}).code == 2);
    CHECK(run_aduan({"import", "/nonexistent/file.ndjson"}).code == 2);
}
