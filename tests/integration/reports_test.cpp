// Reports (spec 6): a small imported history whose numbers were worked out by hand, through
// the API and `aduan report`; every grouping, the period's edges at local midnight, empty
// periods, CSV quoting, bad parameters, and the XLSX workbook read back with openpyxl.
#include <catch2/catch.hpp>

#include <date/date.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/time.hpp"
#include "storage/database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace aduan::test;
using nlohmann::json;

namespace {

// Jakarta (UTC+7, no DST). "office": Monday to Friday 08:00-17:00 local; "24x7". Urgent
// tickets: first response 30m, resolution 4h, around the clock; the rest: 2h and 8h of office
// time.
constexpr const char* kConfig = R"({
  "timezone": "Asia/Jakarta",
  "categories": ["payment", "account", "other"],
  "teams": ["tier1", "tier2"],
  "calendars": {
    "office": { "timezone": "Asia/Jakarta", "hours": {
      "mon": [["08:00","17:00"]], "tue": [["08:00","17:00"]], "wed": [["08:00","17:00"]],
      "thu": [["08:00","17:00"]], "fri": [["08:00","17:00"]] } },
    "24x7": { "timezone": "Asia/Jakarta", "hours": {
      "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]],
      "thu": [["00:00","24:00"]], "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]],
      "sun": [["00:00","24:00"]] } } },
  "policies": [
    { "name": "urgent", "match": { "priority": ["urgent"] }, "calendar": "24x7",
      "targets": { "first_response": "30m", "resolution": "4h" } },
    { "name": "standard", "calendar": "office",
      "targets": { "first_response": "2h", "resolution": "8h" } } ] })";

constexpr const char* kOffice = R"({ "timezone": "Asia/Jakarta", "hours": {
      "mon": [["08:00","17:00"]], "tue": [["08:00","17:00"]], "wed": [["08:00","17:00"]],
      "thu": [["08:00","17:00"]], "fri": [["08:00","17:00"]] } })";

// 2 Nov 2026 is a Monday. Local times are WIB (UTC+7). Worked out by hand:
//
//      created (local)      clocks (business seconds)                         verdicts
//   A  Sun 1 Nov 23:59:59   resolved at once                                   (before the period)
//   B  Mon 2 Nov 09:00      answered 10:00: fr 3600; resolved 15:00: res 21600  met, met
//   C  Mon 2 Nov 16:00      answered Tue 10:00: fr 3600+7200 = 10800 > 7200,    breached, met
//                           breached Tue 09:00 (02:00Z); resolved Tue 12:00:
//                           res 3600+14400 = 18000
//   D  Tue 3 Nov 22:00      urgent (24x7): answered 22:20: fr 1200; pending     met, breached
//                           23:00 (res 3600), open Wed 09:00, resolved Wed
//                           12:30: res 3600+12600 = 16200 > 14400, breached
//                           Wed 12:00 (05:00Z)
//   H  Wed 4 Nov 09:00      answered 09:30: fr 1800; pending 10:00 for good:    met, open
//                           res paused at 3600
//   E  Thu 5 Nov 08:00      never answered, still open: fr breached Thu 10:00   breached, breached
//                           (03:00Z), res breached Thu 16:00 (09:00Z), both
//                           running
//   F  Fri 6 Nov 23:59:59   resolved Sat 00:10 without an answer: both 0        met, met
//   G  Sat 7 Nov 00:00      resolved at once                                   (after the period)
constexpr const char* kHistory =
    R"({"subject":"Sebelum periode","channel":"web","category":"other","priority":"low","created_at":"2026-11-01T16:59:59Z","events":[{"at":"2026-11-01T17:00:00Z","type":"status","to":"resolved"}]})"
    "\n"
    R"({"subject":"Saldo \"JHT\", belum masuk","channel":"phone","category":"payment","team":"tier1","created_at":"2026-11-02T02:00:00Z","events":[{"at":"2026-11-02T02:00:00Z","type":"assignee","to":"agent1"},{"at":"2026-11-02T03:00:00Z","type":"response","public":true,"author":"agent1","body":"Kami cek"},{"at":"2026-11-02T08:00:00Z","type":"status","to":"resolved"}]})"
    "\n"
    R"({"subject":"Pembayaran gagal\nСбой оплаты — 支付失败 💸","channel":"email","category":"payment","team":"tier1","created_at":"2026-11-02T09:00:00Z","events":[{"at":"2026-11-02T09:00:00Z","type":"assignee","to":"agent2"},{"at":"2026-11-03T03:00:00Z","type":"response","public":true,"author":"agent2","body":"Maaf"},{"at":"2026-11-03T05:00:00Z","type":"status","to":"resolved"}]})"
    "\n"
    R"J({"subject":"=HYPERLINK(\"http://x\",\"klik\")","channel":"chat","category":"account","priority":"urgent","team":"tier2","created_at":"2026-11-03T15:00:00Z","events":[{"at":"2026-11-03T15:20:00Z","type":"response","public":true,"author":"agent3","body":"Halo"},{"at":"2026-11-03T16:00:00Z","type":"status","to":"pending"},{"at":"2026-11-04T02:00:00Z","type":"status","to":"open"},{"at":"2026-11-04T05:30:00Z","type":"status","to":"resolved"}]})J"
    "\n"
    R"({"subject":"Menunggu dokumen","channel":"phone","category":"other","team":"tier1","created_at":"2026-11-04T02:00:00Z","events":[{"at":"2026-11-04T02:30:00Z","type":"response","public":true,"author":"agent3","body":"Kirim KTP"},{"at":"2026-11-04T03:00:00Z","type":"status","to":"pending"}]})"
    "\n"
    R"({"subject":"Akun terkunci","channel":"web","category":"account","team":"tier1","created_at":"2026-11-05T01:00:00Z","events":[{"at":"2026-11-05T01:00:00Z","type":"assignee","to":"agent1"}]})"
    "\n"
    R"({"subject":"Detik terakhir","channel":"social","category":"other","priority":"low","created_at":"2026-11-06T16:59:59Z","events":[{"at":"2026-11-06T17:10:00Z","type":"status","to":"resolved"}]})"
    "\n"
    R"({"subject":"Sesudah periode","channel":"web","category":"other","priority":"low","created_at":"2026-11-06T17:00:00Z","events":[{"at":"2026-11-06T17:05:00Z","type":"status","to":"resolved"}]})"
    "\n";

