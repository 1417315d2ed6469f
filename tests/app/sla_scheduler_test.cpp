#include "app/sla_scheduler.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "support/eventually.hpp"

using namespace aduan;

namespace {

// Records what the scheduler fires, and lets a test wait for it.
struct Fired {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::int64_t> ids;

    bool wait_for(std::int64_t id, std::chrono::seconds timeout) {
        std::unique_lock lock(mu);
        return cv.wait_for(lock, timeout, [&] {
            for (auto i : ids)
                if (i == id) return true;
            return false;
        });
    }
    std::vector<std::int64_t> seen() {
        std::lock_guard lock(mu);
        return ids;
    }
    // What the scheduler calls: records the ticket, accepted.
    SlaScheduler::Fire recorder() {
        return [this](std::int64_t id) {
            {
                std::lock_guard lock(mu);
                ids.push_back(id);
            }
            cv.notify_all();
            return true;
        };
    }
};

SlaColumns breaching_at(Instant at) {
    SlaColumns c;
    c.policy = "test";
    c.res.breach_at = at;
    return c;
}

// A clock the test moves by hand: the scheduler never waits on real time here.
struct ManualClock {
    std::atomic<Instant> now{Instant(std::chrono::seconds(1'800'000'000))};
    SlaScheduler::Clock clock() {
        return [this] { return now.load(); };
    }
};

}  // namespace

TEST_CASE("the SLA scheduler wakes for a deadline earlier than the one it sleeps until") {
    Fired fired;
    ManualClock time;
    SlaScheduler scheduler(fired.recorder(), time.clock());
    const Instant t0 = time.now;
    scheduler.start({{1, breaching_at(t0 + std::chrono::hours(1))}});
    // The clock moves on without telling the scheduler: only a watch can wake it now.
    time.now = t0 + std::chrono::seconds(1);
    scheduler.watch(2, breaching_at(t0 + std::chrono::hours(2)));  // later: no need to wake
    scheduler.watch(3, breaching_at(t0 + std::chrono::seconds(1)));
    REQUIRE(fired.wait_for(3, std::chrono::seconds(10)));
    CHECK(fired.seen() == std::vector<std::int64_t>{3});
    CHECK(scheduler.pending() == 2);
    scheduler.stop();
}

TEST_CASE("the SLA scheduler fires what is already due at once, and a rescheduled ticket once") {
    Fired fired;
    ManualClock time;
    SlaScheduler scheduler(fired.recorder(), time.clock());
    const Instant now = time.now;
    scheduler.start({});
    scheduler.watch(7, breaching_at(now + std::chrono::hours(1)));
    scheduler.watch(7, breaching_at(now - std::chrono::seconds(5)));  // replaces the first
    REQUIRE(fired.wait_for(7, std::chrono::seconds(10)));
    scheduler.watch(8, breaching_at(now - std::chrono::seconds(1)));
    REQUIRE(fired.wait_for(8, std::chrono::seconds(10)));
    CHECK(fired.seen() == std::vector<std::int64_t>{7, 8});
    scheduler.stop();
}

TEST_CASE("the SLA scheduler fires each deadline when the clock reaches it, in order") {
    Fired fired;
    ManualClock time;
    SlaScheduler scheduler(fired.recorder(), time.clock());
    const Instant t0 = time.now;
    scheduler.start({{1, breaching_at(t0 + std::chrono::hours(2))},
                     {2, breaching_at(t0 + std::chrono::hours(1))}});
    time.now = t0 + std::chrono::minutes(59);
    scheduler.clock_moved();
    time.now = t0 + std::chrono::hours(1);
    scheduler.clock_moved();
    REQUIRE(fired.wait_for(2, std::chrono::seconds(10)));
    CHECK(fired.seen() == std::vector<std::int64_t>{2});
    time.now = t0 + std::chrono::hours(3);
    scheduler.clock_moved();
    REQUIRE(fired.wait_for(1, std::chrono::seconds(10)));
    CHECK(fired.seen() == std::vector<std::int64_t>{2, 1});
    CHECK(scheduler.pending() == 0);
    scheduler.stop();
}

TEST_CASE("the SLA scheduler tries again a second later when the writer refuses") {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::int64_t> calls;
    ManualClock time;
    SlaScheduler scheduler(
        [&](std::int64_t id) {
            std::lock_guard lock(mu);
            calls.push_back(id);
            cv.notify_all();
            return calls.size() > 1;  // the first attempt finds the writer full
        },
        time.clock());
    const Instant t0 = time.now;
    scheduler.start({{5, breaching_at(t0)}});
    auto wait_calls = [&](std::size_t n) {
        std::unique_lock lock(mu);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] { return calls.size() >= n; });
    };
    REQUIRE(wait_calls(1));
    test::eventually([&] { return scheduler.pending(); }, [](std::size_t n) { return n == 1; },
                     std::chrono::seconds(10), "the retry, a second on, to be scheduled");
    time.now = t0 + std::chrono::seconds(1);
    scheduler.clock_moved();
    REQUIRE(wait_calls(2));
    CHECK(calls == std::vector<std::int64_t>{5, 5});
    scheduler.stop();
}
