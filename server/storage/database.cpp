#include "storage/database.hpp"
#include "storage/wal_vfs.hpp"

#include <sqlite3.h>

#include <mutex>
#include <string>

namespace aduan::storage {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
    std::string msg(context);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw StorageError(rc, msg);
}

}  // namespace

bool StorageError::transient() const {
    switch (code_ & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
            return true;
        default:
            return false;
    }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    const int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                       SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind_ref(int index, std::string_view value) {
    const int rc =
        sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    const int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    fail(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(p, size_t(n)) : std::string();
}

std::string_view Statement::text_view(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string_view(p, size_t(n)) : std::string_view();
}

std::string Statement::blob(int column) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(p, size_t(n)) : std::string();
}

std::optional<std::string> Statement::opt_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::opt_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

Connection::Connection(const std::string& path, Mode mode) {
    // Memory statistics cost a global mutex on every SQLite allocation; we do not read them.
    // This must run before SQLite initialises, i.e. before the first connection opens.
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    const int flags = mode == Mode::kReadOnly
                          ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    // Read-write connections write their WAL through the batching VFS (storage/wal_vfs.hpp),
    // which relies on the synchronous=FULL set below.
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags,
                                   mode == Mode::kReadWrite ? wal_batching_vfs() : nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = "open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StorageError(rc, msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    // SQLite opens a file it may not write read-only without a word, and every write would
    // then fail: better to say so now, naming the file.
    if (mode == Mode::kReadWrite && sqlite3_db_readonly(db_, "main") == 1) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StorageError(SQLITE_READONLY,
                           "cannot write to " + path +
                               ": the file is read-only (its permissions, or its folder's, do "
                               "not let this user write it)");
    }
    if (mode == Mode::kReadWrite) {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        // Every operation of a batch runs in its own savepoint, whose undo log (a statement
        // journal) SQLite otherwise writes to a temporary file, page by page: in memory it is
        // what a savepoint needs without a system call per page (import: 9,700 -> 17,500
        // tickets/s). Only the writer's connection writes; its batches are bounded.
        exec("PRAGMA temp_store=MEMORY");
    }
    exec("PRAGMA foreign_keys=ON");
}

Connection::~Connection() {
    cache_.clear();
    if (db_) sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw StorageError(rc, msg);
    }
}

Statement& Connection::prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end())
        it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
    it->second->reset();
    return *it->second;
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

int Connection::changes() const {
    return sqlite3_changes(db_);
}

// Transaction control runs as cached prepared statements: the writer opens a savepoint for
// every operation, and sqlite3_exec would parse each one anew (~5% of the writer's CPU).
Transaction::Transaction(Connection& c) : c_(c) {
    c_.prepare("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
    if (!done_) {
        try {
            c_.exec("ROLLBACK");
        } catch (const StorageError&) {
            // Rolling back after a failed COMMIT can itself fail; SQLite has then already
            // rolled back.
        }
    }
}

void Transaction::commit() {
    c_.prepare("COMMIT").run();
    done_ = true;
}

Savepoint::Savepoint(Connection& c) : c_(c) {
    c_.prepare("SAVEPOINT op").run();
}

Savepoint::~Savepoint() {
    if (!done_) {
        try {
            c_.exec("ROLLBACK TO op");
            c_.exec("RELEASE op");
        } catch (const StorageError&) {
        }
    }
}

void Savepoint::release() {
    c_.prepare("RELEASE op").run();
    done_ = true;
}

}  // namespace aduan::storage
