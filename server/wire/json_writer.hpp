// Writes JSON text straight into a string, without building a document first: the hot
// responses (tickets, lists of tickets) are rendered with it. Commas are placed for you;
// strings are escaped per RFC 8259 and must be valid UTF-8 (everything we store came in
// through a parser that checked it). The caller keeps the calls balanced.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aduan::wire {

class JsonWriter {
  public:
    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }

    // The key of the next member; follow it with one value.
    JsonWriter& key(std::string_view k);

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(std::int64_t n);
    JsonWriter& value(int n) { return value(std::int64_t{n}); }
    JsonWriter& value(bool b);
    JsonWriter& null();
    template <typename T>
    JsonWriter& value(const std::optional<T>& v) {
        return v ? value(*v) : null();
    }
    // Text that is already JSON.
    JsonWriter& raw(std::string_view json);

    template <typename T>
    JsonWriter& member(std::string_view k, const T& v) {
        key(k);
        return value(v);
    }

    std::string take() { return std::move(out_); }
    const std::string& str() const { return out_; }

  private:
    JsonWriter& open(char c);
    JsonWriter& close(char c);
    void separate();

    std::string out_;
    std::vector<bool> first_{true};  // per open container: no member written yet
    bool after_key_ = false;
};

}  // namespace aduan::wire
