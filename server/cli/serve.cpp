// aduan serve: wires configuration, storage, the ticket service and the HTTP server, and
// shuts them down in order: the server drains its connections, then the writer commits what
// is queued, then the readers stop.
#include <fmt/format.h>
#include <jemalloc/jemalloc.h>

#include <csignal>

#include <cstdio>

#include <future>
#include <thread>

#include "app/auth.hpp"
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/metrics.hpp"
#include "app/sla_scheduler.hpp"
#include "app/ticket_ops.hpp"
#include "app/ticket_service.hpp"
#include "app/wallboard.hpp"
#include "cli/args.hpp"
#include "cli/common.hpp"
#include "cli/demo.hpp"
#include "common/log.hpp"
#include "net/http_server.hpp"
#include "net/live_feed.hpp"
#include "net/routes.hpp"
#include "storage/reader_pool.hpp"
#include "storage/ticket_store.hpp"
#include "storage/writer.hpp"
#include "wire/config_json.hpp"

namespace aduan::cli {

namespace {

// Runs `query` on a reader and waits for its answer; for start-up only.
template <typename T>
T read_now(storage::ReaderPool& readers, std::function<T(storage::Connection&)> query) {
    std::promise<Result<T>> answer;
    readers.submit<T>([&query](storage::Connection& c) -> Result<T> { return query(c); },
                      [&answer](Result<T> r) { answer.set_value(std::move(r)); });
    auto r = answer.get_future().get();
    if (!r.ok()) throw std::runtime_error("cannot read the store: " + r.error().message);
    return std::move(r.value());
}

// Computes the SLA summary of tickets stored without one (by a version before migration 4),
// before anything reads the summaries.
void complete_sla_summaries(storage::Writer& writer, storage::ReaderPool& readers,
                            const Config& config) {
    const auto ids = read_now<std::vector<std::int64_t>>(
        readers, [](storage::Connection& c) { return storage::tickets_without_sla_summary(c); });
    if (ids.empty()) return;
    log::info("serve.completing_sla_summaries", {{"tickets", ids.size()}});
    constexpr std::size_t kChunk = 500;
    std::vector<std::future<Result<Ok>>> done;
    for (std::size_t i = 0; i < ids.size(); i += kChunk) {
        auto promise = std::make_shared<std::promise<Result<Ok>>>();
        done.push_back(promise->get_future());
        std::vector<std::int64_t> chunk(ids.begin() + long(i),
                                        ids.begin() + long(std::min(ids.size(), i + kChunk)));
        while (!writer.submit<Ok>(
            [&config, chunk](storage::Connection& c) -> Result<Ok> {
                for (auto id : chunk) {
                    auto r = ops::record_sla_events(c, *config.policies, id, now_utc());
                    if (!r.ok()) return r.take_error();
                }
                return Ok{};
            },
            [promise](Result<Ok> r) { promise->set_value(std::move(r)); }))
            std::this_thread::yield();  // the queue is full: let the writer drain it
    }
    for (auto& f : done)
        if (auto r = f.get(); !r.ok())
            throw std::runtime_error("cannot complete SLA summaries: " + r.error().message);
}

}  // namespace

int serve(int argc, char** argv) {
    Args args(argc, argv, 2, {"--config", "--db", "--listen"}, {"--baseline", "--demo"});
    if (!args.positional().empty()) throw UsageError("unexpected argument " + args.positional()[0]);
    const bool demo = args.flag("--demo");

    Config config = load_config(args);
    if (demo && !args.get("--config")) {
        // Minute-long SLA targets, so that the demo shows warnings and breaches soon.
        Config d = demo_config();
        d.db = config.db;
        config = std::move(d);
    }
    if (auto listen = args.get("--listen")) config.listen = *listen;

    // Start-up phases, timed for the serve.started log line.
    const auto began = std::chrono::steady_clock::now();
    auto mark = began;
    auto lap = [&mark] {
        const auto now = std::chrono::steady_clock::now();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - mark).count();
        mark = now;
        return ms;
    };
    crypto::init();
    // Standard output may be a pipe that a supervisor stopped reading after the address line:
    // a later line (the demo's) must not kill the service.
    std::signal(SIGPIPE, SIG_IGN);
    Metrics metrics;
    storage::Writer writer(config.db,
                           {config.limits.writer_max_batch, config.limits.writer_max_queue});
    writer.on_batch(
        [&metrics](std::size_t n, std::chrono::nanoseconds d) { metrics.commit_batch(n, d); });
    storage::ReaderPool readers(config.db, config.limits.reader_threads,
                                config.limits.reader_max_queue);

    const auto open_ms = lap();
    complete_sla_summaries(writer, readers, config);

    // Counters start from the store, then follow committed changes.
    metrics.set_ticket_counts(read_now<std::array<std::int64_t, 5>>(
        readers, [](storage::Connection& c) { return storage::count_by_status(c); }));

    TicketService tickets(config, writer, readers);
    tickets.add_listener([&metrics](const TicketChange& c) {
        if (!c.before) {
            metrics.ticket_status_changed(std::nullopt, c.after.status);
        } else if (c.before->status != c.after.status) {
            metrics.ticket_status_changed(c.before->status, c.after.status);
        }
    });

