// Test harness: a temporary directory, and the real `aduan serve` binary started in it on
// 127.0.0.1:0. The constructor returns once the binary has printed "listening on ...".
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace aduan::test {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

// Writes `text` to `path`.
void write_file(const std::string& path, const std::string& text);

class ServerProcess {
  public:
    // Starts `aduan serve --listen 127.0.0.1:0 --db DB [args...]`; throws if it does not
    // print its address within 30 s. `descriptor_limit`, when not 0, is the process's
    // RLIMIT_NOFILE (soft and hard).
    ServerProcess(const std::string& db, std::vector<std::string> args = {},
                  unsigned descriptor_limit = 0);
    ~ServerProcess();  // kills the process if it still runs

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    // SIGTERM, then waits for the exit status (the exit code, or 128+signal).
    int terminate();
    // SIGKILL, then reaps.
    void kill9();
    // Waits for the process to end by itself; returns its status as terminate() does.
    int wait();
    // What the process wrote to stderr so far.
    std::string log() const;
    // What the process wrote to stdout so far.
    std::string output() const;

  private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::string stderr_path_, stdout_path_;
};

// The aduan binary under test.
std::string aduan_binary();

// Runs the aduan binary with `args` to completion; returns the exit code and output.
struct RunResult {
    int code = -1;
    std::string out, err;
};
RunResult run_aduan(const std::vector<std::string>& args, const std::string& stdin_text = "");
// Runs a program (command[0], a path) with arguments to completion.
RunResult run_command(const std::vector<std::string>& command, const std::string& stdin_text = "");

// Creates an API token for `role` in the database with `aduan token create`; returns it.
std::string create_token(const std::string& db, const std::string& role);

}  // namespace aduan::test
