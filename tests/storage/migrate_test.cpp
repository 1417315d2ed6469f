#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "support/server_process.hpp"

using namespace aduan;
using namespace aduan::storage;

namespace {

int user_version(Connection& c) {
    auto& st = c.prepare("PRAGMA user_version");
    st.step();
    return int(st.int64(0));
}

std::int64_t count(Connection& c, const std::string& sql) {
    Statement st(c.handle(), sql);
    st.step();
    return st.int64(0);
}

constexpr std::string_view kV1 = "-- header\n-- migration 1\nCREATE TABLE t (a INTEGER);\n";
constexpr std::string_view kV2 =
    "-- header\n-- migration 1\nCREATE TABLE t (a INTEGER);\n"
    "-- migration 2\nALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'x';\nCREATE TABLE u (c "
    "INTEGER);\n";

}  // namespace

TEST_CASE("a new database gets every migration and their version") {
    test::TempDir dir;
    Connection c(dir.file("a.db"), Connection::Mode::kReadWrite);
    CHECK(migrate(c, kV2) == 2);
    CHECK(user_version(c) == 2);
    c.exec("INSERT INTO u (c) VALUES (1)");
}

TEST_CASE("an older database upgrades in place and keeps its rows") {
    test::TempDir dir;
    {
        Connection c(dir.file("a.db"), Connection::Mode::kReadWrite);
        REQUIRE(migrate(c, kV1) == 1);
        c.exec("INSERT INTO t (a) VALUES (41), (42)");
    }
    Connection c(dir.file("a.db"), Connection::Mode::kReadWrite);
    CHECK(migrate(c, kV2) == 2);
    CHECK(count(c, "SELECT count(*) FROM t WHERE b = 'x'") == 2);
    CHECK(migrate(c, kV2) == 2);  // idempotent
}

TEST_CASE("a database newer than the schema is refused untouched") {
    test::TempDir dir;
    Connection c(dir.file("a.db"), Connection::Mode::kReadWrite);
    REQUIRE(migrate(c, kV2) == 2);
    CHECK_THROWS_WITH(migrate(c, kV1), Catch::Contains("newer than this aduan knows"));
    CHECK(user_version(c) == 2);
}

TEST_CASE("a failing migration leaves the database as it was") {
    test::TempDir dir;
    Connection c(dir.file("a.db"), Connection::Mode::kReadWrite);
    REQUIRE(migrate(c, kV1) == 1);
    const std::string broken = std::string(kV1) + "-- migration 2\nCREATE TABLE v (x);\nNOT SQL;\n";
    CHECK_THROWS_AS(migrate(c, broken), StorageError);
    CHECK(user_version(c) == 1);
    CHECK(count(c, "SELECT count(*) FROM sqlite_schema WHERE name = 'v'") == 0);
}

TEST_CASE("the shipped schema applies and sets WAL, foreign keys and full sync") {
    test::TempDir dir;
    Connection c(dir.file("a.db"), Connection::Mode::kReadWrite);
    CHECK(migrate(c, schema_sql()) >= 1);
    Statement mode(c.handle(), "PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
    CHECK(count(c, "PRAGMA synchronous") == 2);  // FULL
    CHECK(count(c, "PRAGMA foreign_keys") == 1);
}