constexpr const char* kWeek = "from=2026-11-02&to=2026-11-06";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Fixture {
    TempDir dir;
    std::string db = dir.file("a.db"), config = dir.file("aduan.json");
    std::string token;
    std::unique_ptr<ServerProcess> server;

    Fixture() {
        write_file(config, kConfig);
        write_file(dir.file("office.json"), kOffice);
        write_file(dir.file("history.ndjson"), kHistory);
        const auto im =
            run_aduan({"import", "--config", config, "--db", db, dir.file("history.ndjson")});
        REQUIRE(im.code == 0);
        token = create_token(db, "manager");
        server = std::make_unique<ServerProcess>(db, std::vector<std::string>{"--config", config});
    }

    HttpResult get(const std::string& target) {
        return HttpClient(server->port(), token).get(target);
    }

    // `aduan report` with the fixture's configuration and database.
    RunResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), "report");
        args.insert(args.end(), {"--config", config, "--db", db});
        return run_aduan(args);
    }

    // Business seconds of the office calendar from `from` to now, by `aduan sla elapsed`.
    long office_elapsed_since(const std::string& from) {
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        const auto r = run_aduan({"sla", "elapsed", "--calendar", dir.file("office.json"), "--from",
                                  from, "--to", date::format("%FT%TZ", now)});
        REQUIRE(r.code == 0);
        return std::stol(r.out);
    }
};

json row_of(const json& report, const std::string& group) {
    for (const auto& r : report["rows"])
        if (r["group"] == group) return r;
    FAIL("no row " << group);
    return {};
}

std::vector<std::pair<std::string, long>> groups_and_tickets(const json& report) {
    std::vector<std::pair<std::string, long>> out;
    for (const auto& r : report["rows"])
        out.emplace_back(r["group"].get<std::string>(), r["tickets"].get<long>());
    return out;
}

}  // namespace

