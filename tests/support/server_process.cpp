#include "support/server_process.hpp"

#include <sys/resource.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace aduan::test {

namespace {

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// In a forked child: becomes the process `argv` names; exits 127 if it cannot.
[[noreturn]] void exec_aduan(std::vector<std::string> argv_s) {
    std::vector<char*> argv;
    for (auto& a : argv_s)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::string aduan_binary() {
    return ADUAN_BINARY;
}

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "aduan-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

ServerProcess::ServerProcess(const std::string& db, std::vector<std::string> args,
                             unsigned descriptor_limit) {
    const auto unique = std::to_string(::getpid()) + "." +
                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    stderr_path_ = db + ".stderr." + unique;
    stdout_path_ = db + ".stdout." + unique;
    std::vector<std::string> argv_s{aduan_binary(), "serve", "--listen", "127.0.0.1:0", "--db", db};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
        const int out = open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0) dup2(out, 1);
        const int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (err >= 0) dup2(err, 2);
        if (descriptor_limit > 0) {
            const rlimit r{descriptor_limit, descriptor_limit};
            setrlimit(RLIMIT_NOFILE, &r);
        }
        exec_aduan(argv_s);
    }
    // Wait for "listening on http://127.0.0.1:PORT\n" (or for the process to end).
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
        text = output();
        if (text.find('\n') != std::string::npos) break;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {  // it ended: nothing to kill later
            pid_ = -1;
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto pos = text.find("listening on http://127.0.0.1:");
    if (pos == std::string::npos) {
        kill9();
        throw std::runtime_error("aduan serve did not start: " + text + log());
    }
    port_ = std::uint16_t(std::stoi(text.substr(pos + 30)));
}

std::string ServerProcess::output() const {
    return read_file(stdout_path_);
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) kill9();
    std::remove(stderr_path_.c_str());
    std::remove(stdout_path_.c_str());
}

int ServerProcess::terminate() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    return wait();
}

void ServerProcess::kill9() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    wait();
}

int ServerProcess::wait() {
    if (pid_ <= 0) return -1;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return decode_status(status);
}

std::string ServerProcess::log() const {
    return read_file(stderr_path_);
}

RunResult run_aduan(const std::vector<std::string>& args, const std::string& stdin_text) {
    std::vector<std::string> command{aduan_binary()};
    command.insert(command.end(), args.begin(), args.end());
    return run_command(command, stdin_text);
}

RunResult run_command(const std::vector<std::string>& command, const std::string& stdin_text) {
    TempDir dir;
    const auto in = dir.file("stdin"), out = dir.file("stdout"), err = dir.file("stderr");
    write_file(in, stdin_text);
    const pid_t pid = fork();
    if (pid == 0) {
        const int fi = open(in.c_str(), O_RDONLY);
        const int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        exec_aduan(command);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return {decode_status(status), read_file(out), read_file(err)};
}

std::string create_token(const std::string& db, const std::string& role) {
    static int counter = 0;
    auto r = run_aduan({"token", "create", "--role", role, "--name",
                        "test-" + role + "-" + std::to_string(++counter), "--db", db});
    if (r.code != 0) throw std::runtime_error("aduan token create failed: " + r.err);
    auto out = r.out;
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out.substr(out.rfind('\n') + 1);
}

}  // namespace aduan::test
