// The JSON form of a calendar (spec 3.1) read into a CalendarSpec, with the shape checked
// here and the meaning (times, dates, zone, overlaps) checked by sla::Calendar::compile.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "common/error.hpp"
#include "sla/calendar.hpp"

namespace aduan::wire {

// `prefix` is put before field names in errors ("calendars.office.").
Result<sla::CalendarSpec> parse_calendar_spec(const nlohmann::json& j,
                                              const std::string& prefix = "");

// Parses and compiles; errors carry the prefix too.
Result<sla::Calendar> parse_calendar(const nlohmann::json& j, const std::string& prefix = "");

// Reads a calendar file: kValidation errors for unreadable files, bad JSON or bad calendars.
Result<sla::Calendar> load_calendar_file(const std::string& path);

}  // namespace aduan::wire
