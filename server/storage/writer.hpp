// The single writer: one thread owns the database's write connection and applies every
// change. It drains whatever requests are queued (up to a batch limit), applies each inside a
// savepoint of one BEGIN IMMEDIATE transaction, commits once (WAL, synchronous=FULL: the
// commit is on disk when COMMIT returns), and only then completes the requests, in order.
// This is group commit: under load one fsync serves many requests.
//
// An operation that fails (returns an Error or throws StorageError) is rolled back to its
// savepoint alone; the rest of the batch commits. An operation submitted with
// Isolation::kBatch has no savepoint: it promises to return an Error only before its first
// write, and a StorageError it throws fails the whole batch. (A savepoint copies every page
// the operation touches into its undo log: for a ticket's creation that was a third of the
// writer's instructions.) If the commit itself fails, every operation of the batch completes
// with kUnavailable and nothing of it is stored.
//
// Completions run after the commit, in commit order: by default on the writer thread; with
// a completion runner, a batch's completions are handed to the runner as one task (the
// server runs them on its first network thread, so a commit costs one cross-thread
// wake-up rather than one per request). The runner must run tasks one at a time, in the
// order given: later consumers of changes (SLA scheduler, wallboard) rely on that order.
//
// Thread-safety: submit() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/error.hpp"
#include "storage/database.hpp"

namespace aduan::storage {

enum class Isolation {
    kSavepoint,  // the operation's own savepoint: its failure undoes its writes alone
    kBatch,      // none: it fails only before writing, or a StorageError fails the batch
};

struct WriterOptions {
    std::size_t max_batch = 1024;   // operations per transaction
    std::size_t max_queue = 20000;  // queued operations before submit() refuses
    std::chrono::seconds optimize_every{600};
};

class Writer {
  public:
    // Opens the database (creating it if needed) and brings its schema up to date.
    // Throws StorageError when it cannot.
    Writer(const std::string& path, WriterOptions options);
    ~Writer();  // stop()s
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Queues `apply` (run on the writer thread inside the batch transaction) and `done`
    // (run on the writer thread after the commit, with apply's result or a commit failure).
    // Returns false, and calls nothing, when the queue is full or the writer stopped.
    template <typename T>
    bool submit(std::function<Result<T>(Connection&)> apply, std::function<void(Result<T>)> done,
                Isolation isolation = Isolation::kSavepoint);

    // Called after every commit with the batch size and the commit's duration.
    void on_batch(std::function<void(std::size_t, std::chrono::nanoseconds)> observer);

    // Where completions run (see above); set before submitting, or never.
    using Runner = std::function<void(std::function<void()>)>;
    void set_completion_runner(Runner runner);

    // Applies everything already queued, commits, runs PRAGMA optimize and stops the thread.
    // Whether the last batch failed to commit (disk full, I/O error, a file made read-only
    // under it): the store cannot write until a batch commits again.
    bool failing() const { return write_failure_.load(std::memory_order_relaxed); }
    void stop();

    std::size_t queue_depth() const;

  private:
    std::atomic<bool> write_failure_{false};
    struct Job {
        std::function<bool(Connection&)> apply;       // true when the op succeeded
        std::function<void(const Error*)> complete;   // null, or why the batch failed
        std::function<void(const Error&)> op_failed;  // the op threw StorageError
        Isolation isolation = Isolation::kSavepoint;
    };
    bool enqueue(Job job);
    void run();
    void apply_batch(std::deque<Job>& batch);

    std::unique_ptr<Connection> conn_;
    WriterOptions options_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::function<void(std::size_t, std::chrono::nanoseconds)> observer_;
    Runner runner_;
    std::thread thread_;
};

template <typename T>
bool Writer::submit(std::function<Result<T>(Connection&)> apply,
                    std::function<void(Result<T>)> done, Isolation isolation) {
    auto result = std::make_shared<std::optional<Result<T>>>();
    Job job;
    job.apply = [result, apply = std::move(apply)](Connection& c) {
        result->emplace(apply(c));
        return (*result)->ok();
    };
    job.op_failed = [result](const Error& e) { result->emplace(e); };
    job.isolation = isolation;
    job.complete = [result, done = std::move(done)](const Error* batch_error) {
        if (batch_error) {
            done(Result<T>(*batch_error));
        } else {
            done(std::move(**result));
        }
    };
    return enqueue(std::move(job));
}

}  // namespace aduan::storage
