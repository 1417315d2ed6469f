// A response body that is written while it is sent (exports): a producer thread pushes pieces,
// the connection sends them with the chunked transfer coding as they come. At most
// `max_pieces` wait unsent — the producer blocks while they do — so an export of any size holds
// a bounded amount of memory, and its first bytes leave before its last row is read.
//
// The two ends are separate objects: dropping the reader (the connection went away) cancels
// the pipe, so the producer's next push returns false and it stops; dropping the writer
// without finish() marks the body failed, so the connection ends without the last chunk and
// the client can tell the download is incomplete.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace aduan::net {

class BodyPipe {
  public:
    class Writer;
    class Reader;
    static std::pair<std::unique_ptr<Writer>, std::shared_ptr<Reader>> make(std::size_t max_pieces);

    class Writer {
      public:
        explicit Writer(std::shared_ptr<BodyPipe> pipe) : pipe_(std::move(pipe)) {}
        ~Writer();
        Writer(const Writer&) = delete;
        Writer& operator=(const Writer&) = delete;
        // Queues a piece, waiting while the queue is full; false once the reader is gone.
        bool push(std::string piece);
        // The body is complete.
        void finish();

      private:
        std::shared_ptr<BodyPipe> pipe_;
        bool finished_ = false;
    };

    class Reader {
      public:
        explicit Reader(std::shared_ptr<BodyPipe> pipe) : pipe_(std::move(pipe)) {}
        ~Reader();
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;

        enum class Next { kPiece, kWait, kDone, kFailed };
        // Takes the next piece into `out`. kWait: nothing yet; `notify` (set_notify) is called
        // once there is (from the producer's thread).
        Next pop(std::string& out);
        void set_notify(std::function<void()> notify);

      private:
        std::shared_ptr<BodyPipe> pipe_;
    };

  private:
    explicit BodyPipe(std::size_t max_pieces) : max_pieces_(max_pieces) {}
    void wake_reader(std::unique_lock<std::mutex>& lock);

    const std::size_t max_pieces_;
    std::mutex mu_;
    std::condition_variable space_;
    std::deque<std::string> pieces_;
    std::function<void()> notify_;
    bool reader_waiting_ = false;
    bool done_ = false, failed_ = false, cancelled_ = false;
};

}  // namespace aduan::net
