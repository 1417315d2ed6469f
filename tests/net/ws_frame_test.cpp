// WebSocket framing (RFC 6455 section 5): server frames byte for byte, and the parser of
// client frames: masking, lengths, fragmentation, control frames, and what it refuses.
#include <catch2/catch.hpp>

#include "net/ws_frame.hpp"

using namespace aduan::net::ws;

namespace {

// A client frame: masked with a fixed key.
std::string client_frame(std::uint8_t first, std::string_view payload) {
    const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
    std::string out;
    out.push_back(static_cast<char>(first));
    const auto n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<char>(0x80 | n));
    } else {
        out.push_back(static_cast<char>(0x80 | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    }
    out.append(reinterpret_cast<const char*>(key), 4);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
    return out;
}

}  // namespace

TEST_CASE("server frames are unmasked, FIN set, with the shortest length encoding") {
    CHECK(text_frame("Hello") == std::string("\x81\x05Hello", 7));
    const auto medium = text_frame(std::string(300, 'a'));
    CHECK(medium.substr(0, 4) == std::string("\x81\x7e\x01\x2c", 4));
    CHECK(medium.size() == 304);
    const auto large = text_frame(std::string(70000, 'a'));
    CHECK(large.substr(0, 10) == std::string("\x81\x7f\x00\x00\x00\x00\x00\x01\x11\x70", 10));
    CHECK(close_frame(1013, "behind") == std::string("\x88\x08\x03\xf5"
                                                     "behind",
                                                     10));
    CHECK(encode(Opcode::kPing, "") == std::string("\x89\x00", 2));
}

TEST_CASE("the parser unmasks messages, byte by byte or many at once") {
    Parser p(4096);
    const auto bytes = client_frame(0x81, "{\"type\":\"auth\"}") + client_frame(0x89, "hi");
    for (char c : bytes.substr(0, bytes.size() - 1)) {
        p.feed(std::string_view(&c, 1));
        if (auto m = p.next()) {
            CHECK(m->opcode == Opcode::kText);
            CHECK(m->payload == "{\"type\":\"auth\"}");
        }
    }
    CHECK_FALSE(p.next());
    p.feed(bytes.substr(bytes.size() - 1));
    auto ping = p.next();
    REQUIRE(ping);
    CHECK(ping->opcode == Opcode::kPing);
    CHECK(ping->payload == "hi");
    CHECK(p.error() == 0);
}

TEST_CASE("the parser joins fragments, with control frames between them") {
    Parser p(4096);
    p.feed(client_frame(0x01, "Hal") + client_frame(0x8A, "") + client_frame(0x80, "o"));
    auto pong = p.next();
    REQUIRE(pong);
    CHECK(pong->opcode == Opcode::kPong);
    auto m = p.next();
    REQUIRE(m);
    CHECK(m->opcode == Opcode::kText);
    CHECK(m->payload == "Halo");
    const auto medium = std::string(200, 'x');
    p.feed(client_frame(0x81, medium));
    CHECK(p.next()->payload == medium);
}

TEST_CASE("the parser refuses what the protocol forbids, with the close code to send") {
    SECTION("an unmasked frame") {
        Parser p(4096);
        p.feed(std::string("\x81\x02hi", 4));
        CHECK_FALSE(p.next());
        CHECK(p.error() == 1002);
    }
    SECTION("a message over the limit, also when fragmented") {
        Parser p(10);
        p.feed(client_frame(0x01, "123456") + client_frame(0x80, "789012"));
        CHECK_FALSE(p.next());
        CHECK(p.error() == 1009);
    }
    SECTION("reserved bits, a fragmented control frame, an unknown opcode, a stray continuation") {
        for (std::uint8_t first : {0xC1, 0x09, 0x83, 0x80}) {
            Parser p(4096);
            p.feed(client_frame(first, "x"));
            CHECK_FALSE(p.next());
            CHECK(p.error() == 1002);
        }
    }
}
