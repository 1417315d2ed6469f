// The whole service but its listening socket, built from one configuration: the store's writer
// and readers, the ticket use cases, sign-in, the wallboard, the SLA timers, the two live feeds
// and the report exports, wired to each other once, here. `aduan serve`, the tests and the
// benches build this same object instead of wiring parts by hand; routes take it
// (api/routes.hpp).
//
// The constructor does the start-up work (it opens and migrates the store, completes old SLA
// summaries, restores the board and the timers from one read) and starts the background
// threads; when it returns the service is ready for requests. Throws std::runtime_error when
// the store cannot be opened or read.
//
// Members are declared in start-up order, so they are destroyed in shutdown order; stop()
// does the same explicitly: feeds, timers, sign-in watcher, writer (which commits what is
// queued), readers. The HTTP server that serves it must be stopped first.
//
// Thread-safety: the parts are thread-safe as each header says; the accessors are not
// changes.
#pragma once

#include <chrono>
#include <memory>

#include "app/auth.hpp"
#include "app/config.hpp"
#include "app/export_jobs.hpp"
#include "app/metrics.hpp"
#include "app/sla_scheduler.hpp"
#include "app/ticket_service.hpp"
#include "app/wallboard.hpp"
#include "net/live_feed.hpp"
#include "service/feeds.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace aduan::net {
class HttpServer;
}

namespace aduan {

class Service {
  public:
    explicit Service(Config config);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Serves through `server`: commits complete on its first network thread, and the live
    // feeds' clients are told to go when it begins to shut down.
    void attach(net::HttpServer& server);
    // Stops every part in shutdown order (also done by the destructor).
    void stop();

    // How long each start-up phase took, in milliseconds (the serve.started log line).
    struct Startup {
        long long open_ms = 0, summaries_ms = 0, read_ms = 0, restore_ms = 0, total_ms = 0;
    };
    const Startup& startup() const { return startup_; }

    const Config& config() const { return config_; }
    Metrics& metrics() { return metrics_; }
    storage::Writer& writer() { return writer_; }
    storage::ReaderPool& readers() { return readers_; }
    TicketService& tickets() { return tickets_; }
    Authenticator& auth() { return auth_; }
    Wallboard& wallboard() { return wallboard_; }
    SlaScheduler& scheduler() { return scheduler_; }
    net::LiveFeed& wallboard_feed() { return wallboard_feed_; }
    net::LiveFeed& console_feed() { return console_feed_; }
    ExportJobs& exports() { return exports_; }

  private:
    std::chrono::steady_clock::time_point constructed_ = std::chrono::steady_clock::now();
    Config config_;
    Startup startup_;
    Metrics metrics_;
    storage::Writer writer_;
    storage::ReaderPool readers_;
    Authenticator auth_;
    TicketService tickets_;
    SlaScheduler scheduler_;
    Wallboard wallboard_;
    WallboardSource board_source_;
    TicketsSource tickets_source_;
    net::LiveFeed wallboard_feed_;
    net::LiveFeed console_feed_;
    ExportJobs exports_;
};

}  // namespace aduan
