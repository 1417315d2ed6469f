#include "net/ws_frame.hpp"

namespace aduan::net::ws {

std::string encode(Opcode op, std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 10);
    out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(op)));  // FIN
    const std::uint64_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<char>(n));
    } else if (n <= 0xFFFF) {
        out.push_back(static_cast<char>(126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    } else {
        out.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(static_cast<char>((n >> shift) & 0xFF));
    }
    out.append(payload);
    return out;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason.substr(0, 123));  // control payloads are at most 125 bytes
    return encode(Opcode::kClose, payload);
}

std::optional<Message> Parser::fail(std::uint16_t code, std::string reason) {
    error_ = code;
    reason_ = std::move(reason);
    buffer_.clear();
    return std::nullopt;
}

std::optional<Message> Parser::next() {
    while (!error_) {
        if (buffer_.size() < 2) return std::nullopt;
        const auto* b = reinterpret_cast<const unsigned char*>(buffer_.data());
        const bool fin = b[0] & 0x80;
        if (b[0] & 0x70) return fail(1002, "reserved bits set");
        const auto op = static_cast<Opcode>(b[0] & 0x0F);
        const bool masked = b[1] & 0x80;
        if (!masked) return fail(1002, "client frames must be masked");
        std::uint64_t len = b[1] & 0x7F;
        std::size_t pos = 2;
        if (len == 126) {
            if (buffer_.size() < 4) return std::nullopt;
            len = (std::uint64_t(b[2]) << 8) | b[3];
            pos = 4;
        } else if (len == 127) {
            if (buffer_.size() < 10) return std::nullopt;
            len = 0;
            for (int i = 0; i < 8; ++i)
                len = (len << 8) | b[2 + i];
            pos = 10;
        }
        const bool control = static_cast<std::uint8_t>(op) & 0x8;
        if (control && (!fin || len > 125)) return fail(1002, "malformed control frame");
        if (!control && partial_.size() + len > max_message_) return fail(1009, "message too big");
        if (op != Opcode::kContinuation && op != Opcode::kText && op != Opcode::kBinary &&
            op != Opcode::kClose && op != Opcode::kPing && op != Opcode::kPong)
            return fail(1002, "unknown opcode");
        if (buffer_.size() < pos + 4 + len) return std::nullopt;
        const unsigned char* mask = b + pos;
        std::string payload(buffer_, pos + 4, static_cast<std::size_t>(len));
        for (std::size_t i = 0; i < payload.size(); ++i)
            payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
        buffer_.erase(0, pos + 4 + static_cast<std::size_t>(len));

        if (control) return Message{op, std::move(payload)};
        if (op == Opcode::kContinuation) {
            if (!partial_opcode_) return fail(1002, "continuation without a message");
        } else {
            if (partial_opcode_) return fail(1002, "new message inside a fragmented one");
            partial_opcode_ = op;
        }
        partial_ += payload;
        if (!fin) continue;
        Message m{*partial_opcode_, std::move(partial_)};
        partial_.clear();
        partial_opcode_.reset();
        return m;
    }
    return std::nullopt;
}

}  // namespace aduan::net::ws
