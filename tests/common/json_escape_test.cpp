#include "common/json_escape.hpp"

#include <catch2/catch.hpp>

using namespace aduan;

namespace {

std::string escaped(std::string_view s) {
    std::string out = "<";
    append_json_escaped(out, s);
    return out;
}

}  // namespace

TEST_CASE("JSON escaping leaves plain text and UTF-8 as it is") {
    CHECK(escaped("") == "<");
    CHECK(escaped("Insentif belum masuk #12") == "<Insentif belum masuk #12");
    CHECK(escaped("Сертификат 证书 🎓") == "<Сертификат 证书 🎓");
}

TEST_CASE("JSON escaping escapes quotes, backslashes and control characters wherever they are") {
    CHECK(escaped("\"") == "<\\\"");
    CHECK(escaped("a\"b\\c") == "<a\\\"b\\\\c");
    CHECK(escaped("\\end\\") == "<\\\\end\\\\");
    CHECK(escaped("line1\nline2\r\n\ttab") == "<line1\\nline2\\r\\n\\ttab");
    CHECK(escaped("\b\f") == "<\\b\\f");
    CHECK(escaped(std::string_view("nul\0x\x1f\x7f", 7)) == "<nul\\u0000x\\u001f\x7f");
}
