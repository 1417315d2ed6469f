// Who may call what: the expected access rule of every route the service serves (spec
// section 7). tests/net/access_table_test.cpp checks that the server's routes are exactly
// these; tests/integration/access_test.cpp calls each one with every role.
#pragma once

#include <string>
#include <vector>

namespace aduan::test {

struct RouteRule {
    std::string method;
    std::string pattern;
    bool is_public;
    std::vector<std::string> roles;  // allowed roles when not public
    std::string path;                // a concrete path to call
    std::string body;                // a valid body, if the route takes one
    bool websocket = false;          // a WebSocket upgrade; without credentials it gets through
                                     // to sign in over the socket
};

inline const std::vector<std::string> kAllRoles{"agent", "supervisor", "manager", "admin",
                                                "display"};

inline std::vector<RouteRule> access_table() {
    const std::vector<std::string> writers{"agent", "supervisor", "admin"};
    const std::vector<std::string> readers{"agent", "supervisor", "manager", "admin"};
    const std::vector<std::string> operators{"supervisor", "manager", "admin"};
    const std::vector<std::string> viewers{"supervisor", "manager", "admin", "display"};
    return {
        {"POST", "/api/v1/tickets", false, writers, "/api/v1/tickets",
         R"({"subject":"Akses","channel":"web","category":"other"})"},
        {"GET", "/api/v1/tickets", false, readers, "/api/v1/tickets", ""},
        {"GET", "/api/v1/tickets/{id}", false, readers, "/api/v1/tickets/1", ""},
        {"PATCH", "/api/v1/tickets/{id}", false, writers, "/api/v1/tickets/1",
         R"({"priority":"high"})"},
        {"POST", "/api/v1/tickets/{id}/responses", false, writers, "/api/v1/tickets/1/responses",
         R"({"body":"catatan","public":false})"},
        {"GET", "/api/v1/tickets/{id}/events", false, readers, "/api/v1/tickets/1/events", ""},
        {"GET", "/healthz", true, {}, "/healthz", ""},
        {"GET", "/metrics", false, operators, "/metrics", ""},
        {"POST",
         "/api/v1/auth/login",
         true,
         {},
         "/api/v1/auth/login",
         R"({"username":"siti","password":"rahasia-123"})"},
        {"POST", "/api/v1/auth/logout", false, kAllRoles, "/api/v1/auth/logout", ""},
        {"GET", "/api/v1/auth/me", false, kAllRoles, "/api/v1/auth/me", ""},
        {"GET", "/api/v1/config", false, readers, "/api/v1/config", ""},
        {"GET", "/api/v1/wallboard", false, viewers, "/api/v1/wallboard", ""},
        {"GET", "/api/v1/wallboard/live", false, viewers, "/api/v1/wallboard/live", "", true},
        {"GET", "/wallboard", true, {}, "/wallboard", ""},
        {"GET", "/wallboard/wallboard.js", true, {}, "/wallboard/wallboard.js", ""},
        {"GET", "/wallboard/wallboard.css", true, {}, "/wallboard/wallboard.css", ""},
        {"GET", "/api/v1/reports/sla", false, operators,
         "/api/v1/reports/sla?from=2026-11-01&to=2026-11-30", ""},
        {"GET", "/api/v1/reports/breaches", false, operators,
         "/api/v1/reports/breaches?from=2026-11-01&to=2026-11-30&format=csv", ""},
        {"GET", "/reports", true, {}, "/reports", ""},
        {"GET", "/api/v1/console/live", false, readers, "/api/v1/console/live", "", true},
        {"GET", "/console", true, {}, "/console", ""},
        {"GET", "/console/console.js", true, {}, "/console/console.js", ""},
        {"GET", "/console/console.css", true, {}, "/console/console.css", ""},
        {"GET", "/assets/aduan.js", true, {}, "/assets/aduan.js", ""},
        {"GET", "/reports/reports.js", true, {}, "/reports/reports.js", ""},
        {"GET", "/reports/reports.css", true, {}, "/reports/reports.css", ""},
    };
}

}  // namespace aduan::test
