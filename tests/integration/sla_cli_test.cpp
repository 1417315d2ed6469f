// aduan sla add | elapsed | is-open | batch (spec section 8): formats and exit codes.
#include <catch2/catch.hpp>

#include "support/server_process.hpp"

using namespace aduan::test;

namespace {

constexpr const char* kOffice = R"({ "timezone": "Asia/Jakarta",
  "hours": { "mon": [["08:00","12:00"],["13:00","17:00"]], "tue": [["08:00","17:00"]],
             "wed": [["08:00","17:00"]], "thu": [["08:00","17:00"]], "fri": [["08:00","17:00"]],
             "sat": [], "sun": [] },
  "holidays": ["2026-12-25", "2027-01-01"] })";

struct Files {
    TempDir dir;
    std::string office = dir.file("office.json");
    Files() { write_file(office, kOffice); }
};

}  // namespace

TEST_CASE("sla add prints the deadline in UTC with Z") {
    Files f;
    auto r = run_aduan({"sla", "add", "--calendar", f.office, "--start",
                        "2026-11-27T16:00:00+07:00", "--seconds", "7200"});
    CHECK(r.code == 0);
    CHECK(r.out == "2026-11-30T02:00:00Z\n");
    CHECK(r.err.empty());
}

TEST_CASE("sla elapsed prints business seconds and is-open prints true or false") {
    Files f;
    auto e = run_aduan({"sla", "elapsed", "--calendar", f.office, "--from", "2026-11-27T00:00:00Z",
                        "--to", "2026-12-04T00:00:00Z"});
    CHECK(e.code == 0);
    CHECK(e.out == "158400\n");
    CHECK(run_aduan({"sla", "is-open", "--calendar", f.office, "--at", "2026-11-30T12:30:00+07:00"})
              .out == "false\n");
    CHECK(run_aduan({"sla", "is-open", "--calendar", f.office, "--at", "2026-11-30T13:00:00+07:00"})
              .out == "true\n");
}

TEST_CASE("sla batch answers each line in order and goes on after a bad one") {
    Files f;
    auto r = run_aduan(
        {"sla", "batch", "--calendar", f.office},
        "{\"op\":\"add\",\"start\":\"2026-11-27T16:00:00+07:00\",\"seconds\":7200}\n"
        "{\"op\":\"elapsed\",\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-12-04T00:00:00Z\"}\n"
        "not json\n"
        "{\"op\":\"is_open\",\"at\":\"2026-11-30T13:00:00+07:00\"}\n"
        "{\"op\":\"add\",\"start\":\"2026-11-27T16:00:00Z\",\"seconds\":-1}\n"
        "{\"op\":\"fly\"}\n"
        "{\"op\":\"is_open\",\"at\":\"2026-11-30T13:00:00+07:00\",\"extra\":1}\n");
    CHECK(r.code == 0);
    CHECK(r.out ==
          "{\"result\":\"2026-11-30T02:00:00Z\"}\n"
          "{\"result\":158400}\n"
          "{\"error\":\"not a JSON object\"}\n"
          "{\"result\":true}\n"
          "{\"error\":\"seconds: must be a whole number from 0 to 3200000000\"}\n"
          "{\"error\":\"op: must be \\\"add\\\", \\\"elapsed\\\" or \\\"is_open\\\"\"}\n"
          "{\"error\":\"extra: unknown field\"}\n");
}

TEST_CASE("sla: bad input exits 2 with one line that names the problem") {
    Files f;
    auto one_line = [](const RunResult& r) {
        return std::count(r.err.begin(), r.err.end(), '\n') == 1;
    };
    auto bad_time =
        run_aduan({"sla", "add", "--calendar", f.office, "--start", "tomorrow", "--seconds", "5"});
    CHECK(bad_time.code == 2);
    CHECK(one_line(bad_time));
    CHECK_THAT(bad_time.err, Catch::Contains("--start: \"tomorrow\" is not an RFC 3339 date-time"));
    auto bad_seconds = run_aduan({"sla", "add", "--calendar", f.office, "--start",
                                  "2026-11-27T16:00:00Z", "--seconds", "1h"});
    CHECK(bad_seconds.code == 2);
    CHECK_THAT(bad_seconds.err, Catch::Contains("--seconds"));
    auto missing =
        run_aduan({"sla", "elapsed", "--calendar", f.office, "--from", "2026-11-27T16:00:00Z"});
    CHECK(missing.code == 2);
    CHECK(missing.err == "aduan sla: --to is required\n");
    auto no_file = run_aduan(
        {"sla", "is-open", "--calendar", f.dir.file("none.json"), "--at", "2026-11-27T16:00:00Z"});
    CHECK(no_file.code == 2);
    CHECK_THAT(no_file.err, Catch::Contains("cannot read"));
    write_file(f.dir.file("bad.json"),
               R"({"timezone":"Asia/Jakarta","hours":{"mon":[["12:00","08:00"]]}})");
    auto bad_cal = run_aduan(
        {"sla", "is-open", "--calendar", f.dir.file("bad.json"), "--at", "2026-11-27T16:00:00Z"});
    CHECK(bad_cal.code == 2);
    CHECK(one_line(bad_cal));
    CHECK_THAT(bad_cal.err,
               Catch::Contains("hours.mon[0]: closes at 08:00, not after it opens at 12:00"));
    CHECK(run_aduan({"sla", "frobnicate"}).code == 2);
    CHECK(run_aduan({"sla"}).code == 2);
    auto far =
        run_aduan({"sla", "is-open", "--calendar", f.office, "--at", "2300-01-01T00:00:00Z"});
    CHECK(far.code == 2);
    CHECK_THAT(far.err, Catch::Contains("outside the supported years"));
}
