// The service's configuration (spec section 10) and every limit the server enforces, each a
// named setting with its default, in one place. The JSON form is read by wire/config_json.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "sla/calendar.hpp"
#include "sla/policy.hpp"

namespace aduan {

struct Limits {
    std::size_t body_limit = 1024 * 1024;     // bytes of request body (413 beyond)
    std::chrono::seconds header_timeout{10};  // to receive a request's header once begun
    std::chrono::seconds body_timeout{30};    // to receive a request's body
    std::chrono::seconds idle_timeout{60};    // keep-alive connection with no request
    std::size_t max_connections = 10000;      // open connections (503 beyond)
    unsigned threads = 0;                     // network threads; 0 = one per core
    std::size_t writer_max_batch = 1024;      // changes per group commit
    std::size_t writer_max_queue = 20000;     // queued changes (503 beyond)
    std::size_t reader_threads = 2;           // read-only query threads
    std::size_t reader_max_queue = 10000;     // queued queries (503 beyond)
    std::chrono::seconds shutdown_grace{10};  // to finish in-flight requests on SIGTERM
    // The wallboard's live feed (docs/wallboard.md).
    std::size_t feed_max_clients = 10000;                   // WebSocket clients (503 beyond)
    std::chrono::milliseconds feed_snapshot_interval{250};  // least time between snapshots
    std::size_t feed_event_backlog = 256;        // unsent events before a client is closed
    std::chrono::seconds feed_idle_timeout{30};  // silent peer closed; pings at half
    std::chrono::seconds feed_auth_timeout{10};  // to sign in over the socket
    std::size_t feed_max_message = 4096;         // bytes of a frame from a client
    std::size_t feed_send_buffer = 64 * 1024;    // kernel send buffer per client, bytes
    // Report exports (docs/reports.md): each runs on a thread of its own.
    std::size_t reports_max_running = 2;  // exports at once (503 beyond)
    bool operator==(const Limits&) const = default;
};

// Sign-in and sessions (spec section 7).
struct AuthOptions {
    std::chrono::seconds session_ttl{12 * 3600};
    bool secure_cookies = false;  // mark cookies Secure (also when X-Forwarded-Proto: https)
    int user_burst = 5;           // failed sign-ins per username before slowing down
    std::chrono::seconds user_refill{30};  // ... then one more every this long
    int address_burst = 20;                // failed sign-ins per client address
    std::chrono::seconds address_refill{15};
    std::chrono::milliseconds poll{25};    // how often to look for changes by other processes
    std::chrono::seconds flush_every{60};  // how often token last-use times are written
};

// A numeric setting, declared once: its configuration key, its range, and how it is read from
// and written to `T` (Limits, AuthOptions). wire/config_json reads every one from these tables,
// and docs/configuration.md lists them.
template <typename T>
struct Setting {
    std::string_view key;
    long long min, max;
    long long (*get)(const T&);
    void (*set)(T&, long long);
};
// Every limit of `limits` in the configuration.
std::span<const Setting<Limits>> limit_settings();
// The numeric settings of `auth` (secure_cookies, a boolean, is read on its own).
std::span<const Setting<AuthOptions>> auth_settings();

struct Config {
    std::string timezone = "Asia/Jakarta";  // operating time zone (IANA)
    std::vector<std::string> categories;
    std::vector<std::string> teams;
    std::string listen = "127.0.0.1:8080";
    std::string db = "aduan.db";
    Limits limits;
    AuthOptions auth;
    // SLA (spec 3): named calendars, and the ordered policies that refer to them. The set
    // points into `calendars`; both live behind shared pointers so that Config stays
    // copyable while those pointers stay valid.
    std::shared_ptr<const std::map<std::string, sla::Calendar>> calendars;
    std::shared_ptr<const sla::PolicySet> policies;
    // The calendars as written, for GET /api/v1/config.
    std::map<std::string, sla::CalendarSpec> calendar_specs;

    bool has_category(const std::string& c) const {
        return std::find(categories.begin(), categories.end(), c) != categories.end();
    }
    bool has_team(const std::string& t) const {
        return std::find(teams.begin(), teams.end(), t) != teams.end();
    }
};

// The built-in configuration used when no --config is given: an Indonesian call center.
Config default_config();
// What `aduan serve --demo` runs without --config: the built-in configuration with SLA targets
// of minutes on a 24x7 calendar, so that a demo shows warnings and breaches at any hour.
Config demo_config();

// Compiles calendars and policies into `c` (errors name "calendars.NAME...." or
// "policies[i]...."); leaves `c` unchanged on error.
Result<Ok> install_sla(Config& c, std::map<std::string, sla::CalendarSpec> calendars,
                       std::vector<sla::Policy> policies);

}  // namespace aduan
