#include <catch2/catch.hpp>

#include "common/time.hpp"

using namespace aduan;

TEST_CASE("RFC 3339 instants round-trip in UTC with Z") {
    auto t = parse_rfc3339("2026-11-27T02:15:00Z");
    REQUIRE(t);
    CHECK(format_rfc3339(*t) == "2026-11-27T02:15:00Z");
    CHECK(to_unix(*t) == 1795745700);  // date -u -d 2026-11-27T02:15:00Z +%s
}

TEST_CASE("RFC 3339 offsets are converted to UTC") {
    CHECK(format_rfc3339(*parse_rfc3339("2026-11-27T09:15:00+07:00")) == "2026-11-27T02:15:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("2026-11-26T21:15:00-05:00")) == "2026-11-27T02:15:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("2026-11-27t02:15:00.999z")) == "2026-11-27T02:15:00Z");
}

TEST_CASE("RFC 3339 rejects what is not a date-time") {
    for (const char* bad :
         {"", "2026-11-27", "2026-11-27T02:15:00", "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z",
          "2026-11-27T02:15:00+7:00", "2026-11-27T02:15:00Zjunk", "2026-11-27T02:15:00.Z",
          "2026-13-01T00:00:00Z"})
        CHECK_FALSE(parse_rfc3339(bad));
}

TEST_CASE("RFC 3339 formatting covers the calendar's edges") {
    using std::chrono::seconds;
    CHECK(format_rfc3339(Instant(seconds(0))) == "1970-01-01T00:00:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("2028-02-29T23:59:59Z")) == "2028-02-29T23:59:59Z");
    CHECK(format_rfc3339(*parse_rfc3339("0001-01-01T00:00:00Z")) == "0001-01-01T00:00:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("9999-12-31T23:59:59Z")) == "9999-12-31T23:59:59Z");
    CHECK(format_rfc3339(Instant(seconds(-1))) == "1969-12-31T23:59:59Z");
}
