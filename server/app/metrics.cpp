#include "app/metrics.hpp"

#include <fmt/format.h>

namespace aduan {

namespace {

std::vector<double> latency_bounds() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1) {}

void Histogram::observe(double v) {
    size_t i = 0;
    while (i < bounds_.size() && v > bounds_[i])
        ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    double cur = sum_.load(std::memory_order_relaxed);
    while (!sum_.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {
    }
}

void Histogram::render(std::string& out, const std::string& name, const std::string& labels) const {
    std::uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
        cumulative += counts_[i].load(std::memory_order_relaxed);
        const std::string le = i < bounds_.size() ? fmt::format("{}", bounds_[i]) : "+Inf";
        out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, labels, le, cumulative);
    }
    std::string bare = labels;
    if (!bare.empty()) bare.pop_back();  // trailing comma
    const std::string braces = bare.empty() ? "" : "{" + bare + "}";
    out += fmt::format("{}_sum{} {}\n", name, braces, sum_.load(std::memory_order_relaxed));
    out += fmt::format("{}_count{} {}\n", name, braces, count_.load(std::memory_order_relaxed));
}

Metrics::Route::Route(std::string m, std::string p)
    : method(std::move(m)), pattern(std::move(p)), latency(latency_bounds()) {}

Metrics::Metrics()
    : batch_size_({1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}),
      commit_seconds_({0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1}) {}

std::size_t Metrics::add_route(const std::string& method, const std::string& pattern) {
    routes_.emplace_back(method, pattern);
    return routes_.size() - 1;
}

std::size_t Metrics::status_index(int status) {
    for (size_t i = 0; i + 1 < kStatuses.size(); ++i)
        if (kStatuses[i] == status) return i;
    return kStatuses.size() - 1;
}

void Metrics::request_done(std::size_t route, int status, std::chrono::nanoseconds latency) {
    auto& r = routes_[route];
    r.by_status[status_index(status)].fetch_add(1, std::memory_order_relaxed);
    r.latency.observe(std::chrono::duration<double>(latency).count());
}

void Metrics::request_unrouted(int status) {
    unrouted_[status_index(status)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::commit_batch(std::size_t size, std::chrono::nanoseconds duration) {
    batch_size_.observe(double(size));
    commit_seconds_.observe(std::chrono::duration<double>(duration).count());
}

void Metrics::set_ticket_counts(const std::array<std::int64_t, 5>& counts) {
    for (size_t i = 0; i < counts.size(); ++i)
        tickets_[i].store(counts[i]);
}

void Metrics::ticket_status_changed(std::optional<Status> from, Status to) {
    if (from) tickets_[size_t(*from)].fetch_sub(1, std::memory_order_relaxed);
    tickets_[size_t(to)].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render() const {
    std::string out;
    out += "# HELP aduan_http_requests_total HTTP requests answered, by route and status.\n";
    out += "# TYPE aduan_http_requests_total counter\n";
    auto status_label = [](size_t i) {
        return kStatuses[i] ? std::to_string(kStatuses[i]) : std::string("other");
    };
    for (const auto& r : routes_)
        for (size_t i = 0; i < kStatuses.size(); ++i)
            if (auto n = r.by_status[i].load(std::memory_order_relaxed))
                out += fmt::format(
                    "aduan_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                    r.method, r.pattern, status_label(i), n);
    for (size_t i = 0; i < kStatuses.size(); ++i)
        if (auto n = unrouted_[i].load(std::memory_order_relaxed))
            out += fmt::format(
                "aduan_http_requests_total{{method=\"\",route=\"\",status=\"{}\"}} {}\n",
                status_label(i), n);
    out +=
        "# HELP aduan_http_request_duration_seconds Time from a request's header to its "
        "response.\n";
    out += "# TYPE aduan_http_request_duration_seconds histogram\n";
    for (const auto& r : routes_)
        r.latency.render(out, "aduan_http_request_duration_seconds",
                         fmt::format("method=\"{}\",route=\"{}\",", r.method, r.pattern));
    out += "# HELP aduan_http_connections Open HTTP connections.\n";
    out += "# TYPE aduan_http_connections gauge\n";
    out += fmt::format("aduan_http_connections {}\n", connections());
    out += "# HELP aduan_tickets Tickets by status.\n";
    out += "# TYPE aduan_tickets gauge\n";
    for (size_t i = 0; i < tickets_.size(); ++i)
        out += fmt::format("aduan_tickets{{status=\"{}\"}} {}\n", to_string(Status(i)),
                           tickets_[i].load(std::memory_order_relaxed));
    out += "# HELP aduan_commit_batch_size Changes applied per group commit.\n";
    out += "# TYPE aduan_commit_batch_size histogram\n";
    batch_size_.render(out, "aduan_commit_batch_size", "");
    out += "# HELP aduan_commit_duration_seconds Time to apply and commit one batch.\n";
    out += "# TYPE aduan_commit_duration_seconds histogram\n";
    commit_seconds_.render(out, "aduan_commit_duration_seconds", "");
    out +=
        "# HELP aduan_websocket_clients Clients connected to the live feeds (wallboard, "
        "console).\n";
    out += "# TYPE aduan_websocket_clients gauge\n";
    out += fmt::format("aduan_websocket_clients {}\n", ws_clients_.load(std::memory_order_relaxed));
    out += "# HELP aduan_websocket_frames_total Frames handed to live feed clients.\n";
    out += "# TYPE aduan_websocket_frames_total counter\n";
    out += fmt::format("aduan_websocket_frames_total {}\n",
                       ws_frames_.load(std::memory_order_relaxed));
    out += "# HELP aduan_websocket_dropped_total Live feed clients closed for falling behind.\n";
    out += "# TYPE aduan_websocket_dropped_total counter\n";
    out += fmt::format("aduan_websocket_dropped_total {}\n",
                       ws_dropped_.load(std::memory_order_relaxed));
    for (const auto& c : collectors_)
        c(out);
    return out;
}

}  // namespace aduan
