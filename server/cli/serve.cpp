// aduan serve: wires configuration, storage, the ticket service and the HTTP server, and
// shuts them down in order: the server drains its connections, then the writer commits what
// is queued, then the readers stop.
#include <cstdio>
#include <future>

#include "app/auth.hpp"
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/metrics.hpp"
#include "app/sla_scheduler.hpp"
#include "app/ticket_service.hpp"
#include "cli/args.hpp"
#include "cli/common.hpp"
#include "common/log.hpp"
#include "net/http_server.hpp"
#include "net/routes.hpp"
#include "storage/reader_pool.hpp"
#include "storage/ticket_store.hpp"
#include "storage/writer.hpp"
#include "wire/config_json.hpp"

namespace aduan::cli {

namespace {}  // namespace

int serve(int argc, char** argv) {
    Args args(argc, argv, 2, {"--config", "--db", "--listen"}, {"--baseline"});
    if (!args.positional().empty()) throw UsageError("unexpected argument " + args.positional()[0]);

    Config config = load_config(args);
    if (auto listen = args.get("--listen")) config.listen = *listen;

    crypto::init();
    Metrics metrics;
    storage::Writer writer(config.db,
                           {config.limits.writer_max_batch, config.limits.writer_max_queue});
    writer.on_batch(
        [&metrics](std::size_t n, std::chrono::nanoseconds d) { metrics.commit_batch(n, d); });
    storage::ReaderPool readers(config.db, config.limits.reader_threads,
                                config.limits.reader_max_queue);

    // Counters start from the store, then follow committed changes.
    std::promise<Result<std::array<std::int64_t, 5>>> counted;
    readers.submit<std::array<std::int64_t, 5>>(
        [](storage::Connection& c) -> Result<std::array<std::int64_t, 5>> {
            return storage::count_by_status(c);
        },
        [&counted](Result<std::array<std::int64_t, 5>> r) { counted.set_value(std::move(r)); });
    auto counts = counted.get_future().get();
    if (!counts.ok()) throw std::runtime_error("cannot read the store: " + counts.error().message);
    metrics.set_ticket_counts(counts.value());

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
    SlaScheduler scheduler([&tickets](std::int64_t id) { tickets.record_sla_events(id); });
    tickets.add_listener([&scheduler](const TicketChange& c) {
        if (c.sla) scheduler.watch(c.after.id, *c.sla);
    });
    std::promise<Result<std::vector<std::pair<std::int64_t, storage::SlaColumns>>>> open_clocks;
    readers.submit<std::vector<std::pair<std::int64_t, storage::SlaColumns>>>(
        [](storage::Connection& c)
            -> Result<std::vector<std::pair<std::int64_t, storage::SlaColumns>>> {
            return storage::open_sla(c);
        },
        [&open_clocks](Result<std::vector<std::pair<std::int64_t, storage::SlaColumns>>> r) {
            open_clocks.set_value(std::move(r));
        });
    auto open = open_clocks.get_future().get();
    if (!open.ok()) throw std::runtime_error("cannot read the store: " + open.error().message);
    scheduler.start(open.value());

    Authenticator auth(config.db, writer, config.auth);
    net::Router router(metrics, net::authenticate_with(auth));
    net::add_all_routes(router, tickets, auth, config, metrics, {args.flag("--baseline")});

    net::HttpServer server(config.limits, router, metrics);
    writer.set_completion_runner(server.serial_runner());
    std::string bound;
    try {
        bound = server.listen(config.listen);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    log::info("serve.started",
              {{"listen", bound}, {"db", config.db}, {"baseline", args.flag("--baseline")}});
    std::printf("listening on http://%s\n", bound.c_str());
    std::fflush(stdout);

    server.run();
    scheduler.stop();
    auth.stop();
    writer.stop();
    readers.stop();
    log::info("serve.stopped");
    return 0;
}

}  // namespace aduan::cli
