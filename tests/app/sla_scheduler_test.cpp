#include "app/sla_scheduler.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

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

}  // namespace

TEST_CASE("the SLA scheduler wakes for a deadline earlier than the one it sleeps until") {
    Fired fired;
    SlaScheduler scheduler(fired.recorder());
    const Instant now = now_utc();
    scheduler.start({{1, breaching_at(now + std::chrono::hours(1))}});
    scheduler.watch(2, breaching_at(now + std::chrono::hours(2)));  // later: no need to wake
    scheduler.watch(3, breaching_at(now + std::chrono::seconds(1)));
    REQUIRE(fired.wait_for(3, std::chrono::seconds(10)));
    CHECK(fired.seen() == std::vector<std::int64_t>{3});
    CHECK(scheduler.pending() == 2);
    scheduler.stop();
}

TEST_CASE("the SLA scheduler fires what is already due at once, and a rescheduled ticket once") {
    Fired fired;
    SlaScheduler scheduler(fired.recorder());
    const Instant now = now_utc();
    scheduler.start({});
    scheduler.watch(7, breaching_at(now + std::chrono::hours(1)));
    scheduler.watch(7, breaching_at(now - std::chrono::seconds(5)));  // replaces the first
    REQUIRE(fired.wait_for(7, std::chrono::seconds(10)));
    scheduler.watch(8, breaching_at(now - std::chrono::seconds(1)));
    REQUIRE(fired.wait_for(8, std::chrono::seconds(10)));
    CHECK(fired.seen() == std::vector<std::int64_t>{7, 8});
    scheduler.stop();
}
