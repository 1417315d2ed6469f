// The server as a process: keep-alive, limits, timeouts, shutdown, crash durability, CLI.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "storage/database.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace aduan::test;
using nlohmann::json;

namespace {

json ticket(const std::string& subject) {
    return {{"subject", subject}, {"channel", "web"}, {"category", "other"}};
}

std::string config_with_limits(TempDir& dir, const json& limits) {
    const auto path = dir.file("aduan.json");
    write_file(path, json{{"limits", limits}}.dump());
    return path;
}

// Creates tickets from several threads until told to stop; remembers every acknowledged one.
class Load {
  public:
    Load(std::uint16_t port, const std::string& token, int threads) {
        for (int t = 0; t < threads; ++t)
            threads_.emplace_back([this, port, t, token] {
                HttpClient http(port, token);
                for (int i = 0; !stop_; ++i) {
                    const std::string subject =
                        "load " + std::to_string(t) + "/" + std::to_string(i);
                    try {
                        auto r = http.post("/api/v1/tickets", ticket(subject));
                        if (r.status != 201) continue;
                        std::lock_guard l(mu_);
                        acked_[r.json()["id"].get<std::int64_t>()] = subject;
                        cv_.notify_all();
                    } catch (const std::exception&) {
                        return;  // the server went away
                    }
                }
            });
    }
    ~Load() { join(); }
    void wait_for_acks(std::size_t n) {
        std::unique_lock l(mu_);
        REQUIRE(cv_.wait_for(l, std::chrono::seconds(30), [&] { return acked_.size() >= n; }));
    }
    void join() {
        stop_ = true;
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }
    std::map<std::int64_t, std::string> acked() {
        std::lock_guard l(mu_);
        return acked_;
    }

  private:
    std::atomic<bool> stop_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::map<std::int64_t, std::string> acked_;
    std::vector<std::thread> threads_;
};

void check_all_present(std::uint16_t port, const std::string& token,
                       const std::map<std::int64_t, std::string>& acked) {
    HttpClient http(port, token);
    for (const auto& [id, subject] : acked) {
        auto r = http.get("/api/v1/tickets/" + std::to_string(id));
        INFO("ticket " << id);
        REQUIRE(r.status == 200);
        CHECK(r.json()["subject"] == subject);
    }
}

void check_integrity(const std::string& db) {
    aduan::storage::Connection c(db, aduan::storage::Connection::Mode::kReadOnly);
    aduan::storage::Statement st(c.handle(), "PRAGMA integrity_check");
    REQUIRE(st.step());
    CHECK(st.text(0) == "ok");
}

}  // namespace

TEST_CASE("keep-alive serves pipelined requests on one connection") {
    TempDir dir;
    ServerProcess server(dir.file("a.db"));
    auto r = raw_exchange(server.port(),
                          "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                          "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(r.closed);
    const auto first = r.bytes.find("HTTP/1.1 200 OK");
    REQUIRE(first != std::string::npos);
    CHECK(r.bytes.find("HTTP/1.1 200 OK", first + 1) != std::string::npos);
}

TEST_CASE("a malformed request gets 400 and the connection is closed") {
    TempDir dir;
    ServerProcess server(dir.file("a.db"));
    auto r = raw_exchange(server.port(), "NONSENSE\r\n\r\n");
    CHECK(r.closed);
    CHECK_THAT(r.bytes, Catch::StartsWith("HTTP/1.1 400 Bad Request"));
    CHECK_THAT(r.bytes, Catch::Contains(R"("code":"bad_request")"));
}

TEST_CASE("a Transfer-Encoding other than chunked alone is 400, and what follows is not run") {
    TempDir dir;
    const auto token = create_token(dir.file("a.db"), "agent");
    ServerProcess server(dir.file("a.db"));
    const std::string body = R"({"subject":"smuggled","channel":"web","category":"other"})";
    const std::string smuggled =
        "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
    for (const std::string coding :
         {"chunked, identity", "xchunked", "gzip", "chunked\r\nContent-Length: 4"}) {
        INFO(coding);
        // A second request where the body would be: a proxy that reads the codings otherwise
        // takes it for this one's body.
        auto r = raw_exchange(server.port(),
                              "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                  token + "\r\nContent-Type: application/json\r\n" +
                                  "Transfer-Encoding: " + coding + "\r\n\r\n" + smuggled);
        INFO(r.bytes);
        CHECK(r.bytes.rfind("HTTP/1.1 400", 0) == 0);
        CHECK(r.bytes.find("HTTP/1.1 201") == std::string::npos);
        CHECK(r.closed);
    }
    HttpClient http(server.port(), token);
    CHECK(http.get("/api/v1/tickets").json()["items"].empty());
}

TEST_CASE("an idle keep-alive connection is closed after the idle timeout") {
    TempDir dir;
    ServerProcess server(dir.file("a.db"),
                         {"--config", config_with_limits(dir, {{"idle_timeout", 1}})});
    auto r = raw_exchange(server.port(), "", std::chrono::seconds(20));
    CHECK(r.closed);
    CHECK(r.bytes.empty());
}

TEST_CASE("a request whose header never completes is cut off by the header timeout") {
    TempDir dir;
    ServerProcess server(dir.file("a.db"),
                         {"--config", config_with_limits(dir, {{"header_timeout", 1}})});
    auto r = raw_exchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n",
                          std::chrono::seconds(20));
    CHECK(r.closed);
}

