#include "storage/writer.hpp"

#include <sqlite3.h>

#include "runtime/log.hpp"
#include "runtime/thread_name.hpp"

namespace aduan::storage {

namespace {

Error to_error(const StorageError& e) {
    if (e.transient()) return Error::unavailable("storage unavailable, retry later");
    return Error::internal("storage failure");
}

}  // namespace

Writer::Writer(const std::string& path, WriterOptions options)
    : conn_(std::make_unique<Connection>(path, Connection::Mode::kReadWrite)), options_(options) {
    migrate(*conn_, schema_sql());
    thread_ = std::thread([this] {
        name_this_thread("writer");
        run();
    });
}

Writer::~Writer() {
    stop();
}

void Writer::on_batch(std::function<void(std::size_t, std::chrono::nanoseconds)> observer) {
    std::lock_guard lock(mu_);
    observer_ = std::move(observer);
}

void Writer::set_completion_runner(Runner runner) {
    std::lock_guard lock(mu_);
    runner_ = std::move(runner);
}

bool Writer::enqueue(Job job) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || queue_.size() >= options_.max_queue) return false;
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
}

std::size_t Writer::queue_depth() const {
    std::lock_guard lock(mu_);
    return queue_.size();
}

void Writer::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
    if (conn_) {
        try {
            conn_->exec("PRAGMA optimize");
        } catch (const StorageError& e) {
            log::warn("storage.optimize_failed", {{"error", e.what()}});
        }
        conn_.reset();
    }
}

void Writer::run() {
    auto last_optimize = std::chrono::steady_clock::now();
    std::deque<Job> batch;
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, options_.optimize_every,
                         [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() && stopping_) return;
            while (!queue_.empty() && batch.size() < options_.max_batch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        if (!batch.empty()) apply_batch(batch);
        batch.clear();
        if (std::chrono::steady_clock::now() - last_optimize >= options_.optimize_every) {
            last_optimize = std::chrono::steady_clock::now();
            try {
                conn_->exec("PRAGMA optimize");
            } catch (const StorageError& e) {
                log::warn("storage.optimize_failed", {{"error", e.what()}});
            }
        }
    }
}

void Writer::apply_batch(std::deque<Job>& batch) {
    const auto start = std::chrono::steady_clock::now();
    std::optional<Error> batch_error;
    try {
        Transaction tx(*conn_);
        for (auto& job : batch) {
            if (job.isolation == Isolation::kBatch) {
                job.apply(*conn_);  // a StorageError fails the batch (caught below)
                continue;
            }
            try {
                Savepoint sp(*conn_);
                if (job.apply(*conn_)) sp.release();
            } catch (const StorageError& e) {
                // If SQLite rolled the whole transaction back (disk full, I/O error), the
                // savepoint is gone and what came before it with it: fail the whole batch.
                if (sqlite3_get_autocommit(conn_->handle())) throw;
                log::error("storage.op_failed", {{"error", e.what()}});
                job.op_failed(to_error(e));
            }
        }
        tx.commit();
        write_failure_.store(false, std::memory_order_relaxed);
    } catch (const StorageError& e) {
        log::error("storage.commit_failed", {{"error", e.what()}, {"batch", batch.size()}});
        batch_error = to_error(e);
        write_failure_.store(true, std::memory_order_relaxed);
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    std::function<void(std::size_t, std::chrono::nanoseconds)> observer;
    Runner runner;
    {
        std::lock_guard lock(mu_);
        observer = observer_;
        runner = runner_;
    }
    if (observer) observer(batch.size(), elapsed);
    if (!runner) {
        for (auto& job : batch)
            job.complete(batch_error ? &*batch_error : nullptr);
        return;
    }
    auto jobs = std::make_shared<std::deque<Job>>(std::move(batch));
    runner([jobs, batch_error = std::move(batch_error)] {
        for (auto& job : *jobs)
            job.complete(batch_error ? &*batch_error : nullptr);
    });
}

}  // namespace aduan::storage