TEST_CASE("the SLA report by category has the numbers worked out by hand") {
    Fixture f;
    const auto r = f.get(std::string("/api/v1/reports/sla?") + kWeek);
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/json");
    CHECK(r.header("content-disposition") ==
          "attachment; filename=\"aduan-sla-by-category-2026-11-02-to-2026-11-06.json\"");
    const auto j = r.json();
    CHECK(j["report"] == "sla");
    CHECK(j["from"] == "2026-11-02");
    CHECK(j["to"] == "2026-11-06");
    CHECK(j["timezone"] == "Asia/Jakarta");
    CHECK(j["group_by"] == "category");
    CHECK(groups_and_tickets(j) ==
          std::vector<std::pair<std::string, long>>{{"account", 2}, {"other", 2}, {"payment", 2}});

    // account: D (fr met 1200, res breached stopped 16200), E (both breached, running).
    CHECK(row_of(j, "account") == json::parse(R"({"group":"account","tickets":2,
        "fr_met":1,"fr_breached":1,"fr_open":0,"fr_compliance":0.5,"fr_median_seconds":1200,"fr_p90_seconds":1200,
        "res_met":0,"res_breached":2,"res_open":0,"res_compliance":0.0,"res_median_seconds":16200,"res_p90_seconds":16200})"));
    // other: F (both met at 0), H (fr met 1800, res paused: open).
    CHECK(row_of(j, "other") == json::parse(R"({"group":"other","tickets":2,
        "fr_met":2,"fr_breached":0,"fr_open":0,"fr_compliance":1.0,"fr_median_seconds":0,"fr_p90_seconds":1800,
        "res_met":1,"res_breached":0,"res_open":1,"res_compliance":1.0,"res_median_seconds":0,"res_p90_seconds":0})"));
    // payment: B (3600, 21600 met), C (fr 10800 breached, res 18000 met). Nearest rank of
    // two values: the median is the first, the p90 the second.
    CHECK(row_of(j, "payment") == json::parse(R"({"group":"payment","tickets":2,
        "fr_met":1,"fr_breached":1,"fr_open":0,"fr_compliance":0.5,"fr_median_seconds":3600,"fr_p90_seconds":10800,
        "res_met":2,"res_breached":0,"res_open":0,"res_compliance":1.0,"res_median_seconds":18000,"res_p90_seconds":21600})"));
    // All six: fr stopped [0, 1200, 1800, 3600, 10800]: median rank 3, p90 rank 5; 4 met of 6.
    // res stopped [0, 16200, 18000, 21600]: median rank 2, p90 rank 4; 3 met, 2 breached, 1 open.
    CHECK(j["total"] == json::parse(R"({"tickets":6,
        "fr_met":4,"fr_breached":2,"fr_open":0,"fr_compliance":0.6667,"fr_median_seconds":1800,"fr_p90_seconds":10800,
        "res_met":3,"res_breached":2,"res_open":1,"res_compliance":0.6,"res_median_seconds":16200,"res_p90_seconds":21600})"));
    // Compliance is written with four places.
    CHECK_THAT(r.body, Catch::Contains(R"("fr_compliance":0.5000)"));
    CHECK_THAT(r.body, Catch::Contains(R"("res_compliance":0.0000)"));
    CHECK_THAT(r.body, Catch::Contains(R"("fr_compliance":0.6667)"));
}

