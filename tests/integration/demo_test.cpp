// aduan serve --demo and aduan simulate (issue #8): the demo prints its accounts once and
// produces traffic within seconds, visible on the wallboard; the simulator drives any running
// instance through the public API and says what it did; bad arguments exit 2.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <thread>

#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace aduan::test;
using nlohmann::json;

TEST_CASE("the demo creates one account per role and moves the wallboard within seconds") {
    TempDir dir;
    ServerProcess server(dir.file("demo.db"), {"--demo"});
    // The accounts are printed right after the address.
    const std::string out = eventually(
        [&] { return server.output(); },
        [](const std::string& o) { return o.find("demo:   admin") != std::string::npos; },
        std::chrono::seconds(10), "the demo's accounts on standard output");
    std::smatch m;
    REQUIRE(std::regex_search(out, m, std::regex("demo:   supervisor  supervisor ([A-Za-z0-9]+)")));
    const std::string password = m[1];
    REQUIRE(std::regex_search(out, m, std::regex("wallboard#token=(adn_[A-Za-z0-9_-]+)")));
    const std::string display = m[1];
    for (const char* role : {"agen        agent", "manajer     manager", "admin       admin"})
        CHECK_THAT(out, Catch::Contains(std::string("demo:   ") + role + " "));

    // A printed password signs in.
    HttpClient browser(server.port());
    const auto login =
        browser.post("/api/v1/auth/login", {{"username", "supervisor"}, {"password", password}});
    REQUIRE(login.status == 200);
    CHECK(login.json()["role"] == "supervisor");

    // Complaints arrive at once, and agents start working them.
    HttpClient board(server.port(), display);
    eventually([&] { return board.get("/api/v1/wallboard").json()["today"]["created"].get<int>(); },
               [](int created) { return created >= 5; }, std::chrono::seconds(10),
               "five complaints created today");
    HttpClient http(server.port());
    http.set_header("Cookie",
                    login.header("set-cookie").substr(0, login.header("set-cookie").find(';')));
    eventually([&] { return !http.get("/api/v1/tickets?status=open").json()["items"].empty(); },
               std::chrono::seconds(60), "an agent to open a complaint");
    const auto items = http.get("/api/v1/tickets?limit=5").json()["items"];
    REQUIRE_FALSE(items.empty());
    CHECK_FALSE(items[0]["subject"].get<std::string>().empty());
    CHECK(items[0]["requester"].contains("phone"));
}

TEST_CASE("aduan simulate drives a running service and says what it did") {
    TempDir dir;
    const auto db = dir.file("a.db");
    const auto token = create_token(db, "supervisor");
    ServerProcess server(db);
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    // Fast agents (a hundredth of the usual delays), no hourly pattern, a fixed seed.
    const auto r = run_aduan({"simulate", "--url", url, "--token", token, "--rate", "20",
                              "--duration", "3s", "--pace", "0.01", "--flat", "--seed", "7"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::smatch m;
    REQUIRE(
        std::regex_search(r.out, m, std::regex(R"((\d+) complaints created, (\d+) responses)")));
    const int created = std::stoi(m[1]);
    CHECK(created >= 10);
    CHECK(std::stoi(m[2]) >= 1);

    HttpClient http(server.port(), token);
    const auto list = http.get("/api/v1/tickets?limit=500").json()["items"];
    CHECK(int(list.size()) == created);
    bool answered = false, assigned = false;
    for (const auto& t : list) {
        answered = answered || !t["first_responded_at"].is_null();
        assigned = assigned || !t["assignee"].is_null();
    }
    CHECK(answered);
    CHECK(assigned);
}

TEST_CASE("aduan simulate refuses bad arguments and an unreachable service") {
    CHECK(run_aduan({"simulate", "--token", "x"}).code == 2);
    CHECK(run_aduan({"simulate", "--url", "ftp://x", "--token", "x"}).code == 2);
    CHECK(run_aduan({"simulate", "--url", "http://127.0.0.1:1", "--token", "x", "--rate", "-1"})
              .code == 2);
    CHECK(run_aduan({"simulate", "--url", "http://127.0.0.1:1", "--token", "x", "--duration", "1d"})
              .code == 2);
    const auto r =
        run_aduan({"simulate", "--url", "http://127.0.0.1:1", "--token", "x", "--duration", "1s"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot reach http://127.0.0.1:1"));
}

TEST_CASE("the demo refuses a database it did not make, unless told, and leaves it untouched") {
    TempDir dir;
    const auto db = dir.file("real.db");
    const auto admin = create_token(db, "admin");
    REQUIRE(run_aduan({"user", "add", "--username", "admin", "--role", "admin", "--password-stdin",
                       "--db", db},
                      "a-long-real-password\n")
                .code == 0);
    const auto r = run_aduan({"serve", "--listen", "127.0.0.1:0", "--db", db, "--demo"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("real.db"));
    CHECK_THAT(r.err, Catch::Contains("--demo-on-existing"));
    // The admin's password is still the real one, and no tickets were written.
    ServerProcess server(db);
    HttpClient browser(server.port());
    CHECK(browser
              .post("/api/v1/auth/login",
                    {{"username", "admin"}, {"password", "a-long-real-password"}})
              .status == 200);
    HttpClient http(server.port(), admin);
    CHECK(http.get("/api/v1/tickets").json()["items"].empty());
    // A second demo start on its own database is fine.
    const auto demo_db = dir.file("demo.db");
    { ServerProcess first(demo_db, {"--demo"}); }
    ServerProcess again(demo_db, {"--demo"});
    CHECK(again.port() > 0);
}
