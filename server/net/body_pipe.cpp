#include "net/body_pipe.hpp"

namespace aduan::net {

std::pair<std::unique_ptr<BodyPipe::Writer>, std::shared_ptr<BodyPipe::Reader>> BodyPipe::make(
    std::size_t max_pieces) {
    std::shared_ptr<BodyPipe> pipe(new BodyPipe(max_pieces < 1 ? 1 : max_pieces));
    return {std::make_unique<Writer>(pipe), std::make_shared<Reader>(pipe)};
}

void BodyPipe::wake_reader(std::unique_lock<std::mutex>& lock) {
    if (!reader_waiting_ || !notify_) return;
    reader_waiting_ = false;
    auto notify = notify_;
    lock.unlock();
    notify();
}

BodyPipe::Writer::~Writer() {
    if (finished_) return;
    std::unique_lock lock(pipe_->mu_);
    pipe_->failed_ = true;
    pipe_->wake_reader(lock);
}

bool BodyPipe::Writer::push(std::string piece) {
    std::unique_lock lock(pipe_->mu_);
    pipe_->space_.wait(
        lock, [&] { return pipe_->cancelled_ || pipe_->pieces_.size() < pipe_->max_pieces_; });
    if (pipe_->cancelled_) return false;
    pipe_->pieces_.push_back(std::move(piece));
    pipe_->wake_reader(lock);
    return true;
}

void BodyPipe::Writer::finish() {
    finished_ = true;
    std::unique_lock lock(pipe_->mu_);
    pipe_->done_ = true;
    pipe_->wake_reader(lock);
}

BodyPipe::Reader::~Reader() {
    std::lock_guard lock(pipe_->mu_);
    pipe_->cancelled_ = true;
    pipe_->notify_ = nullptr;
    pipe_->space_.notify_all();
}

BodyPipe::Reader::Next BodyPipe::Reader::pop(std::string& out) {
    std::lock_guard lock(pipe_->mu_);
    if (!pipe_->pieces_.empty()) {
        out = std::move(pipe_->pieces_.front());
        pipe_->pieces_.pop_front();
        pipe_->space_.notify_one();
        return Next::kPiece;
    }
    if (pipe_->failed_) return Next::kFailed;
    if (pipe_->done_) return Next::kDone;
    pipe_->reader_waiting_ = true;
    return Next::kWait;
}

void BodyPipe::Reader::set_notify(std::function<void()> notify) {
    std::lock_guard lock(pipe_->mu_);
    pipe_->notify_ = std::move(notify);
}

}  // namespace aduan::net
