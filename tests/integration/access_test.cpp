// Access control over real HTTP (spec section 7): every route x every role, sign-in and
// sessions, tokens, revocation, rate limits, secrets at rest, browser hygiene.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "support/access_table.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

using namespace aduan::test;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "rahasia-123";

void add_user(const std::string& db, const std::string& username, const std::string& role) {
    auto r = run_aduan(
        {"user", "add", "--username", username, "--role", role, "--password-stdin", "--db", db},
        std::string(kPassword) + "\n");
    REQUIRE(r.code == 0);
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The session id from a Set-Cookie header.
std::string session_of(const HttpResult& r) {
    const auto c = r.header("set-cookie");
    const auto start = c.find("aduan_session=");
    REQUIRE(start != std::string::npos);
    return c.substr(start + 14, c.find(';') - start - 14);
}

HttpResult login(HttpClient& http, const std::string& username, const std::string& password) {
    return http.post("/api/v1/auth/login", json{{"username", username}, {"password", password}});
}

// Retries `call` until it answers `status`, for changes made by another process; the
// service polls for them every 25 ms.
template <typename F>
void turns(F&& call, int status) {
    eventually([&] { return call().status; }, [status](int s) { return s == status; },
               std::chrono::seconds(2), "the answer's status to turn");
}

std::string relaxed_config(TempDir& dir) {
    const auto path = dir.file("aduan.json");
    write_file(path, R"({"auth": {"user_attempts": 100000, "address_attempts": 100000}})");
    return path;
}

}  // namespace

TEST_CASE("every route answers every role as the access table says") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    std::map<std::string, std::string> tokens;
    for (const auto& role : kAllRoles)
        tokens[role] = create_token(db, role);
    ServerProcess server(db);
    HttpClient admin(server.port(), tokens["admin"]);
    REQUIRE(admin
                .post("/api/v1/tickets",
                      json{{"subject", "s"}, {"channel", "web"}, {"category", "other"}})
                .status == 201);

    for (const auto& rule : access_table()) {
        for (const std::string who :
             {"none", "agent", "supervisor", "manager", "admin", "display"}) {
            const bool allowed =
                std::find(rule.roles.begin(), rule.roles.end(), who) != rule.roles.end();
            if (rule.websocket) {
                // Without credentials the upgrade goes through, to sign in over the socket
                // (tests/integration/wallboard_test.cpp); with them, the role decides.
                std::map<std::string, std::string> headers;
                if (who != "none") headers["Authorization"] = "Bearer " + tokens[who];
                INFO(rule.path << " upgraded as " << who);
                CHECK(upgrade_status(server.port(), rule.path, headers) ==
                      (who == "none" || allowed ? 0 : 403));
                continue;
            }
            HttpClient http(server.port(), who == "none" ? "" : tokens[who]);
            const auto r = http.request(rule.method, rule.path, rule.body);
            INFO(rule.method << " " << rule.path << " as " << who << " -> " << r.status << " "
                             << r.body);
            if (rule.is_public) {
                CHECK(r.status != 401);
                CHECK(r.status != 403);
                CHECK(r.status < 300);
            } else if (who == "none") {
                CHECK(r.status == 401);
                CHECK(r.header("www-authenticate") == "Bearer");
            } else if (std::find(rule.roles.begin(), rule.roles.end(), who) != rule.roles.end()) {
                CHECK(r.status < 300);
            } else {
                CHECK(r.status == 403);
                CHECK(r.json()["error"]["code"] == "forbidden");
            }
        }
    }
}

TEST_CASE("an unknown or malformed credential is 401") {
    TempDir dir;
    ServerProcess server(dir.file("a.db"));
    for (const std::string header :
         {"Bearer adn_not-a-real-token", "Bearer ", "Basic c2l0aTpyYWhhc2lh", "bearer"}) {
        HttpClient http(server.port());
        INFO(header);
        CHECK(http.request("GET", "/api/v1/tickets", "", "", {{"Authorization", header}}).status ==
              401);
    }
    HttpClient http(server.port());
    CHECK(http.request("GET", "/api/v1/tickets", "", "", {{"Cookie", "aduan_session=forged"}})
              .status == 401);
}

