// Business calendars: hand-worked cases for every rule, then properties over many random
// calendars checked against a slow reference built straight on date/tz.
#include <date/tz.h>
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "sla/calendar.hpp"

using namespace aduan;
using namespace aduan::sla;

namespace {

Instant at(const char* s) {
    auto t = parse_rfc3339(s);
    REQUIRE(t);
    return *t;
}

std::string fmt(Instant t) {
    return format_rfc3339(t);
}

using Hours = std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>;

Calendar make(const std::string& tz, Hours hours, std::vector<std::string> holidays = {}) {
    auto c = Calendar::compile({tz, std::move(hours), std::move(holidays)});
    if (!c.ok()) FAIL(c.error().message);
    return std::move(c.value());
}

// The spec's example: Monday with a lunch break, Tuesday to Friday 08-17, Asia/Jakarta.
Calendar office() {
    return make("Asia/Jakarta",
                {{"mon", {{"08:00", "12:00"}, {"13:00", "17:00"}}},
                 {"tue", {{"08:00", "17:00"}}},
                 {"wed", {{"08:00", "17:00"}}},
                 {"thu", {{"08:00", "17:00"}}},
                 {"fri", {{"08:00", "17:00"}}},
                 {"sat", {}},
                 {"sun", {}}},
                {"2026-12-25", "2027-01-01"});
}

Hours all_week(const std::vector<std::pair<std::string, std::string>>& intervals) {
    Hours h;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        h.emplace_back(d, intervals);
    return h;
}

}  // namespace

TEST_CASE("office calendar: adding business time") {
    const auto c = office();
    // Friday 27 Nov 16:00 WIB (09:00Z): one hour left on Friday, the rest on Monday.
    CHECK(fmt(c.add(at("2026-11-27T16:00:00+07:00"), 3600)) ==
          "2026-11-27T10:00:00Z");  // ends at the close
    CHECK(fmt(c.add(at("2026-11-27T16:00:00+07:00"), 3601)) == "2026-11-30T01:00:01Z");
    CHECK(fmt(c.add(at("2026-11-27T16:00:00+07:00"), 7200)) == "2026-11-30T02:00:00Z");
    // Monday's lunch break: 11:30 + 1h is 13:30.
    CHECK(fmt(c.add(at("2026-11-30T11:30:00+07:00"), 3600)) == "2026-11-30T06:30:00Z");
    // Starting outside hours (Saturday, or before opening) counts from the next opening.
    CHECK(fmt(c.add(at("2026-11-28T10:00:00+07:00"), 60)) == "2026-11-30T01:01:00Z");
    CHECK(fmt(c.add(at("2026-12-01T06:00:00+07:00"), 3600)) == "2026-12-01T02:00:00Z");
    // Zero is the start itself, open or not.
    CHECK(fmt(c.add(at("2026-11-28T10:00:00+07:00"), 0)) == "2026-11-28T03:00:00Z");
    // Christmas (a Friday) is closed: Thursday 16:00 + 2h ends Monday 09:00.
    CHECK(fmt(c.add(at("2026-12-24T16:00:00+07:00"), 7200)) == "2026-12-28T02:00:00Z");
    // A full week is 44 hours: 8 on Monday, 9 on each other weekday.
    CHECK(c.week_seconds() == 44 * 3600);
    CHECK(fmt(c.add(at("2026-11-30T08:00:00+07:00"), 44 * 3600)) == "2026-12-04T10:00:00Z");
}

