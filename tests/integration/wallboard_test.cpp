// The wallboard over real sockets (spec section 5): GET /api/v1/wallboard, and the live feed's
// protocol: a snapshot on connect, changes as event and snapshot frames, folding under a
// burst, in-band sign-in, a stalled client dropped while the others keep receiving,
// reconnecting after a restart with the counts restored, and the counters against a recount
// from the store after a random workload.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "common/time.hpp"
#include "storage/database.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

using namespace aduan::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// Urgent tickets breach their first response after 1 s and are at risk from 0.5 s; high ones
// are at risk after 2 s and breach after 4 s; the rest take hours.
std::string config_text(const std::string& limits = "{}") {
    return R"({
  "timezone": "Asia/Jakarta",
  "teams": ["tier1", "tier2"],
  "calendars": { "24x7": { "timezone": "UTC", "hours": {
      "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]], "thu": [["00:00","24:00"]],
      "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]], "sun": [["00:00","24:00"]] } } },
  "policies": [
    { "name": "flash", "match": { "priority": ["urgent"] }, "calendar": "24x7",
      "targets": { "first_response": "1s", "resolution": "1h" }, "warn_at": 0.5 },
    { "name": "quick", "match": { "priority": ["high"] }, "calendar": "24x7",
      "targets": { "first_response": "4s", "resolution": "1h" }, "warn_at": 0.5 },
    { "name": "standard", "calendar": "24x7", "targets": { "first_response": "1h", "resolution": "4h" } } ],
  "limits": )" +
           limits + "}";
}

struct Board {
    TempDir dir;
    std::string db = dir.file("a.db");
    std::string agent = create_token(db, "agent");
    std::string display = create_token(db, "display");
    std::string admin = create_token(db, "admin");
    std::string config;
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<HttpClient> http;

    explicit Board(const std::string& limits = "{}") {
        config = dir.file("aduan.json");
        write_file(config, config_text(limits));
        start();
    }
    void start() {
        server = std::make_unique<ServerProcess>(db, std::vector<std::string>{"--config", config});
        http = std::make_unique<HttpClient>(server->port(), agent);
    }
    std::map<std::string, std::string> bearer(const std::string& token) const {
        return {{"Authorization", "Bearer " + token}};
    }
    WsClient feed() {
        WsClient::Options o;
        o.headers = bearer(display);
        return WsClient(server->port(), "/api/v1/wallboard/live", o);
    }
    json snapshot() {
        HttpClient viewer(server->port(), display);
        auto r = viewer.get("/api/v1/wallboard");
        REQUIRE(r.status == 200);
        return r.json();
    }
    std::int64_t create(const std::string& priority = "normal", const std::string& team = "tier1",
                        const std::string& channel = "phone") {
        auto r = http->post("/api/v1/tickets", {{"subject", "Insentif belum masuk"},
                                                {"channel", channel},
                                                {"category", "incentive"},
                                                {"priority", priority},
                                                {"team", team}});
        REQUIRE(r.status == 201);
        return r.json()["id"].get<std::int64_t>();
    }
    int patch(std::int64_t id, const json& body) {
        return http->patch("/api/v1/tickets/" + std::to_string(id), body).status;
    }
};

bool is_snapshot(const json& f) {
    return f["type"] == "snapshot";
}

// Waits for a snapshot satisfying `want`.
json snapshot_where(WsClient& c, const std::function<bool(const json&)>& want,
                    std::chrono::milliseconds timeout = 10s) {
    auto f = c.next_until([&](const json& f) { return is_snapshot(f) && want(f); }, timeout);
    REQUIRE(f);
    return *f;
}

}  // namespace

TEST_CASE("the snapshot counts open tickets by status, priority, channel and team") {
    Board b;
    auto empty = b.snapshot();
    CHECK(empty["type"] == "snapshot");
    CHECK(empty["timezone"] == "Asia/Jakarta");
    CHECK(empty["open"]["total"] == 0);
    CHECK(empty["oldest_open"].is_null());
    CHECK(empty["sla"]["compliance_today"].is_null());
    CHECK(empty["arrivals_by_hour"].size() == 24);
    CHECK(empty["open"]["by_team"] == json{{"tier1", 0}, {"tier2", 0}});

    const auto first = b.create("normal", "tier1", "phone");
    b.create("low", "tier2", "email");
    const auto third = b.create("normal", "tier1", "chat");
    REQUIRE(b.patch(third, {{"status", "pending"}}) == 200);
    auto s = b.snapshot();
    CHECK(s["open"]["total"] == 3);
    CHECK(s["open"]["by_status"] == json{{"new", 2}, {"open", 0}, {"pending", 1}});
    CHECK(s["open"]["by_priority"] == json{{"low", 1}, {"normal", 2}, {"high", 0}, {"urgent", 0}});
    CHECK(s["open"]["by_channel"]["phone"] == 1);
    CHECK(s["open"]["by_channel"]["email"] == 1);
    CHECK(s["open"]["by_channel"]["walk_in"] == 0);
    CHECK(s["open"]["by_team"] == json{{"tier1", 2}, {"tier2", 1}});
    CHECK(s["today"]["created"] == 3);
    CHECK(s["oldest_open"]["id"] == first);
    // Today's arrivals sit in the local (Jakarta) hour of now.
    std::int64_t arrivals = 0;
    for (const auto& n : s["arrivals_by_hour"])
        arrivals += n.get<std::int64_t>();
    CHECK(arrivals == 3);
    const auto utc_hour =
        std::stoi(aduan::format_rfc3339(aduan::now_utc()).substr(11, 2));  // "...THH:..."
    const auto jakarta_hour = (utc_hour + 7) % 24;
    CHECK(s["arrivals_by_hour"][jakarta_hour] >= 1);

    // Resolving leaves the open counts and counts as resolved today.
    REQUIRE(b.patch(first, {{"status", "resolved"}}) == 200);
    s = b.snapshot();
    CHECK(s["open"]["total"] == 2);
    CHECK(s["today"]["resolved"] == 1);
    CHECK(s["oldest_open"]["id"] != first);
    CHECK(s["seq"].get<std::int64_t>() > empty["seq"].get<std::int64_t>());
}

TEST_CASE("the feed sends a snapshot on connect, then an event and a snapshot for a change") {
    Board b;
    b.create();
    auto c = b.feed();
    auto first = c.next();
    REQUIRE(first);
    CHECK(is_snapshot(*first));
    CHECK((*first)["open"]["total"] == 1);

    const auto id = b.create("high", "tier2");
    auto e = c.next_until([](const json& f) { return f["type"] == "event"; });
    REQUIRE(e);
    CHECK((*e)["event"] == "ticket.created");
    CHECK((*e)["ticket"]["id"] == id);
    CHECK((*e)["ticket"]["priority"] == "high");
    CHECK((*e)["ticket"]["team"] == "tier2");
    CHECK((*e)["ticket"]["subject"] == "Insentif belum masuk");
    snapshot_where(c, [](const json& s) { return s["open"]["total"] == 2; });

    REQUIRE(b.patch(id, {{"status", "resolved"}}) == 200);
    e = c.next_until([](const json& f) { return f["type"] == "event"; });
    REQUIRE(e);
    CHECK((*e)["event"] == "ticket.resolved");
    CHECK((*e)["ticket"]["id"] == id);
    snapshot_where(
        c, [](const json& s) { return s["open"]["total"] == 1 && s["today"]["resolved"] == 1; });
}

TEST_CASE("warnings and breaches reach the feed as events when they happen") {
    Board b;
    auto c = b.feed();
    REQUIRE(c.next());
    const auto id = b.create("urgent", "tier1");
    auto warning = c.next_until([](const json& f) { return f["event"] == "sla.warning"; });
    REQUIRE(warning);
    CHECK((*warning)["ticket"]["id"] == id);
    CHECK((*warning)["ticket"]["metric"] == "first_response");
    auto breach = c.next_until([](const json& f) { return f["event"] == "sla.breached"; });
    REQUIRE(breach);
    CHECK((*breach)["ticket"]["id"] == id);
    CHECK((*breach)["ticket"]["metric"] == "first_response");
    auto s = snapshot_where(c, [](const json& s) { return s["sla"]["breached_open"] == 1; });
    CHECK(s["sla"]["breached_today"] == 1);
    CHECK(s["sla"]["compliance_today"] == 0.0);
    REQUIRE(s["latest_breaches"].size() == 1);
    CHECK(s["latest_breaches"][0]["ticket"]["id"] == id);
    CHECK(s["latest_breaches"][0]["at"] == (*breach)["at"]);

    // A response in time on another ticket: half of today's decided clocks are met.
    const auto ok = b.create("normal");
    REQUIRE(b.http->post("/api/v1/tickets/" + std::to_string(ok) + "/responses", {{"body", "Halo"}})
                .status == 201);
    s = snapshot_where(c, [](const json& s) { return s["sla"]["met_today"] == 1; });
    CHECK(s["sla"]["compliance_today"] == 0.5);
    CHECK(s["today"]["first_response_median_seconds"].is_number());
}

TEST_CASE("a burst of changes folds into snapshots at most every 250 ms") {
    Board b;
    auto c = b.feed();
    REQUIRE(c.next());
    // Tickets as fast as one connection creates them, for a second and a half, while this
    // thread reads the feed.
    std::atomic<int> created{0};
    std::atomic<bool> done{false};
    std::jthread writer([&] {
        HttpClient http(b.server->port(), b.agent);
        const auto until = std::chrono::steady_clock::now() + 1500ms;
        while (std::chrono::steady_clock::now() < until) {
            auto r =
                http.post("/api/v1/tickets",
                          {{"subject", "Burst"}, {"channel", "chat"}, {"category", "incentive"}});
            if (r.status == 201) ++created;
        }
        done = true;
    });
    std::vector<std::chrono::steady_clock::time_point> snapshots;
    int events = 0;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    for (;;) {
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        auto f = c.next(5s);
        REQUIRE(f);
        if ((*f)["event"] == "ticket.created") ++events;
        if (is_snapshot(*f)) {
            snapshots.push_back(std::chrono::steady_clock::now());
            if (done && (*f)["open"]["total"] == created.load()) break;
        }
    }
    writer.join();
    INFO(created.load() << " tickets, " << snapshots.size() << " snapshots");
    CHECK(events == created.load());  // every event arrives; only snapshots fold
    CHECK(created.load() > 50);
    // At most one snapshot per 250 ms (plus the first, at once), with one more of slack for
    // the jitter of their delivery.
    const auto span = snapshots.back() - snapshots.front();
    CHECK(snapshots.size() <= std::size_t(span / 250ms) + 3);
    CHECK(snapshots.size() < std::size_t(created.load()) / 10);
}

TEST_CASE("a browser-style client signs in with its first frame, and a bad one is turned away") {
    Board b;
    SECTION("a display token in the auth frame") {
        WsClient c(b.server->port(), "/api/v1/wallboard/live");
        c.send(json{{"type", "auth"}, {"token", b.display}}.dump());
        auto f = c.next();
        REQUIRE(f);
        CHECK(is_snapshot(*f));
    }
    SECTION("nothing is sent before the auth frame") {
        WsClient c(b.server->port(), "/api/v1/wallboard/live");
        b.create();
        CHECK_FALSE(c.next(500ms));
        CHECK_FALSE(c.closed());
    }
    SECTION("a wrong token") {
        WsClient c(b.server->port(), "/api/v1/wallboard/live");
        c.send(R"({"type":"auth","token":"adn_wrong"})");
        CHECK_FALSE(c.next());
        CHECK(c.closed());
        CHECK(c.close_code() == 1008);
    }
    SECTION("an agent's token: the role may not watch") {
        WsClient c(b.server->port(), "/api/v1/wallboard/live");
        c.send(json{{"type", "auth"}, {"token", b.agent}}.dump());
        CHECK_FALSE(c.next());
        CHECK(c.close_code() == 1008);
    }
    SECTION("not JSON") {
        WsClient c(b.server->port(), "/api/v1/wallboard/live");
        c.send("hello");
        CHECK_FALSE(c.next());
        CHECK(c.close_code() == 1008);
    }
    SECTION("credentials on the upgrade: the role decides before the upgrade") {
        CHECK(upgrade_status(b.server->port(), "/api/v1/wallboard/live", b.bearer(b.agent)) == 403);
        CHECK(upgrade_status(b.server->port(), "/api/v1/wallboard/live", b.bearer("adn_wrong")) ==
              401);
        CHECK(upgrade_status(b.server->port(), "/api/v1/wallboard/live", b.bearer(b.display)) == 0);
    }
}

TEST_CASE("a client that never signs in is closed after the auth timeout") {
    Board b(R"({"feed_auth_timeout": 1})");
    WsClient c(b.server->port(), "/api/v1/wallboard/live");
    CHECK_FALSE(c.next(5s));
    CHECK(c.closed());
    CHECK(c.close_code() == 1008);
}

TEST_CASE("a stalled client is dropped while the others receive every event") {
    // A small backlog and send buffer, so that the stalled client falls behind quickly.
    Board b(R"({"feed_event_backlog": 16, "feed_send_buffer": 4096})");
    WsClient::Options stalled_options;
    stalled_options.headers = b.bearer(b.display);
    stalled_options.receive_buffer = 4096;
    WsClient stalled(b.server->port(), "/api/v1/wallboard/live", stalled_options);
    auto healthy = b.feed();
    REQUIRE(healthy.next());

    constexpr int kTickets = 400;  // far more event bytes than the two buffers hold
    std::set<std::int64_t> ids;
    std::atomic<int> refused{0};
    // Joined on every way out, so that a failed check below ends the test, not the program.
    std::jthread writer([&] {
        HttpClient http(b.server->port(), b.agent);
        for (int i = 0; i < kTickets; ++i) {
            auto r =
                http.post("/api/v1/tickets",
                          {{"subject", "Burst"}, {"channel", "web"}, {"category", "incentive"}});
            if (r.status != 201) ++refused;
        }
    });
    // The healthy client keeps up with every event while the other one reads nothing.
    for (int seen = 0; seen < kTickets;) {
        auto f = healthy.next(10s);
        REQUIRE(f);
        if ((*f)["event"] == "ticket.created") {
            ids.insert((*f)["ticket"]["id"].get<std::int64_t>());
            ++seen;
        }
    }
    writer.join();
    CHECK(refused == 0);
    CHECK(ids.size() == std::size_t(kTickets));

    // The server let the stalled one go rather than hold more for it.
    HttpClient ops(b.server->port(), b.admin);
    eventually([&] { return ops.get("/metrics").body; },
               [](const std::string& m) {
                   return m.find("aduan_websocket_dropped_total 1") != std::string::npos;
               },
               10s, "the stalled client to be dropped");
    // What it can still read is bounded, and then the connection ends.
    int frames = 0;
    while (stalled.next(10s))
        ++frames;
    CHECK(stalled.closed());
    CHECK(frames < kTickets);
}

TEST_CASE("a client that pings and never reads is answered once, not once per ping") {
    // A small kernel buffer each way, so that the server's pongs cannot drain while the client
    // does not read.
    Board b(R"({"feed_send_buffer": 4096})");
    constexpr int kPings = 50000;
    auto vm_rss_kib = [&] {
        std::ifstream in("/proc/" + std::to_string(b.server->pid()) + "/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        return 0L;
    };
    const long before = vm_rss_kib();
    WsClient::Options quiet;
    quiet.receive_buffer = 4096;
    // Not signed in: after the flood a bad sign-in frame, which the server reads after every
    // ping, so its close frame says the flood has been read.
    WsClient stranger(b.server->port(), "/api/v1/wallboard/live", quiet);
    REQUIRE(stranger.ping_flood(kPings, 125));
    stranger.send(R"({"type":"auth","token":"adn_nothing"})");
    while (stranger.next(10s)) {
    }
    CHECK(stranger.closed());
    CHECK(stranger.close_code() == 1008);
    // What the kernel buffers let through while the client did not read, not one per ping
    // (more under the sanitizers, whose slower server sends while the flood is still going).
    CHECK(stranger.pongs() < kPings / 10);
    // Signed in: the same, and it still gets the board after the flood.
    quiet.headers = b.bearer(b.display);
    WsClient viewer(b.server->port(), "/api/v1/wallboard/live", quiet);
    REQUIRE(viewer.ping_flood(kPings, 125));
    b.create();
    REQUIRE(viewer.next_until([](const json& f) { return f["event"] == "ticket.created"; }, 10s));
    CHECK(viewer.pongs() < kPings / 10);
    // Held unbounded, 100,000 pongs would be tens of megabytes. (Under AddressSanitizer freed
    // memory stays in its quarantine, so there the pong counts above are the check.)
    INFO("VmRSS " << before << " -> " << vm_rss_kib() << " KiB");
#ifndef __SANITIZE_ADDRESS__
    CHECK(vm_rss_kib() - before < 16 * 1024);
#endif
}

TEST_CASE("after a restart the counts are restored and a client reconnects to them") {
    Board b;
    b.create("normal", "tier1");
    b.create("low", "tier2");
    const auto resolved = b.create("high", "tier1");
    REQUIRE(b.patch(resolved, {{"status", "resolved"}}) == 200);
    const auto before = b.snapshot();

    auto c = b.feed();
    REQUIRE(c.next());
    REQUIRE(b.server->terminate() == 0);
    // The server said goodbye (1001) before it went.
    CHECK_FALSE(c.next(10s));
    CHECK(c.closed());
    CHECK(c.close_code() == 1001);

    b.start();
    auto again = b.feed();
    auto s = again.next();
    REQUIRE(s);
    for (const char* key : {"open", "today", "arrivals_by_hour"})
        CHECK((*s)[key] == before[key]);
    CHECK((*s)["oldest_open"]["id"] == before["oldest_open"]["id"]);  // its age has grown
    CHECK((*s)["sla"]["warning"] == before["sla"]["warning"]);
}

TEST_CASE("after a random workload the counters equal a recount from the store") {
    Board b;
    std::mt19937 rng(20261129);
    auto pick = [&rng](std::initializer_list<const char*> xs) {
        std::vector<const char*> v(xs);
        return std::string(v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]);
    };
    std::vector<std::int64_t> ids;
    for (int step = 0; step < 250; ++step) {
        const int op = std::uniform_int_distribution<int>(0, 9)(rng);
        if (ids.empty() || op < 4) {
            ids.push_back(b.create(pick({"low", "normal", "high", "urgent"}),
                                   pick({"tier1", "tier2", "tier1"}),
                                   pick({"phone", "email", "chat", "web", "social", "walk_in"})));
            continue;
        }
        const auto id = ids[std::uniform_int_distribution<std::size_t>(0, ids.size() - 1)(rng)];
        const auto url = "/api/v1/tickets/" + std::to_string(id);
        if (op < 7) {
            b.patch(id, {{"status", pick({"open", "pending", "resolved", "closed", "open"})}});
        } else if (op < 8) {
            b.patch(id, {{"priority", pick({"low", "normal", "high", "urgent"})},
                         {"team", pick({"tier1", "tier2"})}});
        } else {
            b.http->post(url + "/responses", {{"body", "Sudah kami cek"}, {"public", true}});
        }
    }
    // Wait for the board to settle: the scheduler records what falls due (urgent tickets
    // breach 1 s after creation, high ones warn at 2 s and breach at 4 s), so once 5 s pass
    // without an event nothing more will move for hours.
    {
        auto c = b.feed();
        REQUIRE(c.next());
        while (c.next_until([](const json& f) { return f["type"] == "event"; }, 5s)) {
        }
    }
    const json s = b.snapshot();

    // The recount: SQL over the store, as of the snapshot's instant.
    aduan::storage::Connection db(b.db, aduan::storage::Connection::Mode::kReadOnly);
    auto count = [&db](const std::string& sql, std::vector<std::int64_t> args = {}) {
        auto& st = db.prepare(sql);
        for (std::size_t i = 0; i < args.size(); ++i)
            st.bind(int(i + 1), args[i]);
        std::int64_t n = -1;
        if (st.step()) n = st.int64(0);
        st.reset();
        return n;
    };
    const std::string open = "status IN ('new','open','pending')";
    CHECK(s["open"]["total"] == count("SELECT count(*) FROM tickets WHERE " + open));
    for (const char* status : {"new", "open", "pending"})
        CHECK(s["open"]["by_status"][status] ==
              count(std::string("SELECT count(*) FROM tickets WHERE status = '") + status + "'"));
    for (const char* p : {"low", "normal", "high", "urgent"})
        CHECK(s["open"]["by_priority"][p] ==
              count("SELECT count(*) FROM tickets WHERE " + open + " AND priority = '" + p + "'"));
    for (const char* ch : {"phone", "email", "chat", "web", "social", "walk_in"})
        CHECK(s["open"]["by_channel"][ch] ==
              count("SELECT count(*) FROM tickets WHERE " + open + " AND channel = '" + ch + "'"));
    for (const char* team : {"tier1", "tier2"})
        CHECK(s["open"]["by_team"][team] ==
              count("SELECT count(*) FROM tickets WHERE " + open + " AND team = '" + team + "'"));

    const auto at = aduan::to_unix(*aduan::parse_rfc3339(s["at"].get<std::string>()));
    // Today began at the last Jakarta (UTC+7, no DST) midnight.
    const auto midnight = (at + 7 * 3600) / 86400 * 86400 - 7 * 3600;
    CHECK(s["today"]["created"] ==
          count("SELECT count(*) FROM tickets WHERE created_at >= ?", {midnight}));
    CHECK(s["today"]["resolved"] ==
          count("SELECT count(*) FROM tickets WHERE resolved_at >= ?", {midnight}));
    const std::string breached = "(sla_fr_breach_at <= ?1 OR sla_res_breach_at <= ?1)";
    CHECK(s["sla"]["breached_open"] ==
          count("SELECT count(*) FROM tickets WHERE " + open + " AND " + breached, {at}));
    CHECK(s["sla"]["warning"] ==
          count("SELECT count(*) FROM tickets WHERE " + open + " AND NOT " + breached +
                    " AND (sla_fr_warn_at <= ?1 OR sla_res_warn_at <= ?1)",
                {at}));
    CHECK(s["sla"]["breached_today"] ==
          count("SELECT (SELECT count(*) FROM tickets WHERE sla_fr_breach_at BETWEEN ?2 AND ?1) + "
                "(SELECT count(*) FROM tickets WHERE sla_res_breach_at BETWEEN ?2 AND ?1)",
                {at, midnight}));
    CHECK(s["sla"]["met_today"] ==
          count("SELECT (SELECT count(*) FROM tickets WHERE sla_fr_stopped_at >= ?2 AND "
                "(sla_fr_breach_at IS NULL OR sla_fr_breach_at > ?1)) + "
                "(SELECT count(*) FROM tickets WHERE sla_res_stopped_at >= ?2 AND "
                "(sla_res_breach_at IS NULL OR sla_res_breach_at > ?1))",
                {at, midnight}));
    CHECK(s["oldest_open"]["id"] ==
          count("SELECT id FROM tickets WHERE " + open + " ORDER BY created_at, id LIMIT 1"));
    // Something of each kind happened, so the comparison means something.
    CHECK(s["sla"]["breached_today"].get<int>() > 0);
    CHECK(s["sla"]["met_today"].get<int>() > 0);
    CHECK(s["today"]["resolved"].get<int>() > 0);
}

TEST_CASE("a database from before migration 4 gets its SLA summaries filled in at start-up") {
    TempDir dir;
    const auto db = dir.file("old.db");
    {
        // The schema as it was at version 3, with a ticket written by that version.
        aduan::storage::Connection c(db, aduan::storage::Connection::Mode::kReadWrite);
        const auto schema = aduan::storage::schema_sql();
        REQUIRE(aduan::storage::migrate(c, schema.substr(0, schema.find("-- migration 4"))) == 3);
        const auto created = aduan::to_unix(aduan::now_utc()) - 60;
        c.exec(
            "INSERT INTO tickets (subject, channel, category, priority, status, created_at, "
            "updated_at, policy, sla_fr_warn_at, sla_fr_breach_at, sla_res_warn_at, "
            "sla_res_breach_at) VALUES ('Lama', 'phone', 'incentive', 'normal', 'new', " +
            std::to_string(created) + ", " + std::to_string(created) +
            ", 'standard', NULL, NULL, NULL, NULL)");
        c.exec("INSERT INTO ticket_events (ticket_id, at, actor, type, to_value) VALUES (1, " +
               std::to_string(created) + ", 'siti', 'created', 'new')");
    }
    const auto token = create_token(db, "supervisor");
    ServerProcess server(db);
    HttpClient http(server.port(), token);
    auto s = http.get("/api/v1/wallboard").json();
    CHECK(s["open"]["total"] == 1);
    CHECK(s["today"]["created"] == 1);

    aduan::storage::Connection c(db, aduan::storage::Connection::Mode::kReadOnly);
    auto& st = c.prepare("SELECT sla_fr_target, sla_res_target, sla_fr_breach_at FROM tickets");
    REQUIRE(st.step());
    CHECK_FALSE(st.is_null(0));
    CHECK_FALSE(st.is_null(1));
    CHECK_FALSE(st.is_null(2));
    st.reset();
}

TEST_CASE("metrics count feed clients and the clocks of open tickets by status") {
    Board b;
    b.create("normal");
    const auto paused = b.create("low");
    REQUIRE(b.patch(paused, {{"status", "pending"}}) == 200);
    auto c = b.feed();
    REQUIRE(c.next());
    HttpClient ops(b.server->port(), b.admin);
    const auto metrics = ops.get("/metrics").body;
    CHECK_THAT(metrics, Catch::Contains("aduan_websocket_clients 1\n"));
    // Pending pauses resolution only (sla.md).
    CHECK_THAT(metrics, Catch::Contains(
                            "aduan_sla_clocks{metric=\"first_response\",status=\"running\"} 2\n"));
    CHECK_THAT(metrics,
               Catch::Contains("aduan_sla_clocks{metric=\"resolution\",status=\"paused\"} 1\n"));
    CHECK_THAT(metrics,
               Catch::Contains("aduan_sla_clocks{metric=\"resolution\",status=\"running\"} 1\n"));
}