TEST_CASE("sign in sets an HttpOnly SameSite=Strict session cookie, me says who, logout ends it") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    ServerProcess server(db);
    HttpClient http(server.port());
    auto r = login(http, "siti", kPassword);
    REQUIRE(r.status == 200);
    CHECK(r.json()["username"] == "siti");
    CHECK(r.json()["role"] == "agent");
    CHECK(r.json()["expires_at"].is_string());
    const auto cookie = r.header("set-cookie");
    CHECK_THAT(cookie, Catch::Contains("HttpOnly"));
    CHECK_THAT(cookie, Catch::Contains("SameSite=Strict"));
    CHECK_THAT(cookie, Catch::Contains("Path=/"));
    CHECK_THAT(cookie, Catch::Contains("Max-Age=43200"));
    CHECK_THAT(cookie, !Catch::Contains("Secure"));
    const auto session = session_of(r);
    CHECK(session.size() == 43);  // 32 random bytes, base64url

    HttpClient browser(server.port());
    browser.set_header("Cookie", "aduan_session=" + session);
    auto me = browser.get("/api/v1/auth/me");
    REQUIRE(me.status == 200);
    CHECK(me.json() == json{{"username", "siti"},
                            {"display_name", "siti"},
                            {"role", "agent"},
                            {"via", "session"}});
    CHECK(browser
              .post("/api/v1/tickets",
                    json{{"subject", "s"}, {"channel", "web"}, {"category", "other"}})
              .status == 201);

    auto out = browser.request("POST", "/api/v1/auth/logout");
    CHECK(out.status == 204);
    CHECK_THAT(out.header("set-cookie"), Catch::Contains("Max-Age=0"));
    CHECK(browser.get("/api/v1/auth/me").status == 401);

    // Behind a TLS proxy the cookie is Secure.
    auto tls = http.request("POST", "/api/v1/auth/login",
                            json{{"username", "siti"}, {"password", kPassword}}.dump(),
                            "application/json", {{"X-Forwarded-Proto", "https"}});
    CHECK_THAT(tls.header("set-cookie"), Catch::Contains("; Secure"));
}

TEST_CASE("wrong passwords and unknown users get the same 401") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    ServerProcess server(db);
    HttpClient http(server.port());
    auto wrong = login(http, "siti", "not-her-password");
    auto unknown = login(http, "nobody", kPassword);
    CHECK(wrong.status == 401);
    CHECK(unknown.status == 401);
    CHECK(wrong.body == unknown.body);
    CHECK(wrong.header("set-cookie").empty());
    auto bad = http.post("/api/v1/auth/login", json{{"username", "siti"}});
    CHECK(bad.status == 400);
    CHECK(bad.json()["error"]["details"][0]["field"] == "password");
}

TEST_CASE("sign-in timing does not tell whether a username exists") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    ServerProcess server(db, {"--config", relaxed_config(dir)});
    HttpClient http(server.port());
    auto median_ms = [&](const std::string& user) {
        std::vector<double> ms;
        for (int i = 0; i < 7; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            REQUIRE(login(http, user, "wrong-password").status == 401);
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
        }
        std::sort(ms.begin(), ms.end());
        return ms[3];
    };
    const double existing = median_ms("siti"), missing = median_ms("nobody-at-all");
    INFO("existing " << existing << " ms, missing " << missing << " ms");
    // Both pay for one Argon2id verification (tens of ms); without the dummy hash, an unknown
    // name would answer in well under a millisecond.
    CHECK(missing > existing * 0.5);
    CHECK(missing < existing * 2);
}