TEST_CASE("the SLA report groups by every grouping of the spec") {
    Fixture f;
    auto groups = [&](const std::string& g, const std::string& period = kWeek) {
        const auto r = f.get("/api/v1/reports/sla?" + period + "&group_by=" + g);
        REQUIRE(r.status == 200);
        CHECK(r.json()["group_by"] == g);
        return groups_and_tickets(r.json());
    };
    using G = std::vector<std::pair<std::string, long>>;
    CHECK(groups("category") == G{{"account", 2}, {"other", 2}, {"payment", 2}});
    CHECK(groups("priority") == G{{"low", 1}, {"normal", 4}, {"urgent", 1}});
    CHECK(groups("channel") ==
          G{{"chat", 1}, {"email", 1}, {"phone", 2}, {"social", 1}, {"web", 1}});
    // No team, no assignee: the empty group, sorted first.
    CHECK(groups("team") == G{{"", 1}, {"tier1", 4}, {"tier2", 1}});
    CHECK(groups("assignee") == G{{"", 3}, {"agent1", 2}, {"agent2", 1}});
    // The local creation date: D was created Tuesday 22:00 WIB (15:00Z), F Friday 23:59:59 WIB.
    CHECK(groups("day") == G{{"2026-11-02", 2},
                             {"2026-11-03", 1},
                             {"2026-11-04", 1},
                             {"2026-11-05", 1},
                             {"2026-11-06", 1}});
    // ISO weeks: A (Sunday 1 Nov, local) is in week 44; G (Saturday 7 Nov 00:00 local, still
    // Friday in UTC) in week 45.
    CHECK(groups("week", "from=2026-11-01&to=2026-11-07") == G{{"2026-W44", 1}, {"2026-W45", 7}});
    CHECK(groups("month", "from=2026-10-01&to=2026-12-31") == G{{"2026-11", 8}});

    const auto pri =
        f.get(std::string("/api/v1/reports/sla?") + kWeek + "&group_by=priority").json();
    CHECK(row_of(pri, "normal")["fr_breached"] == 2);   // C and E
    CHECK(row_of(pri, "urgent")["res_breached"] == 1);  // D
}

TEST_CASE("a period starts and ends at local midnight of the operating time zone") {
    Fixture f;
    // A was created one second before Monday 00:00 WIB; F one second before Saturday 00:00 WIB,
    // G at it (still Friday in UTC).
    auto tickets = [&](const std::string& period) {
        return f.get("/api/v1/reports/sla?" + period).json()["total"]["tickets"].get<long>();
    };
    CHECK(tickets("from=2026-11-01&to=2026-11-01") == 1);
    CHECK(tickets("from=2026-11-02&to=2026-11-02") == 2);
    CHECK(tickets("from=2026-11-06&to=2026-11-06") == 1);
    CHECK(tickets("from=2026-11-07&to=2026-11-07") == 1);
    CHECK(tickets("from=2026-11-01&to=2026-11-07") == 8);
}

TEST_CASE("an empty period gives an empty report, not an error") {
    Fixture f;
    const auto j = f.get("/api/v1/reports/sla?from=2026-12-01&to=2026-12-31").json();
    CHECK(j["rows"].empty());
    CHECK(j["total"] == json::parse(R"({"tickets":0,
        "fr_met":0,"fr_breached":0,"fr_open":0,"fr_compliance":null,"fr_median_seconds":null,"fr_p90_seconds":null,
        "res_met":0,"res_breached":0,"res_open":0,"res_compliance":null,"res_median_seconds":null,"res_p90_seconds":null})"));
    const auto csv = f.get("/api/v1/reports/sla?from=2026-12-01&to=2026-12-31&format=csv");
    CHECK(csv.body ==
          "group,tickets,fr_met,fr_breached,fr_open,fr_compliance,fr_median_seconds,"
          "fr_p90_seconds,res_met,res_breached,res_open,res_compliance,res_median_seconds,"
          "res_p90_seconds\r\n");
    const auto breaches = f.get("/api/v1/reports/breaches?from=2026-12-01&to=2026-12-31").json();
    CHECK(breaches["rows"].empty());
}

TEST_CASE("the SLA report as CSV has the spec's columns, in order") {
    Fixture f;
    const auto r = f.get(std::string("/api/v1/reports/sla?") + kWeek + "&format=csv");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "text/csv; charset=utf-8; header=present");
    CHECK(r.header("content-disposition") ==
          "attachment; filename=\"aduan-sla-by-category-2026-11-02-to-2026-11-06.csv\"");
    CHECK(r.body ==
          "group,tickets,fr_met,fr_breached,fr_open,fr_compliance,fr_median_seconds,"
          "fr_p90_seconds,res_met,res_breached,res_open,res_compliance,res_median_seconds,"
          "res_p90_seconds\r\n"
          "account,2,1,1,0,0.5000,1200,1200,0,2,0,0.0000,16200,16200\r\n"
          "other,2,2,0,0,1.0000,0,1800,1,0,1,1.0000,0,0\r\n"
          "payment,2,1,1,0,0.5000,3600,10800,2,0,0,1.0000,18000,21600\r\n");
    // 0/0 compliance and no stopped clock: empty fields.
    const auto pri = f.get("/api/v1/reports/sla?from=2026-11-04&to=2026-11-04&format=csv");
    CHECK_THAT(pri.body, Catch::EndsWith("\r\nother,1,1,0,0,1.0000,1800,1800,0,0,1,,,\r\n"));
}