TEST_CASE("connections past the cap get 503 with Retry-After") {
    TempDir dir;
    ServerProcess server(dir.file("a.db"),
                         {"--config", config_with_limits(dir, {{"max_connections", 2}})});
    HttpClient a(server.port()), b(server.port());
    REQUIRE(a.get("/healthz").status == 200);
    REQUIRE(b.get("/healthz").status == 200);
    HttpClient c(server.port());
    auto r = c.get("/healthz");
    CHECK(r.status == 503);
    CHECK(r.header("retry-after") == "1");
    CHECK(r.json()["error"]["code"] == "unavailable");
    a.reset();  // a closes; once the server has noticed, c gets in
    for (int i = 0; i < 1000 && r.status == 503; ++i)
        r = c.get("/healthz");
    CHECK(r.status == 200);
}

TEST_CASE(
    "with few descriptors, connections past what they allow get 503 and the log stays quiet") {
    TempDir dir;
    // 160 descriptors: 64 kept for files, event loops and logs, 96 for sockets.
    ServerProcess server(dir.file("a.db"), {}, 160);
    // More idle connections than the process has descriptors.
    std::vector<int> idle;
    for (int i = 0; i < 200; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(server.port());
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        idle.push_back(fd);
    }
    // A client still gets an answer at once: the documented 503, not silence.
    HttpClient c(server.port());
    auto r = c.get("/healthz");
    CHECK(r.status == 503);
    CHECK(r.header("retry-after") == "1");
    // The idle ones go; the service answers again.
    for (int fd : idle)
        ::close(fd);
    eventually([&] { return HttpClient(server.port()).get("/healthz").status; },
               [](int status) { return status == 200; }, std::chrono::seconds(10),
               "/healthz to answer 200 once the idle connections are gone");
    // No spinning on failed accepts: the log says so once, if at all.
    const auto log = server.log();
    std::size_t failures = 0;
    for (auto at = log.find("http.accept_failed"); at != std::string::npos;
         at = log.find("http.accept_failed", at + 1))
        ++failures;
    CHECK(failures <= 2);
    CHECK(log.find("http.connections_capped") != std::string::npos);
}

TEST_CASE("a database file the service may not write: it refuses to start, naming the file") {
    TempDir dir;
    const auto db = dir.file("a.db");
    create_token(db, "admin");  // makes the database
    // Read-only for the user the service runs as: as root (CI), permissions do not bind, so
    // the service runs as nobody.
    std::vector<std::string> command{"/usr/bin/timeout", "20"};
    if (::geteuid() == 0) {
        for (const auto& f : std::filesystem::directory_iterator(dir.path()))
            std::filesystem::permissions(f.path(), std::filesystem::perms::owner_read |
                                                       std::filesystem::perms::group_read |
                                                       std::filesystem::perms::others_read);
        std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all |
                                                     std::filesystem::perms::group_read |
                                                     std::filesystem::perms::group_exec |
                                                     std::filesystem::perms::others_read |
                                                     std::filesystem::perms::others_exec);
        command.insert(command.end(),
                       {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
    } else {
        std::filesystem::permissions(db, std::filesystem::perms::owner_read);
    }
    command.insert(command.end(), {aduan_binary(), "serve", "--listen", "127.0.0.1:0", "--db", db});
    const auto r = run_command(command);
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains(db));
    CHECK_THAT(r.err, Catch::Contains("read-only"));
    CHECK(r.out.find("listening on") == std::string::npos);
}