TEST_CASE("failed sign-ins are rate-limited per username and per address, with Retry-After") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    ServerProcess server(db);
    HttpClient http(server.port());
    for (int i = 0; i < 5; ++i)
        REQUIRE(login(http, "siti", "guess-" + std::to_string(i)).status == 401);
    auto limited = login(http, "siti", kPassword);  // even the right password waits
    CHECK(limited.status == 429);
    CHECK(limited.json()["error"]["code"] == "too_many_requests");
    const int retry = std::stoi(limited.header("retry-after"));
    CHECK(retry >= 1);
    CHECK(retry <= 30);  // a stranger slows a user down; they cannot lock her out for long
    // Other usernames from this address still get their attempts, up to the address limit.
    int refused = 0;
    for (int i = 0; i < 20; ++i)
        refused += login(http, "user" + std::to_string(i), "x-wrong-x").status == 429;
    CHECK(refused > 0);
}

TEST_CASE("a revoked token and a disabled user are refused at once") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    const auto token = create_token(db, "agent");
    auto user_token =
        run_aduan({"token", "create", "--user", "siti", "--name", "siti-laptop", "--db", db});
    REQUIRE(user_token.code == 0);
    const auto siti_token =
        user_token.out.substr(user_token.out.rfind('\n', user_token.out.size() - 2) + 1, 47);
    ServerProcess server(db);
    HttpClient service(server.port(), token), siti(server.port(), siti_token),
        browser(server.port());
    REQUIRE(service.get("/api/v1/auth/me").status == 200);
    REQUIRE(siti.get("/api/v1/auth/me").json()["username"] == "siti");
    browser.set_header("Cookie", "aduan_session=" + session_of(login(browser, "siti", kPassword)));
    REQUIRE(browser.get("/api/v1/auth/me").status == 200);

    // Revoked from the command line while the service runs.
    auto list = run_aduan({"token", "list", "--db", db});
    REQUIRE(list.code == 0);
    REQUIRE(run_aduan({"token", "revoke", "--id", "1", "--db", db}).code == 0);
    turns([&] { return service.get("/api/v1/auth/me"); }, 401);

    REQUIRE(run_aduan({"user", "disable", "--username", "siti", "--db", db}).code == 0);
    turns([&] { return browser.get("/api/v1/auth/me"); }, 401);
    CHECK(siti.get("/api/v1/auth/me").status == 401);
    CHECK(login(browser, "siti", kPassword).status == 401);
    // Enabling her again does not bring her old session back.
    REQUIRE(run_aduan({"user", "enable", "--username", "siti", "--db", db}).code == 0);
    turns([&] { return siti.get("/api/v1/auth/me"); }, 200);
    CHECK(browser.get("/api/v1/auth/me").status == 401);
}

TEST_CASE("the database holds no password, token or session id in clear") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    const auto token = create_token(db, "admin");
    std::string session;
    {
        ServerProcess server(db);
        HttpClient http(server.port(), token);
        REQUIRE(http.get("/api/v1/auth/me").status == 200);
        session = session_of(login(http, "siti", kPassword));
        // Logs do not carry them either.
        CHECK_THAT(server.log(), !Catch::Contains(kPassword));
        CHECK_THAT(server.log(), !Catch::Contains(token));
        server.terminate();
    }
    const auto bytes = read_all(db) + read_all(db + "-wal");
    CHECK(bytes.find(kPassword) == std::string::npos);
    CHECK(bytes.find(token) == std::string::npos);
    CHECK(bytes.find(token.substr(4)) == std::string::npos);
    CHECK(bytes.find(session) == std::string::npos);
    CHECK(bytes.find("$argon2id$") != std::string::npos);  // the password is there, hashed
}