TEST_CASE("office calendar: elapsed business time") {
    const auto c = office();
    CHECK(c.elapsed(at("2026-11-27T16:00:00+07:00"), at("2026-11-30T09:00:00+07:00")) == 7200);
    CHECK(c.elapsed(at("2026-11-30T11:00:00+07:00"), at("2026-11-30T14:00:00+07:00")) ==
          7200);  // lunch
    CHECK(c.elapsed(at("2026-11-28T00:00:00+07:00"), at("2026-11-30T00:00:00+07:00")) ==
          0);  // weekend
    CHECK(c.elapsed(at("2026-11-30T09:00:00+07:00"), at("2026-11-30T09:00:00+07:00")) == 0);
    CHECK(c.elapsed(at("2026-11-30T10:00:00+07:00"), at("2026-11-30T09:00:00+07:00")) ==
          0);  // reversed
    // Four weeks from Monday 30 Nov: 4 x 44h, less Christmas Friday (9h).
    CHECK(c.elapsed(at("2026-11-30T00:00:00+07:00"), at("2026-12-28T00:00:00+07:00")) ==
          (4 * 44 - 9) * 3600);
    CHECK(c.is_open(at("2026-11-30T08:00:00+07:00")));
    CHECK_FALSE(c.is_open(at("2026-11-30T12:00:00+07:00")));  // half-open: the close is closed
    CHECK(c.is_open(at("2026-11-30T12:59:59+07:00")) == false);
    CHECK(c.is_open(at("2026-11-30T13:00:00+07:00")));
    CHECK_FALSE(c.is_open(at("2026-12-25T10:00:00+07:00")));
}

TEST_CASE("a year of weekdays, and spans of years") {
    const auto c = make("Asia/Jakarta",
                        {{"mon", {{"08:00", "17:00"}}},
                         {"tue", {{"08:00", "17:00"}}},
                         {"wed", {{"08:00", "17:00"}}},
                         {"thu", {{"08:00", "17:00"}}},
                         {"fri", {{"08:00", "17:00"}}}},
                        {"2026-12-25", "2026-12-26"});
    // 2026 has 261 weekdays; Christmas is a Friday, the 26th a Saturday.
    CHECK(c.elapsed(at("2026-01-01T00:00:00+07:00"), at("2027-01-01T00:00:00+07:00")) ==
          260 * 9 * 3600);
    // Ten years of 24x7 is every second.
    const auto all = make("UTC", all_week({{"00:00", "24:00"}}));
    CHECK(all.elapsed(at("2026-01-01T00:00:00Z"), at("2036-01-01T00:00:00Z")) ==
          to_unix(at("2036-01-01T00:00:00Z")) - to_unix(at("2026-01-01T00:00:00Z")));
    const auto start = at("2026-03-02T08:00:00+07:00");
    CHECK(c.elapsed(start, c.add(start, 10 * 260 * 9 * 3600LL)) == 10 * 260 * 9 * 3600LL);
}

TEST_CASE("24x7 across midnight loses no minute") {
    const auto c = make("Asia/Jakarta", all_week({{"00:00", "24:00"}}));
    CHECK(fmt(c.add(at("2026-11-27T23:30:00+07:00"), 3600)) == "2026-11-27T17:30:00Z");
    CHECK(c.elapsed(at("2026-11-27T23:59:00+07:00"), at("2026-11-28T00:01:00+07:00")) == 120);
    CHECK(c.is_open(at("2026-11-28T00:00:00+07:00")));
    CHECK(c.is_open(at("2026-11-27T23:59:59+07:00")));
}

TEST_CASE("DST: the spring day is short, the autumn day is long (Europe/Berlin)") {
    const auto c = make("Europe/Berlin", all_week({{"00:00", "24:00"}}));
    // 29 Mar 2026: 02:00 CET jumps to 03:00 CEST. 25 Oct 2026: 03:00 CEST falls back to 02:00 CET.
    CHECK(c.elapsed(at("2026-03-29T00:00:00+01:00"), at("2026-03-30T00:00:00+02:00")) == 23 * 3600);
    CHECK(c.elapsed(at("2026-10-25T00:00:00+02:00"), at("2026-10-26T00:00:00+01:00")) == 25 * 3600);
    CHECK(fmt(c.add(at("2026-03-29T01:30:00+01:00"), 3600)) ==
          "2026-03-29T01:30:00Z");  // 03:30 CEST
}