TEST_CASE("a configured body limit is enforced") {
    TempDir dir;
    const auto token = create_token(dir.file("a.db"), "agent");
    ServerProcess server(dir.file("a.db"),
                         {"--config", config_with_limits(dir, {{"body_limit", 2048}})});
    HttpClient http(server.port(), token);
    json body = ticket("x");
    body["description"] = std::string(3000, 'd');
    CHECK(http.post("/api/v1/tickets", body).status == 413);
    http.reset();
    body["description"] = std::string(1000, 'd');
    CHECK(http.post("/api/v1/tickets", body).status == 201);
}

TEST_CASE("SIGTERM with an idle connection open: the server closes it and exits 0") {
    TempDir dir;
    const auto token = create_token(dir.file("a.db"), "agent");
    ServerProcess server(dir.file("a.db"));
    HttpClient http(server.port(), token);
    REQUIRE(http.post("/api/v1/tickets", ticket("before shutdown")).status == 201);
    CHECK(server.terminate() == 0);
    ServerProcess again(dir.file("a.db"));
    HttpClient http2(again.port(), token);
    CHECK(http2.get("/api/v1/tickets").json()["items"].size() == 1);
}

TEST_CASE(
    "SIGTERM under load: in-flight requests finish, every acknowledged ticket is kept, exit 0") {
    TempDir dir;
    const auto db = dir.file("a.db");
    const auto token = create_token(db, "agent");
    std::map<std::int64_t, std::string> acked;
    {
        ServerProcess server(db);
        Load load(server.port(), token, 8);
        load.wait_for_acks(300);
        CHECK(server.terminate() == 0);
        CHECK_THAT(server.log(), !Catch::Contains("shutdown_grace_expired"));
        load.join();
        acked = load.acked();
    }
    ServerProcess again(db);
    check_all_present(again.port(), token, acked);
    again.terminate();
    check_integrity(db);
}

TEST_CASE("kill -9 during concurrent creates loses no acknowledged ticket") {
    TempDir dir;
    const auto db = dir.file("a.db");
    const auto token = create_token(db, "admin");
    std::map<std::int64_t, std::string> acked;
    {
        ServerProcess server(db);
        Load load(server.port(), token, 16);
        load.wait_for_acks(1000);
        server.kill9();
        load.join();
        acked = load.acked();
    }
    REQUIRE(acked.size() >= 1000);
    check_integrity(db);
    ServerProcess again(db);
    check_all_present(again.port(), token, acked);
    // The counters restart from what the store holds.
    HttpClient http(again.port(), token);
    auto metrics = http.get("/metrics").body;
    const auto pos = metrics.find("aduan_tickets{status=\"new\"} ");
    REQUIRE(pos != std::string::npos);
    CHECK(std::stoul(metrics.substr(pos + 28)) >= acked.size());
}

TEST_CASE("command line: bad arguments exit 2 with one line, failures exit 1") {
    auto none = run_aduan({});
    CHECK(none.code == 2);
    auto unknown = run_aduan({"frobnicate"});
    CHECK(unknown.code == 2);
    CHECK(unknown.err == "aduan: unknown command \"frobnicate\" (try aduan --help)\n");
    auto option = run_aduan({"serve", "--bogus"});
    CHECK(option.code == 2);
    CHECK(option.err == "aduan serve: unknown option --bogus\n");
    auto missing_value = run_aduan({"serve", "--db"});
    CHECK(missing_value.code == 2);
    CHECK(missing_value.err == "aduan serve: --db needs a value\n");
    TempDir dir;
    auto listen = run_aduan({"serve", "--listen", "nowhere", "--db", dir.file("a.db")});
    CHECK(listen.code == 2);
    write_file(dir.file("bad.json"), R"({"timezone": "Mars/Olympus"})");
    auto config = run_aduan({"serve", "--config", dir.file("bad.json")});
    CHECK(config.code == 2);
    CHECK_THAT(config.err, Catch::Contains("timezone: unknown time zone \"Mars/Olympus\""));
    auto db = run_aduan({"serve", "--listen", "127.0.0.1:0", "--db", "/nonexistent-dir/a.db"});
    CHECK(db.code == 1);
    CHECK(std::count(db.err.begin(), db.err.end(), '\n') == 1);
    CHECK(run_aduan({"--version"}).code == 0);
}
