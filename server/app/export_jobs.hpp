// Long read-only jobs (report exports) on threads of their own, so that they never hold a
// network thread or a reader thread that short queries wait on. At most `max_running` run at
// once; a further one is refused (the API answers 503 with Retry-After).
//
// Thread-safety: try_start() may be called from any thread; the destructor waits for the
// running jobs (they stop early once their client has gone).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.hpp"

namespace aduan {

class ExportJobs {
  public:
    explicit ExportJobs(std::size_t max_running) : max_running_(max_running) {}
    ~ExportJobs();
    ExportJobs(const ExportJobs&) = delete;
    ExportJobs& operator=(const ExportJobs&) = delete;

    // Runs `job` on a new thread; false (and nothing runs) when max_running jobs are running.
    // `then`, if given, runs on that thread after the job has returned and given back its
    // place (so a client told "done" by `then` can start the next job at once), unless the
    // job threw.
    bool try_start(std::function<void()> job, std::function<void()> then = {});
    // Runs `read` as a job with a read-only connection of its own to the database at `db`,
    // inside one read transaction, so that every part of an export sees the same data; then,
    // with the connection closed, `finished` if `read` returned true (false: it stopped early).
    bool try_read(const std::string& db, std::function<bool(storage::Connection&)> read,
                  std::function<void()> finished);
    std::size_t running() const;

  private:
    void reap(std::unique_lock<std::mutex>& lock);

    const std::size_t max_running_;
    mutable std::mutex mu_;
    std::condition_variable idle_;
    std::size_t running_ = 0;
    std::vector<std::thread> threads_;
    std::vector<std::thread::id> finished_;
};

}  // namespace aduan
