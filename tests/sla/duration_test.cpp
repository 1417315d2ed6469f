#include <catch2/catch.hpp>

#include "sla/duration.hpp"

using namespace aduan::sla;

TEST_CASE("durations are whole hours, minutes and seconds in that order") {
    CHECK(parse_duration("90m") == 5400);
    CHECK(parse_duration("4h") == 14400);
    CHECK(parse_duration("1h30m") == 5400);
    CHECK(parse_duration("45s") == 45);
    CHECK(parse_duration("2h0m30s") == 7230);
    CHECK(parse_duration("0s") == 0);
    for (const char* bad :
         {"", "1d", "30m1h", "1h1h", "h", "1", "1.5h", "-1h", " 1h", "1h ", "1H", "100000000000h"})
        CHECK_FALSE(parse_duration(bad));
    CHECK(format_duration(5400) == "1h30m");
    CHECK(format_duration(45) == "45s");
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(3601) == "1h1s");
}