    // Live SLA events: the scheduler follows every committed change and, at start, the open
    // tickets in the store (catching up what fell due while the service was down).
    SlaScheduler scheduler([&tickets](std::int64_t id) { return tickets.record_sla_events(id); });
    tickets.add_listener([&scheduler](const TicketChange& c) {
        if (c.sla) scheduler.watch(c.after.id, *c.sla);
    });
    const auto summaries_ms = lap();
    std::optional<DemoAccess> demo_access;
    if (demo) demo_access = provision_demo(config.db);
    Authenticator auth(config.db, writer, config.auth);
    const auto auth_ms = lap();

    // The wallboard: counts restored from the store, then kept from committed changes, which
    // the live feed also turns into frames for its clients. The same read gives the SLA
    // scheduler the open tickets' clocks.
    Wallboard wallboard(config);
    const auto since = wallboard.today_start();
    auto rows = read_now<std::vector<TicketSummary>>(readers, [since](storage::Connection& c) {
        return storage::open_or_active_since(c, since);
    });
    const auto read_ms = lap();
    wallboard.restore(rows);
    std::vector<std::pair<std::int64_t, SlaColumns>> open;
    for (const auto& r : rows)
        if ((r.status == Status::kNew || r.status == Status::kOpen ||
             r.status == Status::kPending) &&
            !r.sla.policy.empty())
            open.emplace_back(r.id, r.sla);
    net::WallboardSource board_source(wallboard);
    net::LiveFeed feed(
        board_source, config.limits, metrics,
        [&auth](std::string_view token) { return auth.by_token(token); },
        net::access::wallboard_viewers());
    tickets.add_listener([&feed](const TicketChange& c) { feed.on_change(c); });
    // The console's feed: every committed change of a ticket, for agents and up.
    net::TicketsSource tickets_source;
    net::LiveFeed console_feed(
        tickets_source, config.limits, metrics,
        [&auth](std::string_view token) { return auth.by_token(token); },
        net::access::ticket_readers());
    tickets.add_listener([&console_feed](const TicketChange& c) { console_feed.on_change(c); });
    metrics.add_collector([&wallboard](std::string& out) {
        const auto clocks = wallboard.open_clocks();
        out += "# HELP aduan_sla_clocks SLA clocks of open tickets by metric and status.\n";
        out += "# TYPE aduan_sla_clocks gauge\n";
        for (std::size_t m = 0; m < 2; ++m)
            for (std::size_t k = 0; k < 5; ++k)
                out += fmt::format("aduan_sla_clocks{{metric=\"{}\",status=\"{}\"}} {}\n",
                                   m == 0 ? "first_response" : "resolution",
                                   sla::to_string(sla::ClockStatus(k)), clocks[m][k]);
    });

    scheduler.start(open);
    // What was read to restore the board and the timers is not needed any more: give it back
    // (with a million tickets it is tens of megabytes).
    std::vector<TicketSummary>().swap(rows);
    std::vector<std::pair<std::int64_t, SlaColumns>>().swap(open);
    // The binary allocates with jemalloc (see server/CMakeLists.txt): purge its arenas.
    const std::string purge = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
    ::mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
    feed.start();
    console_feed.start();
    const auto restore_ms = lap();

    // Report downloads run on threads of their own; this outlives the server, whose
    // connections going away stop any still running.
    ExportJobs exports(config.limits.reports_max_running);
    net::Router router(metrics, net::authenticate_with(auth));
    net::add_all_routes(router, tickets, auth, config, metrics, feed, console_feed, exports,
                        {args.flag("--baseline")});

    net::HttpServer server(config.limits, router, metrics);
    writer.set_completion_runner(server.serial_runner());
    server.on_shutdown([&feed, &console_feed] {
        feed.close_all();
        console_feed.close_all();
    });
    std::string bound;
    try {
        bound = server.listen(config.listen);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const auto startup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - began)
                                .count();
    log::info("serve.started", {{"listen", bound},
                                {"db", config.db},
                                {"baseline", args.flag("--baseline")},
                                {"startup_ms", startup_ms},
                                {"open_ms", open_ms},
                                {"summaries_ms", summaries_ms},
                                {"auth_ms", auth_ms},
                                {"read_ms", read_ms},
                                {"restore_ms", restore_ms},
                                {"board_tickets", wallboard.tracked()},
                                {"sla_timers", scheduler.pending()}});
    std::printf("listening on http://%s\n", bound.c_str());
    std::fflush(stdout);
    std::unique_ptr<DemoTraffic> traffic;
    if (demo_access) {
        print_demo(*demo_access, bound);
        traffic = std::make_unique<DemoTraffic>(*demo_access, bound);
        server.on_shutdown([&traffic] { traffic->stop(); });
    }

    server.run();
    traffic.reset();
    feed.stop();
    console_feed.stop();
    scheduler.stop();
    auth.stop();
    writer.stop();
    readers.stop();
    log::info("serve.stopped");
    return 0;
}

}  // namespace aduan::cli
