// Counters, gauges and histograms for GET /metrics, rendered in the Prometheus text format.
// Everything is lock-free atomics on the hot path; routes are registered once at start-up.
//
// Thread-safety: all members may be used from any thread after start-up.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "model/ticket.hpp"

namespace aduan {

class Histogram {
  public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    // Appends the _bucket, _sum and _count lines; `labels` is "" or `a="b",`.
    void render(std::string& out, const std::string& name, const std::string& labels) const;

  private:
    std::vector<double> bounds_;
    std::deque<std::atomic<std::uint64_t>> counts_;  // one per bound, plus +Inf
    std::atomic<std::uint64_t> count_{0};
    std::atomic<double> sum_{0};
};

class Metrics {
  public:
    Metrics();

    // Registers a route pattern ("/api/v1/tickets/{id}") and returns its index.
    std::size_t add_route(const std::string& method, const std::string& pattern);
    void request_done(std::size_t route, int status, std::chrono::nanoseconds latency);
    // A request that matched no route.
    void request_unrouted(int status);

    void connection_opened() { connections_.fetch_add(1, std::memory_order_relaxed); }
    void connection_closed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
    std::int64_t connections() const { return connections_.load(std::memory_order_relaxed); }

    void commit_batch(std::size_t size, std::chrono::nanoseconds duration);

    // Tickets per status: set at start-up from the store, then moved by committed changes.
    void set_ticket_counts(const std::array<std::int64_t, 5>& counts);
    void ticket_status_changed(std::optional<Status> from, Status to);

    // The live feed: clients connected now, frames handed to clients, clients closed for
    // falling behind.
    // Clients joined (+) or left (-) one of the live feeds; the gauge is their sum.
    void websocket_clients_changed(std::int64_t delta) {
        ws_clients_.fetch_add(delta, std::memory_order_relaxed);
    }
    void websocket_frames(std::uint64_t n) { ws_frames_.fetch_add(n, std::memory_order_relaxed); }
    void websocket_dropped() { ws_dropped_.fetch_add(1, std::memory_order_relaxed); }

    // Adds text rendered at the end of every scrape (gauges owned elsewhere). Before serving.
    void add_collector(std::function<void(std::string&)> collector) {
        collectors_.push_back(std::move(collector));
    }

    std::string render() const;

  private:
    static constexpr std::array<int, 15> kStatuses{200, 201, 204, 400, 401, 403, 404, 405,
                                                   409, 413, 415, 429, 500, 503, 0};
    struct Route {
        std::string method, pattern;
        std::array<std::atomic<std::uint64_t>, kStatuses.size()> by_status{};
        Histogram latency;
        Route(std::string m, std::string p);
    };
    static std::size_t status_index(int status);

    std::deque<Route> routes_;  // index = route id; deque keeps addresses stable
    std::array<std::atomic<std::uint64_t>, kStatuses.size()> unrouted_{};
    std::atomic<std::int64_t> connections_{0};
    Histogram batch_size_;
    Histogram commit_seconds_;
    std::array<std::atomic<std::int64_t>, 5> tickets_{};
    std::atomic<std::int64_t> ws_clients_{0};
    std::atomic<std::uint64_t> ws_frames_{0}, ws_dropped_{0};
    std::vector<std::function<void(std::string&)>> collectors_;
};

}  // namespace aduan
