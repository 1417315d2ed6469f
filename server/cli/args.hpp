// Command-line parsing shared by the subcommands: "--name value" options and flags. A bad
// argument is a UsageError (exit 2, one line); a failure is a RuntimeError (exit 1).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace aduan::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
  public:
    // Reads argv[first..] accepting the given options (which take a value) and flags.
    Args(int argc, char** argv, int first, const std::set<std::string>& options,
         const std::set<std::string>& flags) {
        for (int i = first; i < argc; ++i) {
            std::string a = argv[i];
            if (options.count(a)) {
                if (i + 1 >= argc) throw UsageError(a + " needs a value");
                if (values_.count(a)) throw UsageError(a + " is given more than once");
                values_[a] = argv[++i];
            } else if (flags.count(a)) {
                flags_.insert(a);
            } else if (a.rfind("--", 0) == 0) {
                throw UsageError("unknown option " + a);
            } else {
                positional_.push_back(a);
            }
        }
    }
    std::optional<std::string> get(const std::string& name) const {
        auto it = values_.find(name);
        if (it == values_.end()) return std::nullopt;
        return it->second;
    }
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    const std::vector<std::string>& positional() const { return positional_; }

  private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

int serve(int argc, char** argv);
int sla_command(int argc, char** argv);
int access_command(int argc, char** argv);  // user ..., token ...
int import_command(int argc, char** argv);
int report_command(int argc, char** argv);  // report sla|breaches
int simulate_command(int argc, char** argv);

}  // namespace aduan::cli
