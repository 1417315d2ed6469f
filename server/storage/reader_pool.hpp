// Read-only queries off the network threads: a few threads, each with its own read-only
// connection (WAL lets them read while the writer writes; they see every committed change).
// Jobs run in submission order per thread; completions run on the reader thread and must be
// quick.
//
// Thread-safety: submit() may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "storage/database.hpp"

namespace aduan::storage {

class ReaderPool {
  public:
    // Opens `threads` read-only connections to an existing database. Throws StorageError.
    ReaderPool(const std::string& path, std::size_t threads, std::size_t max_queue);
    ~ReaderPool();  // stop()s
    ReaderPool(const ReaderPool&) = delete;
    ReaderPool& operator=(const ReaderPool&) = delete;

    // Runs `query` on a reader thread and passes its result (or a storage failure) to `done`.
    // Returns false, calling nothing, when the queue is full or the pool stopped.
    template <typename T>
    bool submit(std::function<Result<T>(Connection&)> query, std::function<void(Result<T>)> done) {
        return enqueue(
            [query = std::move(query), done = std::move(done)](Connection* c, const Error* err) {
                if (err) {
                    done(Result<T>(*err));
                } else {
                    done(query(*c));
                }
            });
    }

    // Finishes queued jobs and joins the threads.
    void stop();

  private:
    // Runs with a connection, or with the error that the query raised.
    using Job = std::function<void(Connection*, const Error*)>;
    bool enqueue(Job job);
    void run(Connection& c);

    std::vector<std::unique_ptr<Connection>> conns_;
    std::size_t max_queue_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace aduan::storage
