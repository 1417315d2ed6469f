#include "app/export_jobs.hpp"

#include <algorithm>
#include <exception>

#include "app/report.hpp"
#include "runtime/log.hpp"
#include "runtime/thread_name.hpp"

namespace aduan {

ExportJobs::~ExportJobs() {
    std::unique_lock lock(mu_);
    idle_.wait(lock, [&] { return running_ == 0; });
    auto threads = std::move(threads_);
    lock.unlock();
    for (auto& t : threads)
        t.join();
}

void ExportJobs::reap(std::unique_lock<std::mutex>& lock) {
    // Joins the threads that have finished (their join returns at once).
    std::vector<std::thread> done;
    for (auto it = threads_.begin(); it != threads_.end();) {
        if (std::find(finished_.begin(), finished_.end(), it->get_id()) != finished_.end()) {
            done.push_back(std::move(*it));
            it = threads_.erase(it);
        } else {
            ++it;
        }
    }
    finished_.clear();
    lock.unlock();
    for (auto& t : done)
        t.join();
    lock.lock();
}

bool ExportJobs::try_start(std::function<void()> job, std::function<void()> then) {
    std::unique_lock lock(mu_);
    reap(lock);
    if (running_ >= max_running_) return false;
    ++running_;
    threads_.emplace_back([this, job = std::move(job), then = std::move(then)] {
        name_this_thread("export");
        bool ok = true;
        try {
            job();
        } catch (const std::exception& e) {
            ok = false;
            log::error("export.failed", {{"error", e.what()}});
        }
        {
            std::lock_guard lock(mu_);
            --running_;
            idle_.notify_all();
        }
        if (ok && then) then();
        std::lock_guard lock(mu_);
        finished_.push_back(std::this_thread::get_id());
    });
    return true;
}

bool ExportJobs::try_read(const std::string& db, std::function<bool(storage::Connection&)> read,
                          std::function<void()> finished) {
    auto done = std::make_shared<bool>(false);
    return try_start(
        [db, read = std::move(read), done] {
            storage::Connection c(db, storage::Connection::Mode::kReadOnly);
            report::in_read_transaction(c, [&] { *done = read(c); });
        },
        [done, finished = std::move(finished)] {
            if (*done) finished();
        });
}

std::size_t ExportJobs::running() const {
    std::lock_guard lock(mu_);
    return running_;
}

}  // namespace aduan
