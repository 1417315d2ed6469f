// The sign-in rate limiter's token buckets (app/rate_limiter), on a clock the test moves.
#include "app/rate_limiter.hpp"

#include <catch2/catch.hpp>

using namespace aduan;
using namespace std::chrono_literals;

TEST_CASE("a bucket lets `burst` failures through, then one per refill") {
    RateLimiter limiter(3, 30s);
    const auto t0 = RateLimiter::Clock::time_point{} + 1000h;
    CHECK(limiter.wait("siti", t0) == 0s);
    for (int i = 0; i < 3; ++i)
        limiter.failed("siti", t0);
    CHECK(limiter.wait("siti", t0) == 30s);
    CHECK(limiter.wait("siti", t0 + 20s) == 10s);
    CHECK(limiter.wait("siti", t0 + 30s) == 0s);
    limiter.failed("siti", t0 + 30s);
    CHECK(limiter.wait("siti", t0 + 30s) == 30s);
    // Another key is not touched.
    CHECK(limiter.wait("budi", t0) == 0s);
}

TEST_CASE("a bucket refills to its burst and no further") {
    RateLimiter limiter(2, 10s);
    const auto t0 = RateLimiter::Clock::time_point{} + 1000h;
    limiter.failed("x", t0);
    limiter.failed("x", t0);
    // Long after: full again, but only two tries' worth.
    limiter.failed("x", t0 + 1h);
    CHECK(limiter.wait("x", t0 + 1h) == 0s);
    limiter.failed("x", t0 + 1h);
    CHECK(limiter.wait("x", t0 + 1h) == 10s);
}

TEST_CASE("memory stays bounded: full buckets are forgotten first, then all") {
    RateLimiter limiter(1, 10s, 4);
    const auto t0 = RateLimiter::Clock::time_point{} + 1000h;
    for (int i = 0; i < 4; ++i)
        limiter.failed("k" + std::to_string(i), t0);
    // k0..k3 refill after 10 s; a fifth key then makes room by forgetting them.
    limiter.failed("k4", t0 + 11s);
    CHECK(limiter.wait("k0", t0 + 11s) == 0s);
    CHECK(limiter.wait("k4", t0 + 11s) == 10s);
    // Every bucket busy: the limiter starts over rather than grow.
    for (int i = 5; i < 12; ++i)
        limiter.failed("k" + std::to_string(i), t0 + 11s);
    CHECK(limiter.wait("k11", t0 + 11s) == 10s);
    CHECK(limiter.wait("k4", t0 + 11s) == 0s);  // forgotten in the start-over
}
