#include "storage/reader_pool.hpp"

#include "runtime/log.hpp"
#include "runtime/thread_name.hpp"

namespace aduan::storage {

ReaderPool::ReaderPool(const std::string& path, std::size_t threads, std::size_t max_queue)
    : max_queue_(max_queue) {
    for (std::size_t i = 0; i < threads; ++i)
        conns_.push_back(std::make_unique<Connection>(path, Connection::Mode::kReadOnly));
    for (auto& c : conns_)
        threads_.emplace_back([this, conn = c.get()] {
            name_this_thread("reader");
            run(*conn);
        });
}

ReaderPool::~ReaderPool() {
    stop();
}

bool ReaderPool::enqueue(Job job) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || queue_.size() >= max_queue_) return false;
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
}

void ReaderPool::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
    conns_.clear();
}

void ReaderPool::run(Connection& c) {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        // A query that throws is answered with an error; the job is not run twice.
        try {
            job(&c, nullptr);
        } catch (const StorageError& e) {
            log::error("storage.read_failed", {{"error", e.what()}});
            const Error err = e.transient() ? Error::unavailable("storage unavailable, retry later")
                                            : Error::internal("storage failure");
            job(nullptr, &err);
        }
    }
}

}  // namespace aduan::storage