TEST_CASE(
    "browser hygiene: security headers everywhere, JSON-only bodies, no cross-site cookie writes, "
    "no CORS") {
    TempDir dir;
    const auto db = dir.file("a.db");
    add_user(db, "siti", "agent");
    ServerProcess server(db);
    HttpClient http(server.port());
    for (const auto& r :
         {http.get("/healthz"), http.get("/nowhere"), http.get("/api/v1/tickets")}) {
        CHECK_THAT(r.header("content-security-policy"), Catch::Contains("script-src 'self'"));
        CHECK_THAT(r.header("content-security-policy"), Catch::Contains("frame-ancestors 'none'"));
        CHECK(r.header("x-content-type-options") == "nosniff");
        CHECK(r.header("referrer-policy") == "no-referrer");
        CHECK(r.header("access-control-allow-origin").empty());
    }
    HttpClient browser(server.port());
    browser.set_header("Cookie", "aduan_session=" + session_of(login(http, "siti", kPassword)));
    const std::string ticket = R"({"subject":"s","channel":"web","category":"other"})";
    // A form post from another site: not JSON, and not from here.
    CHECK(
        browser.request("POST", "/api/v1/tickets", "subject=s", "application/x-www-form-urlencoded")
            .status == 415);
    CHECK(browser
              .request("POST", "/api/v1/tickets", ticket, "application/json",
                       {{"Origin", "https://evil.example"}})
              .status == 403);
    const auto host = "127.0.0.1:" + std::to_string(server.port());
    CHECK(browser
              .request("POST", "/api/v1/tickets", ticket, "application/json",
                       {{"Origin", "http://127.0.0.1"}, {"Host", host}})
              .status == 403);  // another port is another origin
    // Same origin is fine.
    CHECK(browser
              .request("POST", "/api/v1/tickets", ticket, "application/json",
                       {{"Origin", "http://" + host}, {"Host", host}})
              .status == 201);
    auto options = http.request("OPTIONS", "/api/v1/tickets");
    CHECK(options.status == 405);
    CHECK(options.header("access-control-allow-origin").empty());
}

TEST_CASE("user and token commands: token alone on the last line, clear errors with exit 2") {
    TempDir dir;
    const auto db = dir.file("a.db");
    auto created =
        run_aduan({"token", "create", "--role", "display", "--name", "lobby-tv", "--db", db});
    REQUIRE(created.code == 0);
    const auto last = created.out.substr(created.out.rfind('\n', created.out.size() - 2) + 1);
    CHECK(last.size() == 48);  // "adn_" + 43 characters + newline
    CHECK(last.rfind("adn_", 0) == 0);
    auto list = run_aduan({"token", "list", "--db", db});
    CHECK_THAT(list.out, Catch::Contains("lobby-tv"));
    CHECK_THAT(list.out, Catch::Contains("role display"));
    CHECK_THAT(list.out, !Catch::Contains(last.substr(0, 47)));

    add_user(db, "siti", "agent");
    auto taken = run_aduan(
        {"user", "add", "--username", "siti", "--role", "agent", "--password-stdin", "--db", db},
        "another-password\n");
    CHECK(taken.code == 2);
    CHECK(taken.err == "aduan user: --username: \"siti\" is taken\n");
    CHECK(run_aduan(
              {"user", "add", "--username", "x", "--role", "boss", "--password-stdin", "--db", db},
              "12345678\n")
              .code == 2);
    CHECK(run_aduan(
              {"user", "add", "--username", "x", "--role", "agent", "--password-stdin", "--db", db},
              "short\n")
              .code == 2);
    // No terminal and no --password-stdin: refuse rather than hang.
    CHECK(run_aduan({"user", "add", "--username", "x", "--role", "agent", "--db", db}).code == 2);
    CHECK(run_aduan({"token", "create", "--name", "t", "--db", db}).code == 2);
    CHECK(run_aduan({"token", "revoke", "--id", "99", "--db", db}).code == 2);
    CHECK(run_aduan({"user", "disable", "--username", "nobody", "--db", db}).code == 2);
    auto users = run_aduan({"user", "list", "--db", db});
    CHECK_THAT(users.out, Catch::Contains("siti"));
}
