#include "api/routes.hpp"

#include "service/service.hpp"
#include "ui/assets.hpp"

namespace aduan::api {

void add_all_routes(net::Router& router, Service& service) {
    add_ticket_routes(router, service);
    add_system_routes(router, service);
    add_auth_routes(router, service);
    add_wallboard_routes(router, service);
    add_report_routes(router, service);
    add_console_routes(router, service);
    // The script the signed-in pages (/reports, /console) share.
    add_static_file(router, "/assets/aduan.js", "text/javascript; charset=utf-8",
                    ui::assets::aduan_js);
}

}  // namespace aduan::api
