#include "common/error.hpp"

namespace aduan {

std::string_view code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::kBadRequest:
            return "bad_request";
        case ErrorCode::kValidation:
            return "validation_failed";
        case ErrorCode::kUnauthorized:
            return "unauthorized";
        case ErrorCode::kForbidden:
            return "forbidden";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kMethodNotAllowed:
            return "method_not_allowed";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kPayloadTooLarge:
            return "payload_too_large";
        case ErrorCode::kUnsupportedMedia:
            return "unsupported_media_type";
        case ErrorCode::kTooManyRequests:
            return "too_many_requests";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal_error";
    }
    return "internal_error";
}

Error Error::validation(std::vector<FieldError> details) {
    Error e{ErrorCode::kValidation, {}, std::move(details)};
    if (e.details.empty()) {
        e.message = "invalid input";
    } else {
        e.message = e.details.front().field + ": " + e.details.front().message;
        if (e.details.size() > 1)
            e.message += " (and " + std::to_string(e.details.size() - 1) + " more)";
    }
    return e;
}

}  // namespace aduan
