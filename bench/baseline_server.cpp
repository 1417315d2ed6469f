// The ingest benchmark's baseline (docs/performance.md): the service as `aduan serve` builds
// it, the same HTTP server and router with the same credential check, but POST
// /api/v1/tickets answers a fixed 201 without parsing or touching the store. Comparing a
// load run against it with one against `aduan serve` measures what ticket creation costs.
//
//   baseline_server --db FILE [--listen HOST:PORT]   prints "listening on http://HOST:PORT"
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "api/routes.hpp"
#include "app/crypto.hpp"
#include "net/http_server.hpp"
#include "service/service.hpp"

int main(int argc, char** argv) {
    using namespace aduan;
    Config config = default_config();
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--db") == 0) config.db = argv[i + 1];
        if (std::strcmp(argv[i], "--listen") == 0) config.listen = argv[i + 1];
    }
    crypto::init();
    std::signal(SIGPIPE, SIG_IGN);
    Service service(std::move(config));
    net::Router router(service.metrics(), api::authenticate_with(service.auth()));
    router.add(
        net::Method::kPost, "/api/v1/tickets", access::ticket_writers(),
        [](net::HttpRequest&, const net::PathParams&, net::Reply reply) {
            static const std::string body =
                R"({"id":1,"subject":"baseline","status":"new","created_at":"2026-01-01T00:00:00Z"})";
            net::HttpResponse r;
            r.status = 201;
            r.body = body;
            r.headers.emplace_back("Location", "/api/v1/tickets/1");
            reply.send()(std::move(r));
        });
    api::add_system_routes(router, service);
    net::HttpServer server(service.config().limits, router, service.metrics());
    service.attach(server);
    std::printf("listening on http://%s\n", server.listen(service.config().listen).c_str());
    std::fflush(stdout);
    server.run();
    service.stop();
    return 0;
}
