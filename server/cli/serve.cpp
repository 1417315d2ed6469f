// aduan serve: the Service (service/service.hpp) behind the HTTP server, and the demo when
// asked. Shutdown goes in order: the server drains its connections, then the service stops
// its parts (the writer commits what is queued).
#ifndef ADUAN_NO_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "api/routes.hpp"
#include "app/crypto.hpp"
#include "cli/args.hpp"
#include "cli/common.hpp"
#include "cli/demo.hpp"
#include "net/http_server.hpp"
#include "runtime/log.hpp"
#include "service/service.hpp"

namespace aduan::cli {

namespace {

// As many descriptors as the system lets this process have: the soft limit (often 1,024)
// raised to the hard one. The HTTP server derives its connection cap from the result.
void raise_descriptor_limit() {
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == r.rlim_max) return;
    const auto before = r.rlim_cur;
    r.rlim_cur = r.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &r) == 0)
        log::info("serve.descriptor_limit", {{"from", before}, {"to", r.rlim_cur}});
}

// What start-up read is given back: with a million tickets it is tens of megabytes, which
// jemalloc (server/CMakeLists.txt) would otherwise keep.
void return_memory() {
#ifndef ADUAN_NO_JEMALLOC
    const std::string purge = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
    ::mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
#endif
}

Config serve_config(const Args& args, bool demo) {
    Config config = load_config(args);
    if (demo && !args.get("--config")) {
        // Minute-long SLA targets, so that the demo shows warnings and breaches soon.
        Config d = demo_config();
        d.db = config.db;
        config = std::move(d);
    }
    if (auto listen = args.get("--listen")) config.listen = *listen;
    return config;
}

}  // namespace

int serve(int argc, char** argv) {
    Args args(argc, argv, 2, {"--config", "--db", "--listen"}, {"--demo", "--demo-on-existing"});
    if (!args.positional().empty()) throw UsageError("unexpected argument " + args.positional()[0]);
    const bool demo = args.flag("--demo");
    crypto::init();
    // Standard output may be a pipe that a supervisor stopped reading after the address line:
    // a later line (the demo's) must not kill the service.
    std::signal(SIGPIPE, SIG_IGN);
    raise_descriptor_limit();

    Config config = serve_config(args, demo);
    std::optional<DemoAccess> demo_access;
    if (args.flag("--demo-on-existing") && !demo)
        throw UsageError("--demo-on-existing goes with --demo");
    if (demo) demo_access = provision_demo(config.db, args.flag("--demo-on-existing"));
    Service service(std::move(config));
    return_memory();
    net::Router router(service.metrics(), api::authenticate_with(service.auth()));
    api::add_all_routes(router, service);
    net::HttpServer server(service.config().limits, router, service.metrics());
    service.attach(server);
    std::string bound;
    try {
        bound = server.listen(service.config().listen);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const auto& t = service.startup();
    log::info("serve.started", {{"listen", bound},
                                {"db", service.config().db},
                                {"startup_ms", t.total_ms},
                                {"open_ms", t.open_ms},
                                {"summaries_ms", t.summaries_ms},
                                {"read_ms", t.read_ms},
                                {"restore_ms", t.restore_ms},
                                {"board_tickets", service.wallboard().tracked()},
                                {"sla_timers", service.scheduler().pending()}});
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
    service.stop();
    log::info("serve.stopped");
    return 0;
}

}  // namespace aduan::cli
