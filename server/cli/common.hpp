// What the subcommands share beyond argument parsing: one-line error messages, and the
// configuration (--config FILE, else the built-in one; --db FILE overrides its database).
#pragma once

#include <string>

#include "app/config.hpp"
#include "cli/args.hpp"
#include "common/error.hpp"

namespace aduan::cli {

// The error's message and every further detail, on one line.
std::string describe(const Error& e);

// Throws UsageError (exit 2) naming the file and the problem.
Config load_config(const Args& args);

}  // namespace aduan::cli
