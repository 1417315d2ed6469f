// JSON string escaping (RFC 8259), shared by the log writer and the response writer: quotes,
// backslashes and control characters escaped; UTF-8 passed through.
#pragma once

#include <string>
#include <string_view>

namespace aduan {

// Appends `s` to `out` escaped, without the surrounding quotes.
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace aduan
