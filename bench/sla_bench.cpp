// SLA arithmetic benchmark (spec section 11): add and elapsed per second on one core for
// spans up to a week, and the cost of a ten-year span against a one-hour span.
// Usage: sla_bench   (prints one line per measurement; medians of 7 runs)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "sla/calendar.hpp"

using namespace aduan;
using namespace aduan::sla;

namespace {

using Hours = std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>;

Calendar office(const std::string& tz) {
    Hours h{{"mon", {{"08:00", "12:00"}, {"13:00", "17:00"}}},
            {"tue", {{"08:00", "17:00"}}},
            {"wed", {{"08:00", "17:00"}}},
            {"thu", {{"08:00", "17:00"}}},
            {"fri", {{"08:00", "17:00"}}}};
    std::vector<std::string> holidays;
    for (int y = 2026; y <= 2037; ++y)
        for (const char* md :
             {"-01-01", "-03-20", "-05-01", "-05-14", "-06-01", "-08-17", "-12-25"})
            holidays.push_back(std::to_string(y) + md);
    return std::move(Calendar::compile({tz, h, holidays}).value());
}

template <typename F>
double median_ns(int n, F&& f) {
    std::vector<double> runs;
    for (int r = 0; r < 7; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        runs.push_back(
            std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0)
                .count() /
            n);
    }
    std::sort(runs.begin(), runs.end());
    return runs[3];
}

volatile std::int64_t g_sink;

void measure(const char* name, const Calendar& cal) {
    std::mt19937_64 rng(1);
    const std::int64_t base = to_unix(*parse_rfc3339("2026-01-01T00:00:00Z"));
    constexpr int kN = 200000;
    std::vector<std::int64_t> starts(kN), spans(kN), hour(kN);
    for (int i = 0; i < kN; ++i) {
        starts[size_t(i)] = base + std::int64_t(rng() % (365 * 86400));
        spans[size_t(i)] = std::int64_t(rng() % (7 * 86400));  // up to a week of wall time
        hour[size_t(i)] =
            std::int64_t(rng() % (cal.week_seconds()));  // up to a week of business time
    }
    const double add_ns = median_ns(kN, [&] {
        std::int64_t s = 0;
        for (int i = 0; i < kN; ++i)
            s += to_unix(cal.add(from_unix(starts[size_t(i)]), hour[size_t(i)]));
        g_sink = s;
    });
    const double elapsed_ns = median_ns(kN, [&] {
        std::int64_t s = 0;
        for (int i = 0; i < kN; ++i)
            s += cal.elapsed(from_unix(starts[size_t(i)]),
                             from_unix(starts[size_t(i)] + spans[size_t(i)]));
        g_sink = s;
    });
    const double add_1h = median_ns(kN, [&] {
        std::int64_t s = 0;
        for (int i = 0; i < kN; ++i)
            s += to_unix(cal.add(from_unix(starts[size_t(i)]), 3600));
        g_sink = s;
    });
    const std::int64_t ten_years_business = 10 * 52 * cal.week_seconds();
    const double add_10y = median_ns(kN, [&] {
        std::int64_t s = 0;
        for (int i = 0; i < kN; ++i)
            s += to_unix(cal.add(from_unix(starts[size_t(i)]), ten_years_business));
        g_sink = s;
    });
    const double el_1h = median_ns(kN, [&] {
        std::int64_t s = 0;
        for (int i = 0; i < kN; ++i)
            s += cal.elapsed(from_unix(starts[size_t(i)]), from_unix(starts[size_t(i)] + 3600));
        g_sink = s;
    });
    const double el_10y = median_ns(kN, [&] {
        std::int64_t s = 0;
        for (int i = 0; i < kN; ++i)
            s += cal.elapsed(from_unix(starts[size_t(i)]),
                             from_unix(starts[size_t(i)] + 3652 * 86400LL));
        g_sink = s;
    });
    std::printf(
        "%-28s add(<=1 week) %6.1f ns = %5.2f M/s | elapsed(<=1 week) %6.1f ns = %5.2f M/s\n", name,
        add_ns, 1e3 / add_ns, elapsed_ns, 1e3 / elapsed_ns);
    std::printf(
        "%-28s add 1h %6.1f ns, 10y %6.1f ns (x%.2f) | elapsed 1h %6.1f ns, 10y %6.1f ns (x%.2f)\n",
        name, add_1h, add_10y, add_10y / add_1h, el_1h, el_10y, el_10y / el_1h);
}

}  // namespace

int main() {
    measure("office, Asia/Jakarta", office("Asia/Jakarta"));
    measure("office, Europe/Berlin (DST)", office("Europe/Berlin"));
    Hours all;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        all.push_back({d, {{"00:00", "24:00"}}});
    measure("24x7, Asia/Jakarta", std::move(Calendar::compile({"Asia/Jakarta", all, {}}).value()));
}
