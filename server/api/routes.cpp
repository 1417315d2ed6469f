#include "api/routes.hpp"

#include "service/service.hpp"
#include "ui/assets.hpp"

namespace aduan::api {

void add_page_files(net::Router& router) {
    for (const auto& f : ui::page_files())
        router.add(net::Method::kGet, std::string(f.path), net::Access::anyone(),
                   [&f](net::HttpRequest&, const net::PathParams&, net::Reply reply) {
                       net::HttpResponse r;
                       r.content_type = std::string(f.content_type);
                       r.body = std::string(f.content());
                       reply.send()(std::move(r));
                   });
}

void add_all_routes(net::Router& router, Service& service) {
    add_ticket_routes(router, service);
    add_system_routes(router, service);
    add_auth_routes(router, service);
    add_wallboard_routes(router, service);
    add_report_routes(router, service);
    add_console_routes(router, service);
    add_page_files(router);
}

}  // namespace aduan::api
