// Token buckets keyed by string (a username, a client address): each failure takes a token;
// tokens come back one every `refill`, up to `burst`. An empty bucket refuses until its next
// token, so a stranger who keeps guessing a username slows that username to one attempt per
// `refill` but never locks it for longer than that.
//
// Memory is bounded: at most `max_keys` buckets; full buckets are forgotten first.
// Thread-safety: all members may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace aduan {

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(int burst, std::chrono::seconds refill, std::size_t max_keys = 100000)
        : burst_(burst), refill_(refill), max_keys_(max_keys) {}

    // Zero when `key` may try now; otherwise the seconds until it may (at least 1).
    std::chrono::seconds wait(const std::string& key, Clock::time_point now = Clock::now());
    // Records a failure for `key`.
    void failed(const std::string& key, Clock::time_point now = Clock::now());

  private:
    struct Bucket {
        double tokens;
        Clock::time_point at;
    };
    void refill(Bucket& b, Clock::time_point now) const;
    void prune(Clock::time_point now);

    const int burst_;
    const std::chrono::seconds refill_;
    const std::size_t max_keys_;
    std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace aduan
