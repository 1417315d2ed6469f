// WebSocket framing (RFC 6455, section 5) for the live feed's sessions, after Beast has done
// the opening handshake. Why not Beast's stream for the frames too: a server's frames are
// unmasked, so one encoded frame is the same bytes for every client; the feed encodes each
// snapshot and event once and every session writes those shared bytes, several frames in one
// gather write when it is behind. Beast frames each message per client and writes one
// message per call, which at 5,000 clients cost the fan-out its latency budget
// (docs/performance.md).
//
// The parser reads what clients send: masked frames, text messages (fragmented or not) up to
// a size limit, ping, pong and close. No extensions are negotiated, so RSV bits must be 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aduan::net::ws {

enum class Opcode : std::uint8_t {
    kContinuation = 0x0,
    kText = 0x1,
    kBinary = 0x2,
    kClose = 0x8,
    kPing = 0x9,
    kPong = 0xA
};

// One complete, unmasked server frame.
std::string encode(Opcode op, std::string_view payload);
inline std::string text_frame(std::string_view payload) {
    return encode(Opcode::kText, payload);
}
std::string close_frame(std::uint16_t code, std::string_view reason);

// What the client sent: a whole message or a control frame.
struct Message {
    Opcode opcode = Opcode::kText;  // kText, kBinary, kClose, kPing or kPong
    std::string payload;            // unmasked; for kClose the code (2 bytes) and reason
};

class Parser {
  public:
    explicit Parser(std::size_t max_message) : max_message_(max_message) {}

    // Appends received bytes.
    void feed(std::string_view bytes) { buffer_.append(bytes); }
    // The next complete message, if the bytes so far hold one. After an error (error() is
    // set) it returns nothing more.
    std::optional<Message> next();
    // A protocol violation: the close code to answer with (1002 protocol error, 1009 too
    // big) and why; 0 if none.
    std::uint16_t error() const { return error_; }
    const std::string& error_reason() const { return reason_; }

  private:
    std::optional<Message> fail(std::uint16_t code, std::string reason);

    std::size_t max_message_;
    std::string buffer_;
    std::string partial_;  // a fragmented message's data so far
    std::optional<Opcode> partial_opcode_;
    std::uint16_t error_ = 0;
    std::string reason_;
};

}  // namespace aduan::net::ws
