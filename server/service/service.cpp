#include "service/service.hpp"

#include <fmt/format.h>

#include <chrono>

#include "app/startup.hpp"
#include "net/http_server.hpp"
#include "service/access.hpp"

namespace aduan {

namespace {

using Steady = std::chrono::steady_clock;

long long lap(Steady::time_point& mark) {
    const auto now = Steady::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - mark).count();
    mark = now;
    return ms;
}

// The feeds take credentials sent in-band after the upgrade.
std::function<std::optional<Identity>(std::string_view)> by_token(const Authenticator& auth) {
    return [&auth](std::string_view token) { return auth.by_token(token); };
}

}  // namespace

Service::Service(Config config)
    : config_(std::move(config)),
      writer_(config_.db, {config_.limits.writer_max_batch, config_.limits.writer_max_queue}),
      readers_(config_.db, config_.limits.reader_threads, config_.limits.reader_max_queue),
      auth_(config_.db, writer_, config_.auth),
      tickets_(config_, writer_, readers_),
      scheduler_([this](std::int64_t id) { return tickets_.record_sla_events(id); }),
      wallboard_(config_),
      board_source_(wallboard_),
      wallboard_feed_(board_source_, config_.limits, metrics_, by_token(auth_),
                      access::wallboard_viewers()),
      console_feed_(tickets_source_, config_.limits, metrics_, by_token(auth_),
                    access::ticket_readers()),
      exports_(config_.limits.reports_max_running) {
    auto mark = constructed_;
    writer_.on_batch(
        [this](std::size_t n, std::chrono::nanoseconds d) { metrics_.commit_batch(n, d); });
    startup_.open_ms = lap(mark);
    startup::complete_sla_summaries(writer_, readers_, config_);
    startup::count_tickets(readers_, metrics_);
    startup_.summaries_ms = lap(mark);

    // Committed changes, in this order: the status gauge, the SLA timers, the board (which
    // tells its feed), the console's feed.
    tickets_.add_listener([this](const TicketChange& c) {
        if (!c.before) {
            metrics_.ticket_status_changed(std::nullopt, c.after.status);
        } else if (c.before->status != c.after.status) {
            metrics_.ticket_status_changed(c.before->status, c.after.status);
        }
    });
    tickets_.add_listener([this](const TicketChange& c) {
        if (c.sla) scheduler_.watch(c.after.id, *c.sla);
    });
    wallboard_.follow(tickets_);
    publish_board(wallboard_, wallboard_feed_);
    publish_ticket_changes(tickets_, console_feed_);
    metrics_.add_collector([this](std::string& out) {
        const auto clocks = wallboard_.open_clocks();
        out += "# HELP aduan_sla_clocks SLA clocks of open tickets by metric and status.\n";
        out += "# TYPE aduan_sla_clocks gauge\n";
        for (std::size_t m = 0; m < 2; ++m)
            for (std::size_t k = 0; k < 5; ++k)
                out += fmt::format("aduan_sla_clocks{{metric=\"{}\",status=\"{}\"}} {}\n",
                                   to_string(Metric(m)), sla::to_string(sla::ClockStatus(k)),
                                   clocks[m][k]);
    });

    const auto restored = startup::restore_board_and_timers(readers_, wallboard_, scheduler_);
    startup_.read_ms = restored.read_ms;
    startup_.restore_ms = restored.restore_ms;
    lap(mark);
    wallboard_feed_.start();
    console_feed_.start();
    auth_.warm_up();
    startup_.restore_ms += lap(mark);
    startup_.total_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - constructed_).count();
}

Service::~Service() {
    stop();
}

void Service::attach(net::HttpServer& server) {
    writer_.set_completion_runner(server.serial_runner());
    server.on_shutdown([this] {
        wallboard_feed_.close_all();
        console_feed_.close_all();
    });
}

void Service::stop() {
    wallboard_feed_.stop();
    console_feed_.stop();
    scheduler_.stop();
    auth_.stop();
    writer_.stop();
    readers_.stop();
}

}  // namespace aduan