TEST_CASE("the breach list has one row per breached clock, with awkward subjects quoted") {
    Fixture f;
    const auto before = f.office_elapsed_since("2026-11-05T01:00:00Z");
    const auto r = f.get(std::string("/api/v1/reports/breaches?") + kWeek + "&format=csv");
    const auto after = f.office_elapsed_since("2026-11-05T01:00:00Z");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-disposition") ==
          "attachment; filename=\"aduan-breaches-2026-11-02-to-2026-11-06.csv\"");
    std::vector<std::string> lines;
    std::string body = r.body;
    // Rows end with CRLF; the subject of C holds a bare LF inside its quotes.
    for (std::size_t at = 0; at < body.size();) {
        const auto end = body.find("\r\n", at);
        REQUIRE(end != std::string::npos);
        lines.push_back(body.substr(at, end - at));
        at = end + 2;
    }
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] ==
          "ticket_id,subject,category,priority,channel,team,assignee,metric,target_seconds,"
          "due_at,breached_at,stopped_at,overdue_seconds");
    // C: quotes doubled, the newline and non-Latin text inside quotes, UTF-8 as sent.
    CHECK(
        lines[1] ==
        "3,\"Pembayaran gagal\nСбой оплаты — 支付失败 💸\",payment,normal,email,tier1,agent2,"
        "first_response,7200,2026-11-03T02:00:00Z,2026-11-03T02:00:00Z,2026-11-03T03:00:00Z,3600");
    // D: a subject a spreadsheet would run as a formula gets a leading apostrophe.
    CHECK(lines[2] ==
          "4,\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\",account,urgent,chat,tier2,,resolution,"
          "14400,2026-11-04T05:00:00Z,2026-11-04T05:00:00Z,2026-11-04T05:30:00Z,1800");
    // E: still open, so overdue is its business time by now, less the target.
    const std::string e_fr =
        "6,Akun terkunci,account,normal,web,tier1,agent1,first_response,7200,"
        "2026-11-05T03:00:00Z,2026-11-05T03:00:00Z,,";
    const std::string e_res =
        "6,Akun terkunci,account,normal,web,tier1,agent1,resolution,28800,"
        "2026-11-05T09:00:00Z,2026-11-05T09:00:00Z,,";
    REQUIRE_THAT(lines[3], Catch::StartsWith(e_fr));
    REQUIRE_THAT(lines[4], Catch::StartsWith(e_res));
    const long fr_overdue = std::stol(lines[3].substr(e_fr.size()));
    const long res_overdue = std::stol(lines[4].substr(e_res.size()));
    CHECK(fr_overdue >= before - 7200);
    CHECK(fr_overdue <= after - 7200);
    CHECK(res_overdue >= before - 28800);
    CHECK(res_overdue <= after - 28800);

    // The same as JSON, with nulls for what is missing.
    const auto j = f.get(std::string("/api/v1/reports/breaches?") + kWeek).json();
    CHECK(j["report"] == "breaches");
    REQUIRE(j["rows"].size() == 4);
    CHECK(j["rows"][1] ==
          json::parse(R"J({"ticket_id":4,"subject":"=HYPERLINK(\"http://x\",\"klik\")",
        "category":"account","priority":"urgent","channel":"chat","team":"tier2","assignee":null,
        "metric":"resolution","target_seconds":14400,"due_at":"2026-11-04T05:00:00Z",
        "breached_at":"2026-11-04T05:00:00Z","stopped_at":"2026-11-04T05:30:00Z","overdue_seconds":1800})J"));
    CHECK(j["rows"][2]["stopped_at"].is_null());
}

