// Reading aduan.json (spec section 10). Every key is checked; a problem is reported with the
// key's path ("limits.body_limit: must be a whole number from 1024 to 1073741824").
// Keys left out keep the built-in defaults (app/config.cpp).
#pragma once

#include <string>
#include <string_view>

#include "app/config.hpp"
#include "common/error.hpp"

namespace aduan::wire {

Result<Config> parse_config(std::string_view text);
Result<Config> load_config_file(const std::string& path);

}  // namespace aduan::wire
