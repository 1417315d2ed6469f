// Expected failures as values. An Error carries a stable machine code (mapped to an HTTP
// status in one place, net/router.cpp), a short message that is safe to show a client, and
// per-field details for validation failures. Result<T> is either a T or an Error.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace aduan {

enum class ErrorCode {
    kBadRequest,        // malformed input (not JSON, bad query syntax)
    kValidation,        // well-formed but invalid input
    kUnauthorized,      // no or bad credentials
    kForbidden,         // role does not allow it
    kNotFound,          // no such resource
    kMethodNotAllowed,  // path exists, method does not
    kConflict,          // refused by the current state (e.g. an invalid transition)
    kPayloadTooLarge,   // body over the limit
    kUnsupportedMedia,  // body that is not JSON
    kTooManyRequests,   // rate limited
    kUnavailable,       // overloaded or storage unavailable; retry later
    kInternal,          // a bug or an unexpected failure
};

// The code as it appears on the wire ("validation_failed", ...).
std::string_view code_name(ErrorCode code);

struct FieldError {
    std::string field;
    std::string message;
    bool operator==(const FieldError&) const = default;
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::vector<FieldError> details;
    int retry_after = 0;  // seconds, for kTooManyRequests and kUnavailable (0: the default)

    // A validation error from its field errors; the message names the first field.
    static Error validation(std::vector<FieldError> details);
    static Error not_found(std::string what) { return {ErrorCode::kNotFound, std::move(what), {}}; }
    static Error conflict(std::string what) { return {ErrorCode::kConflict, std::move(what), {}}; }
    static Error bad_request(std::string what) {
        return {ErrorCode::kBadRequest, std::move(what), {}};
    }
    static Error unavailable(std::string what) {
        return {ErrorCode::kUnavailable, std::move(what), {}};
    }
    static Error internal(std::string what) { return {ErrorCode::kInternal, std::move(what), {}}; }
};

// Either a value or an Error. Check ok() before value().
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const Error& error() const { return std::get<1>(v_); }
    Error&& take_error() { return std::get<1>(std::move(v_)); }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};

}  // namespace aduan