TEST_CASE("the API and the command line give the same bytes") {
    Fixture f;
    // Monday to Wednesday: no clock of these tickets still runs, so nothing depends on when.
    for (const std::string kind : {"sla", "breaches"}) {
        for (const std::string format : {"json", "csv"}) {
            INFO(kind << " " << format);
            const auto api =
                f.get("/api/v1/reports/" + kind +
                      "?from=2026-11-02&to=2026-11-04&group_by=channel&format=" + format);
            REQUIRE(api.status == 200);
            std::vector<std::string> args{kind,         "--from",   "2026-11-02", "--to",
                                          "2026-11-04", "--format", format};
            if (kind == "sla") args.insert(args.end(), {"--group-by", "channel"});
            const auto out = f.cli(args);
            CHECK(out.code == 0);
            CHECK(out.out == api.body);
            // --output writes the same bytes to a file.
            args.insert(args.end(), {"--output", f.dir.file("out." + format)});
            CHECK(f.cli(args).code == 0);
            CHECK(read_file(f.dir.file("out." + format)) == api.body);
        }
    }
}

TEST_CASE("bad report parameters are 400 with every problem named, and exit 2 offline") {
    Fixture f;
    auto problem = [&](const std::string& query) {
        const auto r = f.get("/api/v1/reports/sla?" + query);
        CHECK(r.status == 400);
        const auto j = r.json();
        CHECK(j["error"]["code"] == "validation_failed");
        std::vector<std::string> fields;
        for (const auto& d : j["error"]["details"])
            fields.push_back(d["field"]);
        return fields;
    };
    using F = std::vector<std::string>;
    CHECK(problem("from=2026-11-30&to=2026-11-01") == F{"to"});
    CHECK(problem("from=2026-11-01&to=2026-11-30&group_by=agent") == F{"group_by"});
    CHECK(problem("from=2026-11-01&to=2026-11-30&format=pdf") == F{"format"});
    CHECK(problem("from=2026-02-30&to=2026-1-5") == F{"from", "to"});
    CHECK(problem("to=2026-11-30") == F{"from"});
    CHECK(problem("") == F{"from", "to"});
    CHECK(problem("from=2026-11-01T00:00:00Z&to=2026-11-30") == F{"from"});
    const auto r = f.get("/api/v1/reports/breaches?from=2026-11-01&to=2026-11-30&format=docx");
    CHECK(r.status == 400);
    CHECK_THAT(r.json()["error"]["message"].get<std::string>(),
               Catch::Contains("format: must be one of json, csv, xlsx"));

    const auto out = f.cli({"sla", "--from", "2026-11-30", "--to", "2026-11-01", "--group-by", "x",
                            "--output", f.dir.file("never.csv")});
    CHECK(out.code == 2);
    CHECK(out.out.empty());
    CHECK(out.err ==
          "aduan report: --to: must not be before from (and 1 more); --group-by: must "
          "be one of category, priority, channel, team, assignee, day, week, month\n");
    CHECK_FALSE(std::filesystem::exists(f.dir.file("never.csv")));
    CHECK(f.cli({"weekly", "--from", "2026-11-01", "--to", "2026-11-30"}).code == 2);
    const auto no_db = run_aduan({"report", "sla", "--db", f.dir.file("none.db"), "--from",
                                  "2026-11-01", "--to", "2026-11-30"});
    CHECK(no_db.code == 1);
    CHECK_FALSE(std::filesystem::exists(f.dir.file("none.db")));
}

TEST_CASE("reports are for supervisors, managers and admins") {
    Fixture f;
    const std::string target = std::string("/api/v1/reports/sla?") + kWeek;
    CHECK(HttpClient(f.server->port()).get(target).status == 401);
    const auto agent = create_token(f.db, "agent");
    const auto display = create_token(f.db, "display");
    const auto supervisor = create_token(f.db, "supervisor");
    // Tokens made while the service runs are picked up within its poll interval.
    auto status = [&](const std::string& token) {
        int s = 0;
        for (int i = 0; i < 200; ++i) {
            s = HttpClient(f.server->port(), token).get(target).status;
            if (s != 401) break;
        }
        return s;
    };
    CHECK(status(agent) == 403);
    CHECK(status(display) == 403);
    CHECK(status(supervisor) == 200);
}

