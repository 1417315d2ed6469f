// A thin RAII layer over SQLite: a Connection owns one sqlite3 handle and a cache of prepared
// statements; a Statement binds parameters by position and steps rows; a Transaction rolls
// back unless committed. Only storage/ sees sqlite3.h.
//
// Failures throw StorageError. That exception never leaves storage/: the writer and the
// reader pool catch it at their boundary and turn it into an Error value.
//
// Thread-safety: a Connection and its statements belong to one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace aduan::storage {

class StorageError : public std::runtime_error {
  public:
    StorageError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }
    // True for failures worth retrying later (busy, locked, out of disk, I/O).
    bool transient() const;

  private:
    int code_;
};

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    // Binds text without copying it: `value` must stay alive and unchanged until the
    // statement has run (the writer's inserts bind the fields of a row this way).
    Statement& bind_ref(int index, std::string_view value);
    Statement& bind_ref(int index, const std::string& value) {
        return bind_ref(index, std::string_view(value));
    }
    Statement& bind_ref(int index, std::string&&) = delete;  // would not outlive the run
    Statement& bind_ref(int index, const std::optional<std::string>& value) {
        return value ? bind_ref(index, std::string_view(*value)) : bind_null(index);
    }
    Statement& bind_null(int index);
    Statement& bind_blob(int index, std::string_view bytes);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Steps once: true when a row is ready, false when done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Resets for reuse and clears bindings.
    void reset();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    // The text of a column without a copy; valid until the next step() or reset().
    std::string_view text_view(int column) const;
    std::optional<std::string> opt_text(int column) const;
    std::optional<std::int64_t> opt_int64(int column) const;
    std::string blob(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
  public:
    enum class Mode { kReadWrite, kReadOnly };
    // Opens (and for kReadWrite creates) the database at `path` with the service's pragmas:
    // WAL, synchronous=FULL, foreign keys on, a busy timeout.
    Connection(const std::string& path, Mode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(std::string_view sql);
    // A prepared statement kept for the connection's lifetime, reset and ready to bind.
    Statement& prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    sqlite3* handle() { return db_; }

  private:
    sqlite3* db_ = nullptr;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded.
class Transaction {
  public:
    explicit Transaction(Connection& c);
    ~Transaction();
    void commit();

  private:
    Connection& c_;
    bool done_ = false;
};

// SAVEPOINT inside a transaction; rolled back to on destruction unless released.
class Savepoint {
  public:
    explicit Savepoint(Connection& c);
    ~Savepoint();
    void release();

  private:
    Connection& c_;
    bool done_ = false;
};

// Applies the migrations of a schema script (see schema.sql) that the database lacks.
// Returns the resulting version. Throws StorageError when the database is newer than the
// script knows or a migration fails (and then changes nothing).
int migrate(Connection& c, std::string_view script);

// The schema.sql embedded at build time.
std::string_view schema_sql();

}  // namespace aduan::storage