TEST_CASE("DST: hours that cross or start in the missing and the repeated hour") {
    const auto across = make("Europe/Berlin", {{"sun", {{"01:00", "05:00"}}}});
    CHECK(across.elapsed(at("2026-03-29T00:00:00Z"), at("2026-03-30T00:00:00Z")) == 3 * 3600);
    CHECK(across.elapsed(at("2026-10-24T12:00:00Z"), at("2026-10-26T00:00:00Z")) == 5 * 3600);

    // 02:30 does not exist on 29 March: the day opens at the jump (01:00Z = 03:00 CEST).
    const auto inside = make("Europe/Berlin", {{"sun", {{"02:30", "05:00"}}}});
    CHECK(inside.elapsed(at("2026-03-29T00:00:00Z"), at("2026-03-30T00:00:00Z")) == 2 * 3600);
    CHECK(fmt(inside.add(at("2026-03-28T12:00:00Z"), 1)) == "2026-03-29T01:00:01Z");
    // 02:30 happens twice on 25 October: the earlier one (00:30Z) opens, 05:00 CET (04:00Z) closes.
    CHECK(inside.elapsed(at("2026-10-24T12:00:00Z"), at("2026-10-26T00:00:00Z")) ==
          3 * 3600 + 1800);
    CHECK(inside.is_open(at("2026-10-25T01:15:00Z")));  // 02:15 CET, the second time round
    CHECK(fmt(inside.add(at("2026-10-24T12:00:00Z"), 1800)) == "2026-10-25T01:00:00Z");

    // A close inside the missing hour maps to the jump as well.
    const auto closing = make("Europe/Berlin", {{"sun", {{"01:00", "02:30"}}}});
    CHECK(closing.elapsed(at("2026-03-29T00:00:00Z"), at("2026-03-30T00:00:00Z")) == 3600);
    // An interval wholly inside the missing hour is empty that day.
    const auto gone = make("Europe/Berlin", {{"sun", {{"02:10", "02:50"}}}});
    CHECK(gone.elapsed(at("2026-03-29T00:00:00Z"), at("2026-03-30T00:00:00Z")) == 0);
    CHECK(gone.elapsed(at("2026-04-05T00:00:00Z"), at("2026-04-06T00:00:00Z")) == 2400);
}

TEST_CASE("validation names the offending part") {
    auto errors = [](CalendarSpec spec) {
        auto c = Calendar::compile(spec);
        REQUIRE_FALSE(c.ok());
        return c.error().details;
    };
    auto has = [](const std::vector<FieldError>& d, const std::string& field,
                  const std::string& words) {
        for (const auto& e : d)
            if (e.field == field && e.message.find(words) != std::string::npos) return true;
        return false;
    };
    CHECK(has(errors({"Nowhere/Land", {{"mon", {{"08:00", "17:00"}}}}, {}}), "timezone",
              "unknown time zone"));
    CHECK(has(errors({"UTC", {{"mon", {{"17:00", "08:00"}}}}, {}}), "hours.mon[0]",
              "not after it opens"));
    CHECK(has(errors({"UTC", {{"mon", {{"08:00", "08:00"}}}}, {}}), "hours.mon[0]",
              "not after it opens"));
    CHECK(has(errors({"UTC", {{"tue", {{"08:00", "12:00"}, {"11:00", "13:00"}}}}, {}}),
              "hours.tue[1]", "overlap"));
    CHECK(has(errors({"UTC", {{"tue", {{"13:00", "17:00"}, {"08:00", "12:00"}}}}, {}}),
              "hours.tue[1]", "sorted"));
    CHECK(has(errors({"UTC", {{"wed", {{"8:00", "12:00"}}}}, {}}), "hours.wed[0]", "not a time"));
    CHECK(has(errors({"UTC", {{"wed", {{"08:00", "24:01"}}}}, {}}), "hours.wed[0]", "not a time"));
    CHECK(has(errors({"UTC", {{"wed", {{"24:00", "24:00"}}}}, {}}), "hours.wed[0]", "not a time"));
    CHECK(has(errors({"UTC", {{"wed", {{"08:00", "12:60"}}}}, {}}), "hours.wed[0]", "not a time"));
    CHECK(has(errors({"UTC", {{"monday", {{"08:00", "12:00"}}}}, {}}), "hours.monday",
              "unknown day"));
    CHECK(has(errors({"UTC", {{"mon", {{"08:00", "12:00"}}}, {"mon", {}}}, {}}), "hours.mon",
              "more than once"));
    CHECK(has(errors({"UTC", {{"mon", {{"08:00", "12:00"}}}}, {"2026-02-29"}}), "holidays[0]",
              "not a date"));
    CHECK(has(errors({"UTC", {{"mon", {{"08:00", "12:00"}}}}, {"26-12-25"}}), "holidays[0]",
              "not a date"));
    CHECK(has(errors({"UTC", {{"sat", {}}}, {}}), "hours", "never open"));
    // Touching intervals are allowed, and are one.
    CHECK(Calendar::compile({"UTC", {{"mon", {{"08:00", "12:00"}, {"12:00", "13:00"}}}}, {}}).ok());
}

