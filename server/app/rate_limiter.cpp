#include "app/rate_limiter.hpp"

#include <cmath>

namespace aduan {

void RateLimiter::refill(Bucket& b, Clock::time_point now) const {
    const double gained =
        std::chrono::duration<double>(now - b.at).count() / double(refill_.count());
    b.tokens = std::min(double(burst_), b.tokens + gained);
    b.at = now;
}

std::chrono::seconds RateLimiter::wait(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mu_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) return std::chrono::seconds(0);
    refill(it->second, now);
    if (it->second.tokens >= 1) return std::chrono::seconds(0);
    const double missing = (1 - it->second.tokens) * double(refill_.count());
    // Less a microsecond: 10.000000001 s of rounding error is 10 s, not 11.
    return std::chrono::seconds(
        std::max<long long>(1, static_cast<long long>(std::ceil(missing - 1e-6))));
}

void RateLimiter::failed(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mu_);
    if (buckets_.size() >= max_keys_) prune(now);
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{double(burst_), now});
    if (!fresh) refill(it->second, now);
    it->second.tokens = std::max(0.0, it->second.tokens - 1);
}

void RateLimiter::prune(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        refill(it->second, now);
        it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    // Still full of busy buckets (an attack from very many addresses): start over rather
    // than grow without bound.
    if (buckets_.size() >= max_keys_) buckets_.clear();
}

}  // namespace aduan
