// The WAL batching VFS (storage/wal_vfs.hpp) under the conditions it must get right: a commit
// is readable by another connection as soon as it returns, transactions larger than its
// buffer, the WAL's checkpoints and restarts, and reopening after all of it.
#include "storage/wal_vfs.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <string>

#include "storage/database.hpp"
#include "support/server_process.hpp"

using namespace aduan;
using namespace aduan::storage;

namespace {

std::int64_t count(Connection& c, const std::string& where = "1") {
    auto& st = c.prepare("SELECT count(*), coalesce(sum(length(body)), 0) FROM t WHERE " + where);
    REQUIRE(st.step());
    return st.int64(0);
}

std::string integrity(Connection& c) {
    auto& st = c.prepare("PRAGMA integrity_check");
    REQUIRE(st.step());
    return std::string(st.text_view(0));
}

}  // namespace

TEST_CASE("through the WAL batching VFS every commit is visible to readers when it returns") {
    test::TempDir dir;
    const auto path = dir.file("v.db");
    Connection writer(path, Connection::Mode::kReadWrite);
    writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, body TEXT)");
    Connection reader(path, Connection::Mode::kReadOnly);
    // Small commits, each checked by a reader on the default VFS at once; a few checkpoints
    // and WAL restarts happen on the way (1,000 pages each).
    for (int i = 1; i <= 3000; ++i) {
        Transaction tx(writer);
        writer.prepare("INSERT INTO t (n, body) VALUES (?, ?)")
            .bind(1, i)
            .bind(2, std::string(1500, char('a' + i % 26)))
            .run();
        tx.commit();
        if (i % 250 == 0) REQUIRE(count(reader) == i);
    }
    CHECK(integrity(reader) == "ok");
}

TEST_CASE("through the WAL batching VFS a transaction larger than its buffer commits whole") {
    test::TempDir dir;
    const auto path = dir.file("v.db");
    {
        Connection writer(path, Connection::Mode::kReadWrite);
        writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, body TEXT)");
        Transaction tx(writer);
        for (int i = 0; i < 400; ++i)  // ~6 MB: dozens of buffers' worth, and big rows
            writer.prepare("INSERT INTO t (n, body) VALUES (?, ?)")
                .bind(1, i)
                .bind(2, std::string(i % 10 == 0 ? 200000 : 5000, 'x'))
                .run();
        tx.commit();
        Connection reader(path, Connection::Mode::kReadOnly);
        CHECK(count(reader) == 400);
        // A rolled-back transaction leaves nothing behind.
        Transaction undone(writer);
        writer.prepare("INSERT INTO t (n, body) VALUES (?, ?)").bind(1, -1).bind(2, "no").run();
    }
    Connection again(path, Connection::Mode::kReadOnly);
    CHECK(count(again) == 400);
    CHECK(count(again, "n = -1") == 0);
    CHECK(integrity(again) == "ok");
}
