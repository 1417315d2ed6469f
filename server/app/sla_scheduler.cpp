#include "app/sla_scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "runtime/thread_name.hpp"

namespace aduan {

void SlaScheduler::push_locked(std::int64_t ticket, const SlaColumns& sla) {
    auto& [generation, entries] = tickets_[ticket];
    generation = next_generation_++;
    for (const auto& at : {sla.fr.warn_at, sla.fr.breach_at, sla.res.warn_at, sla.res.breach_at}) {
        if (!at) continue;
        heap_.push({*at, ticket, generation});
        ++entries;
    }
    if (entries == 0) tickets_.erase(ticket);
}

void SlaScheduler::start(const std::vector<std::pair<std::int64_t, SlaColumns>>& open) {
    load(open);
    start();
}

void SlaScheduler::load(const std::vector<std::pair<std::int64_t, SlaColumns>>& open) {
    {
        // The heap in one pass (O(n), where n pushes cost O(n log n)): with a million tickets
        // this is on start-up's path.
        std::lock_guard lock(mu_);
        std::vector<Entry> entries;
        entries.reserve(open.size() * 2 + heap_.size());
        for (; !heap_.empty(); heap_.pop())  // anything watched before start
            entries.push_back(heap_.top());
        tickets_.reserve(open.size());
        for (const auto& [id, sla] : open) {
            auto& [generation, count] = tickets_[id];
            generation = next_generation_++;
            for (const auto& at :
                 {sla.fr.warn_at, sla.fr.breach_at, sla.res.warn_at, sla.res.breach_at})
                if (at) {
                    entries.push_back({*at, id, generation});
                    ++count;
                }
            if (count == 0) tickets_.erase(id);
        }
        heap_ = decltype(heap_)(std::greater<Entry>(), std::move(entries));
    }
}

void SlaScheduler::start() {
    thread_ = std::thread([this] {
        name_this_thread("sla-timer");
        run();
    });
}

void SlaScheduler::watch(std::int64_t ticket_id, const SlaColumns& sla) {
    bool sooner;
    {
        std::lock_guard lock(mu_);
        const std::optional<Instant> before =
            heap_.empty() ? std::nullopt : std::optional(heap_.top().at);
        push_locked(ticket_id, sla);
        // The thread sleeps until the earliest instant; only an earlier one needs to wake it.
        // (A new ticket's deadlines are hours away: under load this saves a thread wake-up
        // per change.)
        sooner = !heap_.empty() && (!before || heap_.top().at < *before);
    }
    if (sooner) cv_.notify_one();
}

void SlaScheduler::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void SlaScheduler::clock_moved() {
    // Under the lock: the thread is then either waiting (and woken) or yet to read the clock.
    { std::lock_guard lock(mu_); }
    cv_.notify_one();
}

std::size_t SlaScheduler::pending() const {
    std::lock_guard lock(mu_);
    return heap_.size();
}

void SlaScheduler::run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
        if (heap_.empty()) {
            cv_.wait(lock);
            continue;
        }
        const auto next = heap_.top().at;
        if (const auto now = clock_(); now < next) {
            // At most a minute at a time: the system clock may be set while it sleeps.
            cv_.wait_for(lock, std::min<std::chrono::seconds>(next - now, std::chrono::minutes(1)));
            continue;
        }
        const Entry e = heap_.top();
        heap_.pop();
        auto it = tickets_.find(e.ticket);
        if (it == tickets_.end()) continue;
        const bool current = it->second.first == e.generation;
        if (--it->second.second == 0 && current) tickets_.erase(it);
        if (!current) continue;  // a later change rescheduled this ticket
        lock.unlock();
        const bool accepted = fire_(e.ticket);
        lock.lock();
        if (!accepted) {
            // The writer is full: try again in a second, unless a change has rescheduled the
            // ticket meanwhile.
            auto& [generation, entries] = tickets_[e.ticket];
            if (entries == 0) generation = e.generation;
            if (generation == e.generation) {
                heap_.push({clock_() + std::chrono::seconds(1), e.ticket, e.generation});
                ++entries;
            }
        }
    }
}

}  // namespace aduan