// ---------------------------------------------------------------------------------------
// The reference: each local day's intervals mapped with date/tz's own local_info, no tables.

namespace {

struct Reference {
    const date::time_zone* zone;
    std::array<std::vector<std::pair<int, int>>, 7> week;  // Monday = 0, seconds of day
    std::set<std::int64_t> holidays;

    std::int64_t to_utc(std::int64_t local) const {
        const date::local_seconds l{std::chrono::seconds{local}};
        const auto info = zone->get_info(l);
        switch (info.result) {
            case date::local_info::unique:
            case date::local_info::ambiguous:  // the earlier instant: the first offset
                return local - info.first.offset.count();
            case date::local_info::nonexistent:  // the instant of the jump
                return info.first.end.time_since_epoch().count();
        }
        return 0;
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> intervals(std::int64_t from_day,
                                                                 std::int64_t to_day) const {
        std::vector<std::pair<std::int64_t, std::int64_t>> out;
        for (auto d = from_day; d <= to_day; ++d) {
            if (holidays.count(d)) continue;
            const int wd = int(((d + 3) % 7 + 7) % 7);
            for (auto [o, c] : week[size_t(wd)]) {
                const auto lo = to_utc(d * 86400 + o), hi = to_utc(d * 86400 + c);
                if (hi > lo) out.emplace_back(lo, hi);
            }
        }
        return out;
    }
    std::int64_t elapsed(std::int64_t a, std::int64_t b) const {
        if (b <= a) return 0;
        std::int64_t sum = 0;
        for (auto [lo, hi] : intervals(a / 86400 - 2, b / 86400 + 2))
            sum += std::max<std::int64_t>(0, std::min(hi, b) - std::max(lo, a));
        return sum;
    }
    std::int64_t add(std::int64_t s, std::int64_t d) const {
        if (d == 0) return s;
        for (std::int64_t day = s / 86400 - 2;; day += 30) {
            for (auto [lo, hi] : intervals(day, day + 29)) {
                lo = std::max(lo, s);
                if (hi <= lo) continue;
                if (d <= hi - lo) return lo + d;
                d -= hi - lo;
            }
        }
    }
};

struct Random {
    std::mt19937_64 rng;
    explicit Random(std::uint64_t seed) : rng(seed) {}
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    }
};

// A random calendar and its reference twin. Times fall on a quarter-hour grid and are drawn
// often from 00:00-04:00 so that DST gaps and overlaps are hit.
std::pair<Calendar, Reference> random_calendar(Random& r) {
    static const std::vector<std::string> zones{"Asia/Jakarta",        "UTC",
                                                "Europe/Berlin",       "America/New_York",
                                                "Australia/Lord_Howe", "America/Sao_Paulo",
                                                "Asia/Kolkata",        "Pacific/Chatham",
                                                "America/St_Johns",    "Europe/London"};
    static const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const auto& tz = zones[size_t(r.between(0, std::int64_t(zones.size()) - 1))];
    Reference ref{date::locate_zone(tz), {}, {}};
    CalendarSpec spec{tz, {}, {}};
    auto text = [](int s) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d:%02d", s / 3600, s % 3600 / 60);
        return std::string(buf);
    };
    bool any = false;
    while (!any) {
        spec.hours.clear();
        for (auto& w : ref.week)
            w.clear();
        for (int d = 0; d < 7; ++d) {
            std::vector<std::pair<std::string, std::string>> ivs;
            int t = r.between(0, 3) == 0 ? 0 : int(r.between(0, 16)) * 900;
            const int n = int(r.between(0, 3));
            for (int i = 0; i < n && t < 86400; ++i) {
                const int open = t + int(r.between(0, 8)) * 900;
                const int close = r.between(0, 5) == 0 ? 86400 : open + int(r.between(1, 40)) * 900;
                if (open >= 86400 || close > 86400) break;
                ivs.emplace_back(text(open), close == 86400 ? "24:00" : text(close));
                ref.week[size_t(d)].emplace_back(open, close);
                t = close + int(r.between(1, 12)) * 900;
                any = true;
            }
            spec.hours.emplace_back(days[d], ivs);
        }
    }
    // Touching intervals are merged by the compiler; the reference keeps them apart, which
    // is the same set of seconds.
    for (int i = 0, n = int(r.between(0, 12)); i < n; ++i) {
        const auto day = r.between(19700, 21000);  // 2023 .. 2027
        const date::year_month_day ymd{date::sys_days{date::days{day}}};
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                      unsigned(ymd.day()));
        spec.holidays.push_back(buf);
        ref.holidays.insert(day);
    }
    auto cal = Calendar::compile(spec);
    REQUIRE(cal.ok());
    return {std::move(cal.value()), std::move(ref)};
}