TEST_CASE("the XLSX workbook holds both reports, typed, and matches the CSV") {
    Fixture f;
    const auto x = f.get(std::string("/api/v1/reports/sla?") + kWeek + "&format=xlsx");
    REQUIRE(x.status == 200);
    CHECK(x.header("content-type") ==
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(x.header("content-disposition") ==
          "attachment; filename=\"aduan-sla-by-category-2026-11-02-to-2026-11-06.xlsx\"");
    // Only the breaches of tickets whose clocks have all stopped, so the CSV fetched next is
    // the same whatever the second.
    const std::string settled = "from=2026-11-02&to=2026-11-04";
    const auto sla_csv = f.get(std::string("/api/v1/reports/sla?") + kWeek + "&format=csv").body;
    write_file(f.dir.file("sla.xlsx"), x.body);

    auto read_back = [&](const std::string& file) {
        const auto r =
            run_command({ADUAN_PYTHON, ADUAN_TOOLS "/xlsx_to_csv.py", file, "Asia/Jakarta"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        return json::parse(r.out);
    };
    const auto wb = read_back(f.dir.file("sla.xlsx"));
    CHECK(wb["sheets"] == json::array({"SLA report", "Breaches", "About"}));
    CHECK(wb["active"] == "SLA report");
    CHECK(wb["freeze"]["SLA report"] == "A2");
    CHECK(wb["freeze"]["Breaches"] == "A2");
    CHECK(wb["problems"].empty());
    CHECK(wb["csv"]["SLA report"] == sla_csv);
    CHECK(wb["about"]["Period (local dates, inclusive)"] == "2026-11-02 to 2026-11-06");
    CHECK(wb["about"]["Time zone"] == "Asia/Jakarta");
    CHECK(wb["about"]["Tickets"] == "6");
    CHECK(wb["about"]["Breached clocks"] == "4");
    CHECK_THAT(wb["about"]["Generated at (UTC)"].get<std::string>(), Catch::StartsWith("20"));
    CHECK_THAT(wb["about"]["Generated at (local time)"].get<std::string>(),
               Catch::StartsWith("20"));

    // From the breaches endpoint: the same sheets, the breach list active; its rows equal the
    // CSV export's.
    const auto b = f.get("/api/v1/reports/breaches?" + settled + "&format=xlsx");
    REQUIRE(b.status == 200);
    CHECK(b.header("content-disposition") ==
          "attachment; filename=\"aduan-breaches-2026-11-02-to-2026-11-04.xlsx\"");
    write_file(f.dir.file("breaches.xlsx"), b.body);
    const auto wb2 = read_back(f.dir.file("breaches.xlsx"));
    CHECK(wb2["active"] == "Breaches");
    CHECK(wb2["problems"].empty());
    CHECK(wb2["csv"]["Breaches"] ==
          f.get("/api/v1/reports/breaches?" + settled + "&format=csv").body);

    // The command line writes a workbook with the same content.
    REQUIRE(f.cli({"breaches", "--from", "2026-11-02", "--to", "2026-11-04", "--format", "xlsx",
                   "--output", f.dir.file("cli.xlsx")})
                .code == 0);
    const auto wb3 = read_back(f.dir.file("cli.xlsx"));
    CHECK(wb3["csv"] == wb2["csv"]);
    CHECK(wb3["sheets"] == wb2["sheets"]);
}

TEST_CASE("a ticket whose clock summary is yet to be computed is replayed, with the same result") {
    Fixture f;
    const std::string settled = "from=2026-11-02&to=2026-11-04";
    const auto sla = f.get(std::string("/api/v1/reports/sla?") + kWeek + "&format=csv").body;
    const auto breaches = f.get("/api/v1/reports/breaches?" + settled + "&format=csv").body;
    {
        // What migration 7 does to rows whose new columns must be filled in.
        aduan::storage::Connection c(f.db, aduan::storage::Connection::Mode::kReadWrite);
        c.exec("UPDATE tickets SET sla_fr_target = NULL");
    }
    CHECK(f.cli({"sla", "--from", "2026-11-02", "--to", "2026-11-06", "--format", "csv"}).out ==
          sla);
    CHECK(
        f.cli({"breaches", "--from", "2026-11-02", "--to", "2026-11-04", "--format", "csv"}).out ==
        breaches);
}

TEST_CASE("migration 7 marks the rows it cannot fill in, and the service fills them in") {
    TempDir dir;
    const auto db = dir.file("old.db");
    const auto created = aduan::to_unix(aduan::now_utc()) - 3600;
    {
        // Version 6, with an open ticket (running clocks) and one answered and resolved within
        // its targets (nothing to add).
        aduan::storage::Connection c(db, aduan::storage::Connection::Mode::kReadWrite);
        const auto schema = aduan::storage::schema_sql();
        REQUIRE(aduan::storage::migrate(c, schema.substr(0, schema.find("-- migration 7"))) == 6);
        const auto t = std::to_string(created);
        c.exec(
            "INSERT INTO tickets (subject, channel, category, priority, status, created_at, "
            "updated_at, policy, sla_fr_target, sla_res_target, sla_fr_elapsed, "
            "sla_res_elapsed, sla_fr_stopped_at, sla_res_stopped_at) VALUES "
            "('Terbuka', 'phone', 'incentive', 'normal', 'new', " +
            t + ", " + t +
            ", 'standard', 14400, 86400, NULL, NULL, NULL, NULL), "
            "('Selesai', 'phone', 'incentive', 'urgent', 'resolved', " +
            t + ", " + t + ", 'urgent', 1800, 14400, 600, 1200, " + t + " + 600, " + t +
            " + 1200)");
        c.exec("INSERT INTO ticket_events (ticket_id, at, actor, type, to_value) VALUES (1, " + t +
               ", 'siti', 'created', 'new'), (2, " + t + ", 'siti', 'created', 'new')");
    }
    {
        aduan::storage::Connection c(db, aduan::storage::Connection::Mode::kReadWrite);
        REQUIRE(aduan::storage::migrate(c, aduan::storage::schema_sql()) >= 7);
        auto& st = c.prepare("SELECT id FROM tickets WHERE sla_fr_target IS NULL");
        REQUIRE(st.step());
        CHECK(st.int64(0) == 1);
        CHECK_FALSE(st.step());
        st.reset();
    }
    ServerProcess server(db);
    aduan::storage::Connection c(db, aduan::storage::Connection::Mode::kReadOnly);
    auto& st = c.prepare(
        "SELECT sla_fr_target, sla_fr_since, sla_fr_due_at, sla_res_due_at, "
        "sla_fr_elapsed FROM tickets WHERE id = 1");
    REQUIRE(st.step());
    CHECK_FALSE(st.is_null(0));
    CHECK(st.int64(1) == created);  // running since creation
    CHECK_FALSE(st.is_null(2));
    CHECK_FALSE(st.is_null(3));
    CHECK(st.int64(4) == 0);
    st.reset();
}

TEST_CASE("a complaint holding characters XML forbids still gives a readable workbook") {
    TempDir dir;
    const auto db = dir.file("a.db");
    // U+FFFE and U+FFFF, which XML 1.0 forbids, in a complaint long since breached.
    write_file(
        dir.file("h.ndjson"),
        R"({"subject":"Saldo \ufffe hilang \uffff\u0001","channel":"web","category":"payment",)"
        R"("created_at":"2026-11-03T02:00:00Z","events":[]})"
        "\n");
    REQUIRE(run_aduan({"import", "--db", db, dir.file("h.ndjson")}).code == 0);
    const auto manager = create_token(db, "manager");
    ServerProcess server(db);
    HttpClient reader(server.port(), manager);
    for (const char* kind : {"sla", "breaches"}) {
        const auto x = reader.get(std::string("/api/v1/reports/") + kind +
                                  "?from=2026-11-02&to=2026-11-06&format=xlsx");
        REQUIRE(x.status == 200);
        const auto file = dir.file(std::string(kind) + ".xlsx");
        write_file(file, x.body);
        const auto r =
            run_command({ADUAN_PYTHON, ADUAN_TOOLS "/xlsx_to_csv.py", file, "Asia/Jakarta"});
        INFO(kind << ": " << r.err);
        REQUIRE(r.code == 0);
        const auto wb = json::parse(r.out);
        CHECK(wb["problems"].empty());
        CHECK_THAT(wb["csv"]["Breaches"].get<std::string>(),
                   Catch::Contains("Saldo \xEF\xBF\xBD hilang \xEF\xBF\xBD\xEF\xBF\xBD"));
    }
}