// Instants near DST transitions and midnights, in 2024 .. 2027.
std::int64_t random_instant(Random& r) {
    static const std::vector<std::int64_t> anchors{to_unix(*parse_rfc3339("2026-03-29T01:00:00Z")),
                                                   to_unix(*parse_rfc3339("2026-10-25T01:00:00Z")),
                                                   to_unix(*parse_rfc3339("2026-03-08T07:00:00Z")),
                                                   to_unix(*parse_rfc3339("2026-11-01T06:00:00Z")),
                                                   to_unix(*parse_rfc3339("2026-04-04T15:00:00Z")),
                                                   to_unix(*parse_rfc3339("2026-10-03T16:00:00Z"))};
    if (r.between(0, 2) == 0)
        return anchors[size_t(r.between(0, 5))] + r.between(-3 * 86400, 3 * 86400);
    return r.between(to_unix(*parse_rfc3339("2024-01-01T00:00:00Z")),
                     to_unix(*parse_rfc3339("2027-12-01T00:00:00Z")));
}

}  // namespace

TEST_CASE("properties over random calendars agree with the reference") {
    Random r(20261129);
    for (int c = 0; c < 400; ++c) {
        const auto [cal, ref] = random_calendar(r);
        INFO("calendar " << c << " in " << cal.timezone());
        for (int i = 0; i < 60; ++i) {
            const auto s = random_instant(r);
            const auto span =
                r.between(0, 3) == 0 ? r.between(0, 400 * 86400) : r.between(0, 9 * 86400);
            const auto d = r.between(0, 3) == 0 ? r.between(0, 3 * 86400) : r.between(0, 60 * 3600);
            INFO("start " << fmt(from_unix(s)) << " span " << span << " d " << d);
            // elapsed agrees with the reference
            REQUIRE(cal.elapsed(from_unix(s), from_unix(s + span)) == ref.elapsed(s, s + span));
            // add agrees, and is exact and the earliest such instant
            const auto t = cal.add(from_unix(s), d);
            REQUIRE(to_unix(t) == ref.add(s, d));
            REQUIRE(cal.elapsed(from_unix(s), t) == d);
            if (d > 0) REQUIRE(cal.elapsed(from_unix(s), t - std::chrono::seconds(1)) == d - 1);
            // monotone in d and in s
            const auto d2 = d + r.between(0, 7200);
            REQUIRE(cal.add(from_unix(s), d2) >= t);
            REQUIRE(cal.add(from_unix(s + r.between(0, 7200)), d) >= t);
            // additive over adjacent spans
            const auto m = s + r.between(0, span);
            REQUIRE(cal.elapsed(from_unix(s), from_unix(m)) +
                        cal.elapsed(from_unix(m), from_unix(s + span)) ==
                    cal.elapsed(from_unix(s), from_unix(s + span)));
        }
    }
}

TEST_CASE("on short spans elapsed is a second-by-second count of is_open") {
    Random r(7);
    for (int c = 0; c < 40; ++c) {
        const auto [cal, ref] = random_calendar(r);
        for (int i = 0; i < 3; ++i) {
            const auto a = random_instant(r);
            const auto b = a + r.between(0, 3 * 3600);
            std::int64_t open = 0;
            for (auto t = a; t < b; ++t)
                open += cal.is_open(from_unix(t));
            INFO(cal.timezone() << " " << fmt(from_unix(a)) << " .. " << fmt(from_unix(b)));
            REQUIRE(cal.elapsed(from_unix(a), from_unix(b)) == open);
        }
    }
}
